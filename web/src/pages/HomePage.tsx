// 首页: what waits for the signed-in user — each count opens the list it counts, already filtered
// — and the club's key figures of the month (within the user's data scope), with two small charts.
// Administrators are warned when SMS / e-mail go to the log provider (recorded, not sent).
import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useMe } from '../auth';
import { errorMessage } from '../components/apiErrors';
import { useDictionary } from '../components/dictionary';
import { formatTime } from '../components/format';
import { useBilingual } from '../i18n';
import type { Home, TodoKey } from './home/types';

const LevelsChart = lazy(() => import('./home/HomeCharts').then((m) => ({ default: m.LevelsChart })));
const PointsChart = lazy(() => import('./home/HomeCharts').then((m) => ({ default: m.PointsChart })));

/** Where each count leads: the list of exactly those records (the lists open on these filters). */
const todoLinks: Record<TodoKey, string> = {
  applications: '/membership/applications?status=pending',
  leaveRequests: '/membership/leave?status=pending',
  cardRequests: '/cards/upgrades?status=pending',
  pointsApprovals: '/points/approvals',
  overdueSteps: '/complaints/overdue',
  careToDos: '/care/tasks?status=pending',
  unreachedMembers: '/membership/unreached',
  failedNotices: '/membership/notices?status=failed',
  importsRunning: '/customers/import',
  importsFailed: '/customers/import?status=failed',
  followUpsDue: '/sales/follow-ups',
  ticketsOverdue: '/service/tickets?overdue=any&mine=true',
};
const todoOrder = Object.keys(todoLinks) as TodoKey[];

export default function HomePage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const { data: me } = useMe();
  const home = useQuery({ queryKey: ['/home'], queryFn: () => api.get<Home>('/home') });
  const levels = useDictionary('card_type');
  if (!me) return null;
  const h = home.data;
  const todos = h ? todoOrder.filter((k) => h.todos[k] !== undefined) : [];
  const f = h?.figures;
  const logProviders = h?.delivery ? (['sms', 'email'] as const).filter((c) => h.delivery![c] === 'log') : [];
  const percent = (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);
  const figure = (key: string, title: string, value: ReactNode, extra?: ReactNode) => (
    <Col key={key} xs={12} md={8} xl={6}>
      <Card size="small" data-testid={`figure-${key}`}><Statistic title={title} value={value as never} />{extra}</Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }} data-testid="welcome">{t('home.welcome', { name: me.user.name })}</Typography.Title>
        <Space wrap size={4}>
          {me.user.department && <Typography.Text type="secondary">{me.user.department}</Typography.Text>}
          {me.user.roles.map((r) => <Tag key={r.id}>{pick(r.nameZh, r.nameEn)}</Tag>)}
        </Space>
      </div>
      {logProviders.length > 0 && (
        <Alert type="warning" showIcon data-testid="delivery-warning" message={t('home.delivery.title')}
          description={t('home.delivery.text', { channels: logProviders.map((c) => t(`home.delivery.${c}`)).join(t('home.delivery.and')) })} />
      )}
      {home.isLoading && <Skeleton active />}
      {home.error && <Alert type="error" showIcon message={errorMessage(home.error)} />}
      {h && (
        <>
          <section aria-labelledby="home-todos">
            <Typography.Title level={4} id="home-todos">{t('home.todos.title')}</Typography.Title>
            {todos.length === 0 ? <Typography.Text type="secondary">{t('home.todos.none')}</Typography.Text> : (
              <Row gutter={[16, 16]}>
                {todos.map((k) => {
                  const n = h.todos[k]!;
                  return (
                    <Col key={k} xs={12} md={8} xl={6}>
                      <Link to={todoLinks[k]} data-testid={`todo-${k}`}>
                        <Card size="small" hoverable>
                          <Statistic title={t(`home.todos.${k}`)} value={n} valueStyle={n > 0 ? { color: k === 'overdueSteps' || k === 'failedNotices' || k === 'importsFailed' ? '#cf1322' : '#1677ff' } : undefined} />
                        </Card>
                      </Link>
                    </Col>
                  );
                })}
              </Row>
            )}
          </section>
          {(f?.members || f?.points || f?.activities !== undefined || f?.openComplaints !== undefined) ? (
            <section aria-labelledby="home-figures">
              <Typography.Title level={4} id="home-figures">{t('home.figures.title', { month: h.month })}</Typography.Title>
              <Row gutter={[16, 16]}>
                {f.members && figure('members', t('home.figures.members'), f.members.total.toLocaleString(),
                  f.members.asOf && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('home.figures.asOf', { at: formatTime(f.members.asOf) })}</Typography.Text>)}
                {f.members && figure('joined', t('home.figures.joined'), f.members.joined.toLocaleString())}
                {f.members && figure('left', t('home.figures.left'), f.members.left.toLocaleString())}
                {f.points && figure('liability', t('home.figures.liability'), f.points.liability.toLocaleString())}
                {f.points && figure('redemptionRate', t('home.figures.redemptionRate', { from: f.points.from.slice(0, 7), to: f.points.to.slice(0, 7) }), percent(f.points.redemptionRate))}
                {f.activities !== undefined && figure('activities', t('home.figures.activities'), f.activities.toLocaleString())}
                {f.openComplaints !== undefined && figure('openComplaints', t('home.figures.openComplaints'), f.openComplaints.toLocaleString())}
              </Row>
              <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
                {f.members && (
                  <Col xs={24} lg={12}>
                    <Card size="small" title={t('home.figures.byLevel')} data-testid="chart-levels">
                      {f.members.byLevel.length ? <Suspense fallback={<Skeleton active />}><LevelsChart levels={f.members.byLevel} label={levels.label} /></Suspense> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                    </Card>
                  </Col>
                )}
                {f.points && (
                  <Col xs={24} lg={12}>
                    <Card size="small" title={t('home.figures.pointsFlows')} data-testid="chart-points">
                      {f.points.months.length ? <Suspense fallback={<Skeleton active />}><PointsChart months={f.points.months} /></Suspense> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                    </Card>
                  </Col>
                )}
              </Row>
            </section>
          ) : todos.length === 0 && <Typography.Text type="secondary">{t('home.nothingYet')}</Typography.Text>}
        </>
      )}
    </Space>
  );
}
