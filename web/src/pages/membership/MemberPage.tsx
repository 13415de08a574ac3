// 会员360°: one member's whole story on one screen. The header (member no., name, level, status,
// department) and the profile (ID number masked unless the reader may see it), then tabs with their
// counts (one request, GET /members/:id/summary): cards with their history, points and lots, activities
// attended, care received, complaints, merchant services used, notices, the change history (the
// member's own record of joins, merges, linking and profile edits, and the audit lines of the member
// and its records), applications (merged ones included), purchases, leave requests. A card is issued
// and points are booked from here with the card and points pages' own dialog and form. Archived
// members are read-only.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Modal, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordedNote } from '../../components/delivery';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { PurchaseStatusTag, useDictionary, yuan } from '../customers/shared';
import type { Purchase } from '../customers/types';
import { DataErrorDialog, LeaveDialog, ProfileDialog, RecordContactDialog } from './MemberDialogs';
import { ApplicationStatusTag, MemberStatusTag, membershipLists, NoticeStatusTag, useChannelLabel } from './shared';
import type { Application, LeaveRow, MemberEvent, MemberPageData, Notice } from './types';
import { Confirm } from '../../components/Confirm';
import { IssueCardDialog } from '../cards/CardDialogs';
import { MemberCardsTable } from '../cards/CardHistory';
import { MemberCareTable } from '../care/MemberCareTable';
import { MemberCallsTab } from '../calls/MemberCallsTab';
import { BookPointsForm } from '../points/shared';
import { ActivitiesTab, ChangeHistoryTab, ComplaintsTab, PointsTab, ServicesTab, TabLabel, usePointsAccount, type MemberTabCounts } from './MemberTabs';

