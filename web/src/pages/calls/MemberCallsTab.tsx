// The member page's 通话 tab: the calls of the member's customer record within the data scope, newest first.
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { OutcomeTag, useDictionary, useDuration } from './lookups';
import type { Call, Direction, Outcome } from './types';

export function MemberCallsTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const categories = useDictionary('call_category');
  const duration = useDuration();
  const { tableProps } = useServerTable<Call, { customerId: number }>('/calls', { customerId });
  return (
    <Table<Call> {...tableProps} rowKey="id" size="small" data-testid="member-calls" scroll={{ x: 'max-content' }} columns={[
      { title: t('calls.startedAt'), dataIndex: 'startedAt', width: 160, render: (v: string, c) => <Link to={`/calls?id=${c.id}`}>{formatTime(v)}</Link> },
      { title: t('calls.direction'), dataIndex: 'direction', width: 80, render: (v: Direction) => t(`calls.directionValue.${v}`) },
      { title: t('calls.number'), dataIndex: 'number', width: 140 },
      { title: t('calls.category'), dataIndex: 'category', width: 100, render: categories.label },
      { title: t('calls.summary'), dataIndex: 'summary', render: (v: string) => <Typography.Text ellipsis style={{ maxWidth: 360 }}>{v}</Typography.Text> },
      { title: t('calls.outcome'), dataIndex: 'outcome', width: 100, render: (v: Outcome) => <OutcomeTag value={v} /> },
      { title: t('calls.duration'), dataIndex: 'durationSeconds', width: 100, render: duration },
      { title: t('calls.handler'), dataIndex: 'handlerName', width: 100, render: (v: string | null) => v ?? t('calls.none') },
    ]} />
  );
}
