// Providers (Ant Design locale, TanStack Query) and the routes built from modules.tsx.
import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, setUnauthenticatedHandler } from './api';
import { meKey, RequireAuth, signInPath, useCan } from './auth';
import { allPages, type ConsolePage } from './modules';
import { AppLayout } from './layout/AppLayout';
import { ErrorPage, ForbiddenPage, NotFoundPage } from './layout/ResultPages';
import SignInPage from './pages/auth/SignInPage';
import HomePage from './pages/HomePage';
import { consoleTheme } from './theme';
import { portalRoutes } from './portal/routes';

const queryClient = new QueryClient({
  // The caller's mistakes (4xx) are not retried; a server or network failure is, twice.
  defaultOptions: { queries: { retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500), refetchOnWindowFocus: false } },
});

function GuardedPage({ page }: { page: ConsolePage }) {
  const can = useCan();
  if (!can(page.permission)) return <ForbiddenPage />;
  const Page = page.component; // lazy: AppLayout's Suspense shows a spinner while it loads
  return <Page />;
}

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <ErrorPage /> },
  // the members' portal (会员自助): its own route tree, frame and sign-in, outside the console's
  ...portalRoutes.map((r) => ({ ...r, errorElement: <ErrorPage /> })),
  {
    path: '/',
    element: <RequireAuth><AppLayout /></RequireAuth>,
    errorElement: <ErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      ...allPages.map((p) => ({ path: p.path.slice(1), element: <GuardedPage page={p} /> })),
      { path: 'home', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// A request found the session gone: forget the user and ask them to sign in again.
setUnauthenticatedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === '/sign-in' || pathname.startsWith('/portal')) return;
  queryClient.removeQueries({ queryKey: meKey });
  void router.navigate(signInPath(pathname + search), { replace: true });
});

export function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={consoleTheme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