export default function MemberPage() {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const recordedNote = useRecordedNote();
  const id = Number(useParams().id);
  const path = `/members/${id}`;
  const valid = Number.isInteger(id) && id > 0;
  const page = useQuery({ queryKey: [path], queryFn: () => api.get<MemberPageData>(path), enabled: valid });
  const counts = useQuery({ queryKey: ['/members', id, 'summary'], queryFn: () => api.get<MemberTabCounts>(`${path}/summary`), enabled: valid });
  const canPost = can('points.adjust') && can('points.read');
  const account = usePointsAccount(id, valid && canPost);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'cards';
  const channelLabel = useChannelLabel();
  const idTypes = useDictionary('id_type');
  const reasons = useDictionary('leave_reason');
  const noticeChannels = useDictionary('notify_channel');
  const cardTypes = useDictionary('card_type');
  const [dialog, setDialog] = useState<'profile' | 'leave' | 'dataError' | 'record' | 'card' | 'points' | null>(null);

  if (page.error) return <Typography.Text type="danger">{errorMessage(page.error)}</Typography.Text>;
  if (!page.data) return <Card loading />;
  const d = page.data;
  const { member: m, customer: c } = d;
  const live = m.status !== 'archived';
  const invalidate = [...membershipLists, path];
  const n = counts.data;
  /** after a card or points booked here: the page (level, cards) and the tabs' counts */
  const refresh = () => { void page.refetch(); void counts.refetch(); };
  const byId = new Map(d.applications.map((a) => [a.id, a]));

  const applicationColumns: TableColumnsType<Application> = [
    { title: t('membership.field.applicationNo'), dataIndex: 'applicationNo', render: (v: string, a) => <Link to={`/membership/applications/${a.id}`}>{v}</Link> },
    { title: t('membership.field.name'), dataIndex: 'name' },
    { title: t('membership.field.channel'), key: 'channel', render: (_, a) => `${channelLabel(a.channel, a.subChannel, a.method)} · ${t(`membership.method.${a.method}`)}` },
    {
      title: t('membership.field.status'), key: 'status', render: (_, a) => (
        <Space size={[0, 4]} wrap>
          <ApplicationStatusTag status={a.status} />
          {a.mergedIntoId && <Tag>{t('membership.applications.mergedInto', { no: byId.get(a.mergedIntoId)?.applicationNo ?? `#${a.mergedIntoId}` })}</Tag>}
          {a.outcome && <Tag>{t(`membership.outcome.${a.outcome}`)}</Tag>}
        </Space>
      ),
    },
    { title: t('membership.review.linkedPurchase'), dataIndex: 'linkedPurchaseId', render: (v: number | null) => { const p = d.purchases.find((x) => x.id === v); return p ? `${p.project} ${p.unit}` : '—'; } },
    { title: t('membership.field.createdAt'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
  ];

  const eventText = (e: MemberEvent) => {
    if (e.kind === 'linked' && e.field) return t(`membership.member.linkCase.${e.field}`, { defaultValue: e.field });
    return e.note ?? '';
  };
  const historyColumns: TableColumnsType<MemberEvent> = [
    { title: t('membership.member.col.at'), dataIndex: 'at', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('membership.member.col.actor'), dataIndex: 'actorName', width: 120 },
    { title: t('membership.member.col.kind'), dataIndex: 'kind', width: 140, render: (v: string) => t(`membership.member.event.${v}`, { defaultValue: v }) },
    { title: t('membership.member.col.field'), dataIndex: 'field', width: 110, render: (v: string | null, e) => (e.kind === 'linked' ? '—' : v ? t(`membership.field.${v}`, { defaultValue: v }) : '—') },
    {
      title: t('membership.member.col.change'), key: 'change', render: (_, e) => (e.oldValue !== null || e.newValue !== null) && e.kind !== 'linked'
        ? <span data-testid="history-change"><Typography.Text delete type="secondary">{e.oldValue ?? '∅'}</Typography.Text> → <Typography.Text strong>{e.newValue ?? '∅'}</Typography.Text></span>
        : '—',
    },
    { title: t('membership.member.col.note'), key: 'note', render: (_, e) => eventText(e) || '—' },
  ];

  const noticeColumns: TableColumnsType<Notice> = [
    { title: t('membership.notice.at'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('membership.notice.channel'), dataIndex: 'channel', render: (v: string) => noticeChannels.label(v) },
    { title: t('membership.notice.purpose'), dataIndex: 'purpose', render: (v: string) => t(`membership.notice.purposeValue.${v}`, { defaultValue: v }) },
    { title: t('membership.notice.recipient'), dataIndex: 'recipient', render: (v: string | null) => v ?? '—' },
    { title: t('membership.notice.status'), dataIndex: 'status', render: (v: string) => <Tag color={['sent', 'reached'].includes(v) ? 'green' : ['failed', 'unreached'].includes(v) ? 'red' : 'blue'}>{t(`membership.notice.statusValue.${v}`, { defaultValue: v })}</Tag> },
    { title: t('membership.notice.attempts'), dataIndex: 'attempts', width: 70 },
    { title: t('membership.notice.content'), key: 'body', render: (_, n) => <Typography.Text type={n.lastError ? 'danger' : undefined} ellipsis={{ tooltip: n.lastError ?? n.body }} style={{ maxWidth: 320 }}>{n.lastError ?? n.body}</Typography.Text> },
  ];

  const leaveColumns: TableColumnsType<LeaveRow> = [
    { title: t('membership.notice.at'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('membership.member.reason'), dataIndex: 'reason', render: (v: string, r) => `${reasons.label(v)}${r.rule ? ` (${t(`membership.leave.ruleValue.${r.rule}`)})` : ''}` },
    { title: t('membership.field.status'), dataIndex: 'status', render: (v: string) => t(`membership.leave.status.${v}`) },
    { title: t('membership.leave.requestedBy'), dataIndex: 'requestedBy' },
    { title: t('membership.leave.decidedBy'), key: 'decided', render: (_, r) => (r.decidedByName ? `${r.decidedByName} · ${formatTime(r.decidedAt)}${r.decisionNote ? ` · ${r.decisionNote}` : ''}` : '—') },
  ];

  const purchaseColumns: TableColumnsType<Purchase> = [
    { title: t('customers.purchase.project'), dataIndex: 'project' },
    { title: t('customers.purchase.unit'), dataIndex: 'unit' },
    { title: t('customers.purchase.price'), dataIndex: 'priceFen', align: 'right', render: (v: number | null) => (v == null ? t('customers.purchase.priceUnknown') : yuan(v)) },
    { title: t('customers.purchase.received'), dataIndex: 'receivedFen', align: 'right', render: yuan },
    { title: t('customers.purchase.status'), dataIndex: 'status', render: (v: Purchase['status']) => <PurchaseStatusTag status={v} /> },
    { title: t('customers.purchase.origin'), dataIndex: 'origin', render: (v: string) => t(`customers.purchase.originValue.${v}`) },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="member-title">{m.memberNo} · {c.name}</Typography.Title>
          <MemberStatusTag status={m.status} />
          {d.level && <Tag color="gold" data-testid="member-level">{cardTypes.label(d.level)}</Tag>}
          {c.department && <Tag data-testid="member-department">{t('membership.member.department', { department: c.department })}</Tag>}
          <NoticeStatusTag status={m.noticeStatus} />
          {m.dataErrorFlag && <Tag color="red">{t('membership.member.dataError', { flag: m.dataErrorFlag })}</Tag>}
        </Space>
        <Space wrap>
          <Link to="/members">{t('membership.member.back')}</Link>
          {live && can('card.manage') && <Button type="primary" onClick={() => setDialog('card')} data-testid="member-issue-card">{t('membership.member.issueCard')}</Button>}
          {live && canPost && <Button type="primary" onClick={() => setDialog('points')} disabled={!account.data} data-testid="member-post-points">{t('membership.member.postPoints')}</Button>}
          {can('points.read') && <Link to={`/points/members/${m.id}`} data-testid="member-points-link"><Button>{t('membership.member.points')}</Button></Link>}
          {live && can('member.edit') && <Button onClick={() => setDialog('profile')} data-testid="edit-profile">{t('membership.member.edit')}</Button>}
          {live && can('notify.manage') && <Button onClick={() => setDialog('record')}>{t('membership.member.record')}</Button>}
          {live && can('notify.manage') && c.mobile && (
            <Button onClick={() => void act(() => api.post(`${path}/notices/send`, { channel: 'sms' }), { invalidate, success: `${t('membership.member.queued')}${recordedNote(['sms'])}` })}>{t('membership.member.sendSms')}</Button>
          )}
          {live && can('member.edit') && (m.dataErrorFlag
            ? <Button onClick={() => void act(() => api.post(`${path}/data-error`, { flag: null }), { invalidate, success: t('common.saved') })}>{t('membership.member.clearDataError')}</Button>
            : <Button onClick={() => setDialog('dataError')}>{t('membership.member.flagDataError')}</Button>)}
          {m.status === 'active' && can('member.leave') && (
            <Confirm title={t('membership.member.requestLeave')} onConfirm={() => setDialog('leave')} okText={t('common.create')} cancelText={t('common.cancel')}>
              <Button danger>{t('membership.member.requestLeave')}</Button>
            </Confirm>
          )}
        </Space>
      </Space>
      {!live && <Alert type="warning" showIcon message={t('membership.member.readOnly')} />}

      <Card title={t('membership.member.profile')} size="small">
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" items={[
          { key: 'id', label: t('membership.field.idNumber'), children: c.idNumber ? <Space><Typography.Text code>{c.idNumber}</Typography.Text><Typography.Text type="secondary">{idTypes.label(c.idType)}</Typography.Text></Space> : '—' },
          { key: 'gender', label: t('membership.field.gender'), children: c.gender ? t(`membership.gender.${c.gender}`) : '—' },
          { key: 'birthday', label: t('membership.field.birthday'), children: c.birthday ?? '—' },
          { key: 'mobile', label: t('membership.field.mobile'), children: <span data-testid="member-mobile">{c.mobile ?? '—'}</span> },
          { key: 'homePhone', label: t('membership.field.homePhone'), children: c.homePhone ?? '—' },
          { key: 'email', label: t('membership.field.email'), children: c.email ?? '—' },
          { key: 'address', label: t('membership.field.address'), children: c.address ?? '—' },
          { key: 'channel', label: t('membership.field.channel'), children: channelLabel(m.channel, m.subChannel) },
          { key: 'joined', label: t('membership.field.joinedAt'), children: formatTime(m.joinedAt) },
          {
            key: 'card', label: t('membership.member.cards'), children: d.cards.length
              ? <Space size={[0, 4]} wrap>{d.cards.map((x) => <Tag key={x.id} color={x.status === 'active' ? 'gold' : undefined}>{`${x.cardNo} · ${cardTypes.label(x.typeCode)}${x.status === 'active' ? '' : ` (${x.status})`}`}</Tag>)}</Space>
              : m.requestedCardNo ? `${m.requestedCardNo} (${t('membership.member.card')})` : '—',
          },
          { key: 'customer', label: t('membership.member.customerLink'), children: <Link to={`/customers/${c.id}`}>#{c.id}</Link> },
          ...(m.archivedAt ? [{ key: 'archived', label: t('membership.memberStatus.archived'), children: formatTime(m.archivedAt) }] : []),
        ]} />
      </Card>

      <Tabs className="wrap-tabs" activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })} data-testid="member-tabs" items={[
        { key: 'cards', label: <TabLabel name={t('membership.member.tab.cards')} count={n?.cards ?? d.cards.length} testId="cards" />, children: <MemberCardsTable memberId={m.id} /> },
        ...(n?.points ? [{ key: 'points', label: <TabLabel name={t('membership.member.tab.points')} count={n.points.lots} testId="points" />, children: <PointsTab memberId={m.id} /> }] : []),
        { key: 'activities', label: <TabLabel name={t('membership.member.tab.activities')} count={n?.activities} testId="activities" />, children: <ActivitiesTab memberId={m.id} /> },
        ...(n?.care != null ? [{ key: 'care', label: <TabLabel name={t('membership.member.tab.care')} count={n.care} testId="care" />, children: <MemberCareTable memberId={m.id} /> }] : []),
        ...(n?.complaints != null ? [{ key: 'complaints', label: <TabLabel name={t('membership.member.tab.complaints')} count={n.complaints} testId="complaints" />, children: <ComplaintsTab memberId={m.id} /> }] : []),
        ...(n?.services != null ? [{ key: 'services', label: <TabLabel name={t('membership.member.tab.services')} count={n.services} testId="services" />, children: <ServicesTab memberId={m.id} /> }] : []),
        ...(n?.calls != null ? [{ key: 'calls', label: <TabLabel name={t('calls.menu.group')} count={n.calls} testId="calls" />, children: <MemberCallsTab customerId={d.customer.id} /> }] : []),
        {
          key: 'notices', label: <TabLabel name={t('membership.member.notices')} count={d.notices.length} testId="notices" />,
          children: <Table<Notice> rowKey="id" size="small" dataSource={d.notices} columns={noticeColumns} pagination={{ pageSize: 10 }} scroll={{ x: 900 }}
            locale={{ emptyText: t('membership.member.noHistory') }} data-testid="member-notices" />,
        },
        {
          key: 'history', label: <TabLabel name={t('membership.member.tab.history')} count={n?.history ?? d.history.length} testId="history" />,
          children: (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card title={t('membership.member.history')} size="small">
                <Table<MemberEvent> rowKey="id" size="small" dataSource={d.history} columns={historyColumns} pagination={{ pageSize: 20 }} scroll={{ x: 900 }}
                  locale={{ emptyText: t('membership.member.noHistory') }} data-testid="member-history" />
              </Card>
              {n?.history != null && <Card title={t('membership.member.auditTrail')} size="small"><ChangeHistoryTab memberId={m.id} /></Card>}
            </Space>
          ),
        },
        {
          key: 'applications', label: <TabLabel name={t('membership.member.tab.applications')} count={d.applications.length} testId="applications" />,
          children: <Table<Application> rowKey="id" size="small" pagination={false} dataSource={d.applications} columns={applicationColumns} scroll={{ x: 900 }} data-testid="member-applications" />,
        },
        {
          key: 'purchases', label: <TabLabel name={t('membership.member.purchases')} count={d.purchases.length} testId="purchases" />,
          children: <Table<Purchase> rowKey="id" size="small" pagination={false} dataSource={d.purchases} columns={purchaseColumns} locale={{ emptyText: t('customers.detail.noPurchases') }} />,
        },
        ...(d.leaveRequests.length > 0 ? [{
          key: 'leave', label: <TabLabel name={t('membership.member.leave')} count={d.leaveRequests.length} testId="leave" />,
          children: <Table<LeaveRow> rowKey="id" size="small" pagination={false} dataSource={d.leaveRequests} columns={leaveColumns} />,
        }] : []),
      ]} />

      {dialog === 'profile' && <ProfileDialog open data={d} onClose={() => setDialog(null)} />}
      <LeaveDialog open={dialog === 'leave'} memberId={m.id} name={c.name} onClose={() => setDialog(null)} />
      <DataErrorDialog open={dialog === 'dataError'} memberId={m.id} onClose={() => setDialog(null)} />
      <RecordContactDialog open={dialog === 'record'} memberId={m.id} name={c.name} onClose={() => setDialog(null)} />
      <IssueCardDialog open={dialog === 'card'} memberNo={m.memberNo} onClose={() => setDialog(null)} onDone={refresh} />
      <Modal open={dialog === 'points' && !!account.data} title={t('membership.member.postPointsTitle', { memberNo: m.memberNo, name: c.name })} footer={null}
        width={880} onCancel={() => setDialog(null)} destroyOnHidden>
        {account.data && <BookPointsForm member={account.data} onBooked={() => { setDialog(null); refresh(); }} />}
      </Modal>
    </Space>
  );
}
