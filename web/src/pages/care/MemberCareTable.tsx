// A member's care history (会员关怀记录): when, which care, by which channel, the result — the care
// history page and the member page show it.
import { useNavigate } from 'react-router';
import { Table, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { useDictionary } from '../activities/shared';
import { CareStatusTag } from './shared';
import type { CareMember, CareStatus, Trigger } from './types';

type HistoryItem = CareMember & { kind: 'manual' | 'automatic'; trigger: Trigger | null };

export function MemberCareTable({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const channels = useDictionary('care_channel');
  const history = useQuery({ queryKey: ['/care/history', memberId], queryFn: () => api.get<HistoryItem[]>(`/members/${memberId}/care`) });

  const columns: TableColumnsType<HistoryItem> = [
    { title: t('care.createdAt'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('care.title'), dataIndex: 'title', render: (v: string, h) => <Typography.Link onClick={() => navigate(`/care/actions/${h.careId}`)}>{v}</Typography.Link> },
    { title: t('care.kind'), key: 'kind', width: 140, render: (_, h) => (h.kind === 'manual' ? t('care.kindValue.manual') : t(`care.triggerValue.${h.trigger}`)) },
    { title: t('care.channel'), dataIndex: 'channel', width: 110, render: channels.label },
    { title: t('care.progress'), dataIndex: 'status', width: 120, render: (v: CareStatus) => <CareStatusTag status={v} /> },
    { title: t('care.points'), dataIndex: 'points', width: 80, align: 'right' },
    { title: t('care.detail.resultNote'), dataIndex: 'resultNote', render: (v: string | null) => v ?? '' },
  ];
  return (
    <Table<HistoryItem> rowKey="id" loading={history.isFetching} dataSource={history.data ?? []} columns={columns} pagination={{ pageSize: 20 }}
      locale={{ emptyText: t('care.history.none') }} data-testid="care-history-table" />
  );
}
