// The console: `vite build web` writes web/dist, which the API server serves at `/`.
// In development (`npx vite web`) API calls go to the server on port 3000.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// Libraries in long-lived chunks of their own, so a change to the console's code does not
// make browsers fetch them again. Charts load only with the pages that draw them.
const vendorGroups = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 40 },
  { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/, priority: 30 },
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/, priority: 20 },
  { name: 'vendor', test: /node_modules[\\/](?!echarts|zrender)/, priority: 10 },
];

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  // every file also as .br and .gz beside it, compressed once here: the server sends the variant the
  // browser accepts (@fastify/static preCompressed) and spends no CPU compressing per request
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
