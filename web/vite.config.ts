// The console: `vite build web` writes web/dist, which the API server serves at `/`.
// In development (`npx vite web`) API calls go to the server on port 3000.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Libraries in long-lived chunks of their own, so a change to the console's code does not
// make browsers fetch them again. Charts load only with the pages that draw them.
const vendorGroups = [
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/ },
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
  { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/ },
  { name: 'vendor', test: /node_modules[\\/](?!echarts|zrender)/ },
];

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
