// Who is signed in, and what they may do: /api/v1/auth/me, cached for the whole console.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { api, ApiError } from './api';
import type { Me } from './pages/auth/types';
import { setCompanyTimeZone } from './components/format';

export const meKey = ['/auth/me'];

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: async () => {
    const me = await api.get<Me>('/auth/me');
    setCompanyTimeZone(me.timeZone); // every date the console shows or defaults to follows it
    return me;
  }, retry: false, staleTime: 5 * 60_000 });
}

/** `can(permission)`: true when the signed-in user holds it (or no permission is needed). */
export function useCan() {
  const { data } = useMe();
  return (permission?: string) => !permission || (!!data && (data.permissions.includes(permission) || data.permissions.includes('*')));
}

export function signInPath(next: string) {
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

/** Renders its children only for a signed-in user; others go to the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  if (me.error) throw me.error;
  return children;
}
