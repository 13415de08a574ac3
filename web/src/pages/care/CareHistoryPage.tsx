// 会员关怀历史: every care a member received — when, which care, by which channel, the result.
import { useNavigate, useSearchParams } from 'react-router';
import { Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { useDictionary } from '../activities/shared';
import { MemberPicker } from './filters';
import { CareStatusTag } from './shared';
import type { CareMember, CareStatus, Trigger } from './types';

type HistoryItem = CareMember & { kind: 'manual' | 'automatic'; trigger: Trigger | null };

export default function CareHistoryPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const memberId = Number(params.get('member')) || undefined;
  const channels = useDictionary('care_channel');
  const history = useQuery({ queryKey: ['/care/history', memberId], queryFn: () => api.get<HistoryItem[]>(`/members/${memberId}/care`), enabled: !!memberId });

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
    <>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('care.history.pick')}</Typography.Text>
        <MemberPicker multiple={false} value={memberId} testId="history-member"
          onChange={(v: never) => setParams(v ? { member: String(v) } : {})} />
      </Space>
      {!memberId ? <Empty description={t('care.history.pickHint')} /> : (
        <Table<HistoryItem> rowKey="id" loading={history.isFetching} dataSource={history.data ?? []} columns={columns} pagination={{ pageSize: 20 }}
          locale={{ emptyText: t('care.history.none') }} data-testid="care-history-table" />
      )}
    </>
  );
}
