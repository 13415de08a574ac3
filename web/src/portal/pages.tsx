// The members' portal's pages: home, points history, redeem, my redemptions, my data. Each reads
// the signed-in member's own records (/api/v1/portal/*); each action says what happened.
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Descriptions, Empty, List, Modal, Pagination, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../components/apiErrors';
import { formatDay, formatTime } from '../components/format';
import { useBilingual } from '../i18n';
import { portalApi, profileKey, type Complaint, type Offer, type Paged, type Plan, type PointsReply, type Profile, type Redemption } from './api';

function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return <Card><Typography.Text type="danger">{t('portal.error.load', { message: errorMessage(error) })}</Typography.Text> <Button size="small" onClick={retry}>{t('portal.error.retry')}</Button></Card>;
}

const Heading = ({ children }: { children: React.ReactNode }) => <Typography.Title level={1} style={{ fontSize: 20, margin: '4px 0 12px' }}>{children}</Typography.Title>;

/** 首页: balance, level, card, what expires next. */
export function PortalHome() {
  const { t } = useTranslation();
  const bi = useBilingual();
  const me = useQuery({ queryKey: profileKey, queryFn: () => portalApi.get<Profile>('/me') });
  const pts = useQuery({ queryKey: ['portal', 'points', 1], queryFn: () => portalApi.get<PointsReply>('/points', { page: 1, pageSize: 5 }) });
  const offers = useQuery({ queryKey: ['portal', 'offers'], queryFn: () => portalApi.get<{ items: Offer[] }>('/offers') });
  const complaints = useQuery({ queryKey: ['portal', 'complaints'], queryFn: () => portalApi.get<{ items: Complaint[] }>('/complaints') });
  if (me.isError) return <LoadError error={me.error} retry={() => void me.refetch()} />;
  if (!me.data) return null;
  const m = me.data;
  const next = pts.data?.nextExpiry;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Heading>{t('portal.home.greeting', { name: m.name })}</Heading>
      <Card>
        <Statistic title={t('portal.home.balance')} value={m.balance} valueStyle={{ fontSize: 36 }} data-testid="portal-balance" />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('portal.home.nextExpiry')}：{next ? t('portal.home.nextExpiryValue', { points: next.points, date: formatDay(next.at) }) : t('portal.home.noExpiry')}
        </Typography.Paragraph>
        {m.expiringIn30Days > 0 && <Tag color="orange" style={{ marginTop: 8 }}>{t('portal.home.expiring30', { points: m.expiringIn30Days })}</Tag>}
        <div style={{ display: 'flex', gap: 8, marginTop: 12 }}>
          <Link to="/portal/redeem"><Button type="primary">{t('portal.home.goRedeem')}</Button></Link>
          <Link to="/portal/points"><Button>{t('portal.home.history')}</Button></Link>
        </div>
      </Card>
      <Card>
        <Descriptions column={1} size="small" items={[
          { key: 'no', label: t('portal.home.memberNo'), children: m.memberNo },
          { key: 'level', label: t('portal.home.level'), children: m.level ? <Tag color="gold" data-testid="portal-level">{bi(m.level.labelZh, m.level.labelEn)}</Tag> : t('portal.home.noLevel') },
          { key: 'card', label: t('portal.home.card'), children: m.cardNo ?? '—' },
          { key: 'mobile', label: t('portal.home.mobile'), children: m.mobileMasked ?? '—' },
        ]} />
      </Card>
      <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('portal.home.offers')}</Typography.Title>}>
        <List loading={offers.isPending} locale={{ emptyText: <Empty description={t('portal.home.offersEmpty')} /> }} dataSource={offers.data?.items ?? []}
          renderItem={(o) => (
            <List.Item>
              <List.Item.Meta title={<>{o.merchant.name} · {o.name} {o.discountPercent ? <Tag color="red">{t('portal.home.discount', { n: o.discountPercent })}</Tag> : null}</>}
                description={<>{[o.content, o.discountNote, o.merchant.address, o.merchant.phone1].filter(Boolean).join(' · ')}{o.endsOn ? ` · ${t('portal.home.until', { date: o.endsOn })}` : ''}</>} />
            </List.Item>
          )} />
      </Card>
      <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('portal.home.complaints')}</Typography.Title>}>
        <List loading={complaints.isPending} locale={{ emptyText: <Empty description={t('portal.home.complaintsEmpty')} /> }} dataSource={complaints.data?.items ?? []}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta title={<>{c.complaintNo} <Tag color={c.status === 'done' ? 'green' : 'blue'}>{t(`portal.home.complaintStatus.${c.status}`)}</Tag></>}
                description={<>{c.content.length > 60 ? `${c.content.slice(0, 60)}…` : c.content} · {formatDay(c.receivedAt)}</>} />
            </List.Item>
          )} />
      </Card>
    </Space>
  );
}

