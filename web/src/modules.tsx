// The console's pages, grouped per module, in menu order. A module adds one entry here and
// its pages under web/src/pages/<module>/; the side menu and the routes are built from this
// list, and a page shows only to users holding its permission.
// Business modules (customers, members, applications, cards, points, activities, care,
// complaints, merchants, reports) go above the administration modules.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { AuditOutlined, BookOutlined, IdcardOutlined, MessageOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';

export interface ConsolePage {
  /** absolute route path, e.g. /accounts/users */
  path: string;
  /** i18n key of the menu entry and the page title */
  title: string;
  /** permission the page needs (see src/modules/auth/permissions.ts) */
  permission?: string;
  /** routed but not in the menu (a record's own page, e.g. /customers/:id) */
  hidden?: boolean;
  component: LazyExoticComponent<ComponentType>;
}

export interface ConsoleModule {
  key: string;
  /** i18n key of the menu group (a module with one page shows that page's title instead) */
  title: string;
  icon: ReactNode;
  pages: ConsolePage[];
}

export const modules: ConsoleModule[] = [
  {
    key: 'customers',
    title: 'customers.menu.group',
    icon: <IdcardOutlined />,
    pages: [
      { path: '/customers', title: 'customers.menu.list', permission: 'customer.read', component: lazy(() => import('./pages/customers/CustomersPage')) },
      { path: '/customers/purchases', title: 'customers.menu.purchases', permission: 'customer.read', component: lazy(() => import('./pages/customers/PurchasesPage')) },
      { path: '/customers/import', title: 'customers.menu.import', permission: 'customer.import', component: lazy(() => import('./pages/customers/ImportPage')) },
      { path: '/customers/:id', title: 'customers.menu.detail', permission: 'customer.read', hidden: true, component: lazy(() => import('./pages/customers/CustomerPage')) },
    ],
  },
  {
    key: 'complaints',
    title: 'complaints.menu.group',
    icon: <MessageOutlined />,
    pages: [
      { path: '/complaints', title: 'complaints.menu.list', permission: 'complaint.manage', component: lazy(() => import('./pages/complaints/ComplaintsPage')) },
      { path: '/complaints/overdue', title: 'complaints.menu.overdue', permission: 'complaint.manage', component: lazy(() => import('./pages/complaints/OverduePage')) },
      { path: '/complaints/statistics', title: 'complaints.menu.statistics', permission: 'complaint.manage', component: lazy(() => import('./pages/complaints/StatisticsPage')) },
    ],
  },
  {
    key: 'merchants',
    title: 'merchants.menu.group',
    icon: <ShopOutlined />,
    pages: [
      { path: '/merchants', title: 'merchants.menu.list', permission: 'merchant.manage', component: lazy(() => import('./pages/merchants/MerchantsPage')) },
      { path: '/merchants/services', title: 'merchants.menu.services', permission: 'merchant.manage', component: lazy(() => import('./pages/merchants/ServicesPage')) },
    ],
  },
  {
    key: 'accounts',
    title: 'menu.accounts',
    icon: <TeamOutlined />,
    pages: [
      { path: '/accounts/users', title: 'menu.users', permission: 'user.manage', component: lazy(() => import('./pages/auth/UsersPage')) },
      { path: '/accounts/roles', title: 'menu.roles', permission: 'role.manage', component: lazy(() => import('./pages/auth/RolesPage')) },
      { path: '/accounts/api-tokens', title: 'menu.apiTokens', permission: 'token.manage', component: lazy(() => import('./pages/auth/ApiTokensPage')) },
    ],
  },
  {
    key: 'dictionaries',
    title: 'menu.dictionaries',
    icon: <BookOutlined />,
    pages: [
      { path: '/dictionaries', title: 'menu.dictionaries', permission: 'dictionary.manage', component: lazy(() => import('./pages/dictionaries/DictionariesPage')) },
    ],
  },
  {
    key: 'audit',
    title: 'menu.audit',
    icon: <AuditOutlined />,
    pages: [
      { path: '/audit', title: 'menu.audit', permission: 'audit.read', component: lazy(() => import('./pages/audit/AuditLogPage')) },
    ],
  },
];

export const allPages: (ConsolePage & { module: ConsoleModule })[] = modules.flatMap((m) => m.pages.map((p) => ({ ...p, module: m })));

/** The page a location belongs to (longest matching path). */
export function pageFor(pathname: string) {
  return allPages
    .filter((p) => new RegExp(`^${p.path.replace(/:[^/]+/g, '[^/]+')}(/|$)`).test(pathname)) // :id matches one segment
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Modules with only the pages the user may open; modules left empty are dropped. */
export function visibleModules(can: (permission?: string) => boolean): ConsoleModule[] {
  return modules.map((m) => ({ ...m, pages: m.pages.filter((p) => !p.hidden && can(p.permission)) })).filter((m) => m.pages.length > 0);
}
