// The members' portal's route tree (/portal/*), apart from the console's: its own frame, its own
// sign-in, no staff menu. Loaded on demand: the console's users never download it, nor members the console.
import { lazy, Suspense, type ComponentType } from 'react';
import { Spin } from 'antd';
import type { RouteObject } from 'react-router';

const Shell = lazy(() => import('./Shell'));
const SignIn = lazy(() => import('./SignIn'));
const page = (name: 'PortalHome' | 'PortalPoints' | 'PortalRedeem' | 'PortalRedemptions' | 'PortalMyData') =>
  lazy(() => import('./pages').then((m) => ({ default: m[name] })));
const Home = page('PortalHome');
const Points = page('PortalPoints');
const Redeem = page('PortalRedeem');
const Redemptions = page('PortalRedemptions');
const MyData = page('PortalMyData');

const load = (C: ComponentType) => <Suspense fallback={<div style={{ textAlign: 'center', padding: 48 }}><Spin /></div>}><C /></Suspense>;

export const portalRoutes: RouteObject[] = [
  { path: '/portal/sign-in', element: load(SignIn) },
  {
    path: '/portal',
    element: load(Shell),
    children: [
      { index: true, element: load(Home) },
      { path: 'points', element: load(Points) },
      { path: 'redeem', element: load(Redeem) },
      { path: 'redemptions', element: load(Redemptions) },
      { path: 'my-data', element: load(MyData) },
      { path: '*', element: load(Home) },
    ],
  },
];