function sourceLabel(t: (k: string) => string, s: string) {
  const known = ['purchase', 'activity', 'care', 'complaint', 'redemption', 'expiry', 'card', 'correction', 'merchant'];
  return t(`portal.points.source.${known.includes(s) ? s : 'other'}`);
}

/** 积分明细: every entry, newest first, paged. */
export function PortalPoints() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useQuery({ queryKey: ['portal', 'points', 'list', page], queryFn: () => portalApi.get<PointsReply>('/points', { page, pageSize: 20 }) });
  if (q.isError) return <LoadError error={q.error} retry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Heading>{t('portal.points.heading')}</Heading>
      {d && (
        <Card size="small">
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8 }}>
            <Statistic title={t('portal.points.balance')} value={d.balance} />
            <Statistic title={t('portal.points.earned')} value={d.earned} />
            <Statistic title={t('portal.points.redeemed')} value={d.redeemed} />
            <Statistic title={t('portal.points.expired')} value={d.expired} />
          </div>
        </Card>
      )}
      <Card size="small">
        <List loading={q.isPending} locale={{ emptyText: <Empty description={t('portal.points.empty')} /> }} dataSource={d?.entries.items ?? []}
          renderItem={(e) => (
            <List.Item extra={<Typography.Text strong style={{ color: e.amount >= 0 ? '#237804' : '#a8071a', fontSize: 16 }}>{e.amount > 0 ? `+${e.amount}` : e.amount}</Typography.Text>}>
              <List.Item.Meta title={<>{sourceLabel(t, e.sourceType)} {e.state === 'pending' && <Tag>{t('portal.points.pending')}</Tag>}{e.state === 'reversed' && <Tag>{t('portal.points.reversed')}</Tag>}</>}
                description={<>{e.reason ? `${e.reason} · ` : ''}{formatTime(e.createdAt)}</>} />
            </List.Item>
          )} />
        {d && d.entries.total > 20 && <Pagination simple current={page} pageSize={20} total={d.entries.total} onChange={setPage} style={{ marginTop: 12, textAlign: 'center' }} />}
      </Card>
    </Space>
  );
}

const newClientKey = () => `web-${crypto.randomUUID()}`;

