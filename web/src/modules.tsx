// The console's pages, grouped per module, in menu order. A module adds one entry here and
// its pages under web/src/pages/<module>/; the side menu and the routes are built from this
// list, and a page shows only to users holding its permission.
// Business modules (customers, members, applications, cards, points, activities, care,
// complaints, merchants, reports) go above the administration modules.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import './pages/analysis/messages'; // the analysis pages' texts (menu titles) in the locales
import { CustomerServiceOutlined, FundOutlined, PhoneOutlined, ClusterOutlined, AreaChartOutlined, AuditOutlined, BookOutlined, CalendarOutlined, CreditCardOutlined, CrownOutlined, GiftOutlined, HeartOutlined, IdcardOutlined, MessageOutlined, ScheduleOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';

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
    key: 'membership',
    title: 'membership.menu.group',
    icon: <CrownOutlined />,
    pages: [
      { path: '/membership/applications', title: 'membership.menu.applications', permission: 'member.read', component: lazy(() => import('./pages/membership/ApplicationsPage')) },
      { path: '/membership/applications/:id', title: 'membership.menu.review', permission: 'member.read', hidden: true, component: lazy(() => import('./pages/membership/ReviewPage')) },
      { path: '/members', title: 'membership.menu.members', permission: 'member.read', component: lazy(() => import('./pages/membership/MembersPage')) },
      { path: '/members/:id', title: 'membership.menu.member', permission: 'member.read', hidden: true, component: lazy(() => import('./pages/membership/MemberPage')) },
      { path: '/membership/unreached', title: 'membership.menu.unreached', permission: 'notify.manage', component: lazy(() => import('./pages/membership/UnreachedPage')) },
      { path: '/membership/leave', title: 'membership.menu.leave', permission: 'member.read', component: lazy(() => import('./pages/membership/LeavePage')) },
      { path: '/membership/notices', title: 'notices.menu', permission: 'notify.manage', component: lazy(() => import('./pages/notices/NoticesPage')) },
    ],
  },
  {
    key: 'cards',
    title: 'cards.menu.group',
    icon: <CreditCardOutlined />,
    pages: [
      { path: '/cards', title: 'cards.menu.list', permission: 'member.read', component: lazy(() => import('./pages/cards/CardsPage')) },
      { path: '/cards/upgrades', title: 'cards.menu.upgrades', permission: 'member.read', component: lazy(() => import('./pages/cards/UpgradesPage')) },
      { path: '/cards/types', title: 'cards.menu.types', permission: 'points.rules', component: lazy(() => import('./pages/cards/CardTypesPage')) },
    ],
  },
  {
    key: 'points',
    title: 'points.menu.group',
    icon: <GiftOutlined />,
    pages: [
      { path: '/points/members', title: 'points.menu.members', permission: 'points.read', component: lazy(() => import('./pages/points/MemberPointsPage')) },
      { path: '/points/members/:id', title: 'points.menu.member', permission: 'points.read', hidden: true, component: lazy(() => import('./pages/points/MemberPointsPage')) },
      { path: '/points/batches', title: 'points.menu.batches', permission: 'points.read', component: lazy(() => import('./pages/points/BatchPointsPage')) },
      { path: '/points/approvals', title: 'points.menu.approvals', permission: 'points.read', component: lazy(() => import('./pages/points/ApprovalsPage')) },
      { path: '/points/plans', title: 'points.menu.plans', permission: 'points.read', component: lazy(() => import('./pages/points/PlansPage')) },
      { path: '/points/redemptions', title: 'points.menu.redemptions', permission: 'points.read', component: lazy(() => import('./pages/points/RedemptionsPage')) },
      { path: '/points/statistics', title: 'points.menu.statistics', permission: 'report.read', component: lazy(() => import('./pages/points/StatisticsPage')) },
      { path: '/points/rules', title: 'points.menu.rules', permission: 'points.read', component: lazy(() => import('./pages/points/RulesPage')) },
    ],
  },
  {
    key: 'activities',
    title: 'activities.menu.group',
    icon: <CalendarOutlined />,
    pages: [
      { path: '/activities', title: 'activities.menu.list', component: lazy(() => import('./pages/activities/ActivitiesPage')) },
      { path: '/activities/statistics', title: 'activities.menu.statistics', component: lazy(() => import('./pages/activities/ActivityStatisticsPage')) },
      { path: '/activities/:id', title: 'activities.menu.detail', hidden: true, component: lazy(() => import('./pages/activities/ActivityPage')) },
    ],
  },
  {
    key: 'care',
    title: 'care.menu.group',
    icon: <HeartOutlined />,
    pages: [
      { path: '/care', title: 'care.menu.actions', permission: 'care.manage', component: lazy(() => import('./pages/care/CareActionsPage')) },
      { path: '/care/new', title: 'care.menu.new', permission: 'care.manage', component: lazy(() => import('./pages/care/NewCarePage')) },
      { path: '/care/tasks', title: 'care.menu.tasks', permission: 'care.manage', component: lazy(() => import('./pages/care/CareTasksPage')) },
      { path: '/care/history', title: 'care.menu.history', permission: 'care.manage', component: lazy(() => import('./pages/care/CareHistoryPage')) },
      { path: '/care/statistics', title: 'care.menu.statistics', permission: 'care.manage', component: lazy(() => import('./pages/care/CareStatisticsPage')) },
      { path: '/care/triggers', title: 'care.menu.triggers', permission: 'care.manage', component: lazy(() => import('./pages/care/TriggersPage')) },
      { path: '/care/actions/:id', title: 'care.menu.detail', permission: 'care.manage', hidden: true, component: lazy(() => import('./pages/care/CareActionPage')) },
    ],
  },
  {
    key: 'sales',
    title: 'sales.menu.group',
    icon: <FundOutlined />,
    pages: [
      { path: '/sales/leads', title: 'sales.menu.leads', permission: 'sales.read', component: lazy(() => import('./pages/sales/LeadsPage')) },
      { path: '/sales/opportunities', title: 'sales.menu.opportunities', permission: 'sales.read', component: lazy(() => import('./pages/sales/OpportunitiesPage')) },
      { path: '/sales/follow-ups', title: 'sales.menu.followUps', permission: 'sales.read', component: lazy(() => import('./pages/sales/FollowUpsPage')) },
      { path: '/sales/funnel', title: 'sales.menu.funnel', permission: 'sales.read', component: lazy(() => import('./pages/sales/FunnelPage')) },
    ],
  },
  {
    key: 'calls',
    title: 'calls.menu.group',
    icon: <PhoneOutlined />,
    pages: [
      { path: '/calls/register', title: 'calls.menu.register', permission: 'calls.write', component: lazy(() => import('./pages/calls/RegisterCallPage')) },
      { path: '/calls', title: 'calls.menu.list', permission: 'calls.read', component: lazy(() => import('./pages/calls/CallsPage')) },
      { path: '/calls/stats', title: 'calls.menu.stats', permission: 'calls.read', component: lazy(() => import('./pages/calls/CallStatsPage')) },
    ],
  },
  {
    key: 'service',
    title: 'service.menu.group',
    icon: <CustomerServiceOutlined />,
    pages: [
      { path: '/service/tickets', title: 'service.menu.tickets', permission: 'service.read', component: lazy(() => import('./pages/service/TicketsPage')) },
      { path: '/service/articles', title: 'service.menu.articles', permission: 'service.read', component: lazy(() => import('./pages/service/ArticlesPage')) },
      { path: '/service/statistics', title: 'service.menu.stats', permission: 'service.read', component: lazy(() => import('./pages/service/StatsPage')) },
      { path: '/service/sla', title: 'service.menu.sla', permission: 'service.read', component: lazy(() => import('./pages/service/SlaPage')) },
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
    key: 'analysis',
    title: 'analysis.menu.group',
    icon: <AreaChartOutlined />,
    pages: [
      { path: '/analysis/members', title: 'analysis.menu.members', permission: 'report.read', component: lazy(() => import('./pages/analysis/MemberAnalysisPage')) },
    ],
  },
  {
    key: 'segments',
    title: 'segments.menu.group',
    icon: <ClusterOutlined />,
    pages: [
      { path: '/segments', title: 'segments.menu.list', permission: 'segment.read', component: lazy(() => import('./pages/segments/SegmentsPage')) },
      { path: '/segments/value', title: 'segments.menu.value', permission: 'segment.read', component: lazy(() => import('./pages/segments/ValuePage')) },
      { path: '/segments/:id', title: 'segments.menu.edit', permission: 'segment.read', hidden: true, component: lazy(() => import('./pages/segments/SegmentPage')) },
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
      { path: '/accounts/webhooks', title: 'webhooks.menu', permission: 'webhook.manage', component: lazy(() => import('./pages/webhooks/WebhooksPage')) },
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
  {
    key: 'jobs',
    title: 'menu.jobs',
    icon: <ScheduleOutlined />,
    pages: [
      { path: '/jobs', title: 'menu.jobs', permission: 'job.run', component: lazy(() => import('./pages/jobs/JobsPage')) },
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
