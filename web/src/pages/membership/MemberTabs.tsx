// The member page's tabs that read other modules' lists, each for this member within the reader's
// data scope: points and lots, activities attended, complaints, merchant services used, and the
// change history (audit lines of the member and its records). Cards and care reuse their modules' tables.
import { Link } from 'react-router';
import { Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { useDictionary } from '../../components/dictionary';
import { useServerTable } from '../../components/useServerTable';
import { ChangesView } from '../audit/ChangesView';
import { actionLabel, entityTypeLabel } from '../audit/labels';
import type { AuditEntry } from '../audit/types';
import { ImportanceTag, StatusTag } from '../complaints/lookups';
import type { ComplaintListItem } from '../complaints/types';
import { RatingValue } from '../merchants/shared';
import type { Participation } from '../merchants/types';
import { EntriesTable, LotsTable } from '../points/MemberLedger';
import { MemberSummary } from '../points/shared';
import type { MemberPoints } from '../points/types';

/** GET /members/:id/summary: each tab's count; null where the reader may not open the tab. */
export interface MemberTabCounts {
  memberId: number; cards: number; points: { balance: number; lots: number } | null; activities: number;
  care: number | null; complaints: number | null; services: number | null; notices: number; calls: number | null; history: number | null;
}

/** A tab's title with its count, e.g. 投诉 (2). */
export function TabLabel({ name, count, testId }: { name: string; count: number | null | undefined; testId: string }) {
  return (
    <Space size={6} data-testid={`tab-${testId}`}>
      {name}
      <Tag bordered={false} style={{ marginInlineEnd: 0 }} data-testid={`tab-${testId}-count`}>{count ?? 0}</Tag>
    </Space>
  );
}

export const memberPointsKey = (memberId: number) => ['/members', memberId, 'points'];

export function usePointsAccount(memberId: number, enabled: boolean) {
  return useQuery({ queryKey: memberPointsKey(memberId), queryFn: () => api.get<MemberPoints>(`/members/${memberId}/points`), enabled });
}

export function PointsTab({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const account = usePointsAccount(memberId, true);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {account.data && <MemberSummary m={account.data} />}
      <Card size="small" title={t('points.tabs.lots')}><LotsTable memberId={memberId} /></Card>
      <Card size="small" title={t('points.tabs.entries')}><EntriesTable memberId={memberId} onChanged={() => void account.refetch()} /></Card>
    </Space>
  );
}

interface Attended { activityId: number; name: string; type: string; status: string; attendedAt: string; place: string | null; points: number; method: string }

export function ActivitiesTab({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const types = useDictionary('activity_type');
  const list = useQuery({ queryKey: ['/members', memberId, 'activities'], queryFn: () => api.get<Attended[]>(`/members/${memberId}/activities`) });
  const columns: TableColumnsType<Attended> = [
    { title: t('activities.participant.attendedAt'), dataIndex: 'attendedAt', render: formatTime, className: 'nowrap' },
    { title: t('activities.name'), dataIndex: 'name', render: (v: string, a) => <Link to={`/activities/${a.activityId}`}>{v}</Link> },
    { title: t('activities.type'), dataIndex: 'type', render: types.label },
    { title: t('activities.participant.place'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
    { title: t('activities.participant.method'), dataIndex: 'method', render: (v: string) => t(`activities.method.${v}`, { defaultValue: v }) },
    { title: t('activities.participant.points'), dataIndex: 'points', align: 'right' },
    { title: t('activities.status'), dataIndex: 'status', render: (v: string) => t(`activities.statusValue.${v}`, { defaultValue: v }) },
  ];
  return <Table<Attended> rowKey={(a) => `${a.activityId}-${a.attendedAt}`} size="small" loading={list.isFetching} dataSource={list.data ?? []} columns={columns}
    pagination={{ pageSize: 20 }} data-testid="member-activities" />;
}

export function ComplaintsTab({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const channels = useDictionary('complaint_channel');
  const types = useDictionary('complaint_type');
  const { tableProps } = useServerTable<ComplaintListItem>('/complaints', { memberId: String(memberId) });
  const columns: TableColumnsType<ComplaintListItem> = [
    { title: t('complaints.no'), dataIndex: 'complaintNo', className: 'nowrap', render: (v: string, c) => <Link to={`/complaints?id=${c.id}`}>{v}</Link> },
    { title: t('complaints.receivedAt'), dataIndex: 'receivedAt', render: formatTime, className: 'nowrap' },
    { title: t('complaints.channel'), dataIndex: 'channel', render: channels.label },
    { title: t('complaints.type'), dataIndex: 'type', render: types.label },
    { title: t('complaints.importance'), dataIndex: 'importance', render: (v: ComplaintListItem['importance']) => <ImportanceTag value={v} /> },
    { title: t('complaints.status'), dataIndex: 'status', render: (v: ComplaintListItem['status']) => <StatusTag value={v} /> },
    { title: t('complaints.content'), dataIndex: 'content', render: (v: string) => <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 360 }}>{v}</Typography.Text> },
  ];
  return <Table<ComplaintListItem> {...tableProps} size="small" columns={columns} data-testid="member-complaints" />;
}

export function ServicesTab({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const { tableProps } = useServerTable<Participation>('/merchant-participations', { memberId: String(memberId) });
  const columns: TableColumnsType<Participation> = [
    { title: t('merchants.participation.at'), dataIndex: 'participatedAt', render: formatTime, className: 'nowrap' },
    { title: t('merchants.service.name'), dataIndex: 'serviceName', render: (v: string, p) => <Link to={`/merchants/services?service=${p.serviceId}`}>{v}</Link> },
    { title: t('merchants.participation.rating'), dataIndex: 'rating', render: (v: number | null) => <RatingValue value={v} /> },
    { title: t('merchants.participation.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    { title: t('merchants.participation.recordedBy'), dataIndex: 'recordedBy' },
  ];
  return <Table<Participation> {...tableProps} size="small" columns={columns} data-testid="member-services" />;
}

export function ChangeHistoryTab({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const { tableProps } = useServerTable<AuditEntry>(`/members/${memberId}/history`);
  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', render: formatTime, className: 'nowrap' },
    { title: t('audit.actor'), dataIndex: 'actorName' },
    { title: t('audit.action'), dataIndex: 'action', render: (v: string) => actionLabel(t, v) },
    { title: t('audit.entity'), key: 'entity', render: (_, e) => `${entityTypeLabel(t, e.entityType)}${e.entityId ? ` #${e.entityId}` : ''}` },
  ];
  return <Table<AuditEntry> {...tableProps} size="small" columns={columns} expandable={{ expandedRowRender: (e) => <ChangesView entry={e} /> }}
    data-testid="member-audit" />;
}