/** 积分兑换: the rewards open to my level; redeeming asks first and says what it did. */
export function PortalRedeem() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['portal', 'plans'], queryFn: () => portalApi.get<Paged<Plan> & { balance: number }>('/redemption-plans', { pageSize: 100 }) });
  const [confirming, setConfirming] = useState<{ plan: Plan; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (q.isError) return <LoadError error={q.error} retry={() => void q.refetch()} />;

  const redeem = async () => {
    if (!confirming) return;
    setBusy(true);
    try {
      const r = await portalApi.post<{ redemption: Redemption; replayed: boolean; balance: number }>('/redemptions', { planId: confirming.plan.id, clientKey: confirming.key });
      message.success(t(r.replayed ? 'portal.redeem.replayed' : 'portal.redeem.done', { item: r.redemption.item, points: r.redemption.points, balance: r.balance }));
      setConfirming(null);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: ['portal'] });
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Heading>{t('portal.redeem.heading')}</Heading>
      {q.data && <Typography.Text type="secondary" data-testid="portal-redeem-balance">{t('portal.redeem.balance', { balance: q.data.balance })}</Typography.Text>}
      {q.isPending && <div style={{ textAlign: 'center', padding: 24 }}><Spin /></div>}
      {q.data && !q.data.items.length && <Card><Empty description={t('portal.redeem.empty')} /></Card>}
      {q.data?.items.map((p) => (
          <Card key={p.id} size="small" data-testid={`portal-plan-${p.id}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
              <div style={{ minWidth: 0 }}>
                <div><Typography.Text strong style={{ fontSize: 16 }}>{p.item}</Typography.Text></div>
                {p.description && <Typography.Paragraph type="secondary" style={{ margin: '2px 0' }} ellipsis={{ rows: 2 }}>{p.description}</Typography.Paragraph>}
                <Space size={4} wrap>
                  <Tag color="blue">{t('portal.redeem.cost', { points: p.pointsCost })}</Tag>
                  <Tag>{p.stockLeft === null ? t('portal.redeem.unlimited') : t('portal.redeem.stock', { n: p.stockLeft })}</Tag>
                  {p.endsOn && <Tag>{t('portal.redeem.until', { date: p.endsOn })}</Tag>}
                  {p.limitPerMember && <Tag>{t('portal.redeem.limit', { n: p.limitPerMember })}</Tag>}
                </Space>
              </div>
              <Button type="primary" disabled={!p.affordable} onClick={() => setConfirming({ plan: p, key: newClientKey() })}>
                {p.affordable ? t('portal.redeem.action') : t('portal.redeem.notEnough')}
              </Button>
            </div>
          </Card>
      ))}
      <Modal open={!!confirming} title={t('portal.redeem.confirmTitle')} okText={t('portal.redeem.ok')} cancelText={t('portal.redeem.cancel')}
        confirmLoading={busy} onOk={() => void redeem()} onCancel={() => setConfirming(null)} width={360}>
        {confirming && t('portal.redeem.confirm', { item: confirming.plan.item, points: confirming.plan.pointsCost })}
      </Modal>
    </Space>
  );
}

/** 我的兑换: my redemptions with their state; a pending one can be cancelled (the points come back). */
export function PortalRedemptions() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const q = useQuery({ queryKey: ['portal', 'redemptions', page], queryFn: () => portalApi.get<Paged<Redemption>>('/redemptions', { page, pageSize: 20 }) });
  if (q.isError) return <LoadError error={q.error} retry={() => void q.refetch()} />;
  const cancel = (r: Redemption) => modal.confirm({
    title: t('portal.redemptions.cancel'), content: t('portal.redemptions.confirmCancel', { item: r.item }),
    okText: t('portal.redemptions.ok'), cancelText: t('portal.redemptions.keep'),
    onOk: async () => {
      try {
        const done = await portalApi.post<{ redemption: Redemption; balance: number }>(`/redemptions/${r.id}/cancel`, {});
        message.success(t('portal.redemptions.cancelled', { item: r.item, points: r.points, balance: done.balance }));
      } catch (err) {
        message.error(errorMessage(err));
      } finally {
        void qc.invalidateQueries({ queryKey: ['portal'] });
      }
    },
  });
  const color = { pending: 'blue', delivered: 'green', cancelled: 'default' } as const;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Heading>{t('portal.redemptions.heading')}</Heading>
      <Card size="small">
        <List loading={q.isPending} locale={{ emptyText: <Empty description={t('portal.redemptions.empty')} /> }} dataSource={q.data?.items ?? []}
          renderItem={(r) => (
            <List.Item actions={r.cancellable ? [<Button key="c" size="small" danger onClick={() => cancel(r)}>{t('portal.redemptions.cancel')}</Button>] : []}>
              <List.Item.Meta title={<>{r.item} × {r.quantity} <Tag color={color[r.status]}>{t(`portal.redemptions.status.${r.status}`)}</Tag></>}
                description={<>{t('portal.redemptions.points', { points: r.points })} · {formatTime(r.createdAt)}</>} />
            </List.Item>
          )} />
        {q.data && q.data.total > 20 && <Pagination simple current={page} pageSize={20} total={q.data.total} onChange={setPage} style={{ marginTop: 12, textAlign: 'center' }} />}
      </Card>
    </Space>
  );
}

interface MyData { person: Record<string, string | null>; cards: unknown[]; points: { entries: unknown[] }; redemptions: unknown[] }

/** 我的数据 (PIPL): what the club holds, and a download of all of it as JSON. */
export function PortalMyData() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [data, setData] = useState<MyData | null>(null);
  const download = async () => {
    setBusy(true);
    try {
      const d = await portalApi.get<MyData & { generatedAt: string }>('/my-data');
      setData(d);
      const blob = new Blob([JSON.stringify(d, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `my-data-${d.generatedAt.slice(0, 10)}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      message.success(t('portal.myData.downloaded'));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Heading>{t('portal.myData.heading')}</Heading>
      <Card>
        <Typography.Paragraph>{t('portal.myData.intro')}</Typography.Paragraph>
        <Button type="primary" loading={busy} onClick={() => void download()} data-testid="portal-download">{t('portal.myData.download')}</Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('portal.myData.contact')}</Typography.Paragraph>
      </Card>
      {data && (
        <Card title={t('portal.myData.holds')} size="small">
          <Descriptions column={1} size="small" items={[
            { key: 'name', label: t('portal.myData.name'), children: data.person.name ?? '—' },
            { key: 'mobile', label: t('portal.myData.mobile'), children: data.person.mobile ?? '—' },
            { key: 'email', label: t('portal.myData.email'), children: data.person.email ?? '—' },
            { key: 'address', label: t('portal.myData.address'), children: data.person.address ?? '—' },
            { key: 'id', label: t('portal.myData.idNumber'), children: data.person.idNumberMasked ?? '—' },
          ]} />
          <Typography.Text type="secondary">
            {t('portal.myData.cards', { n: data.cards.length })} · {t('portal.myData.entries', { n: data.points.entries.length })} · {t('portal.myData.redemptionsN', { n: data.redemptions.length })}
          </Typography.Text>
        </Card>
      )}
    </Space>
  );
}
