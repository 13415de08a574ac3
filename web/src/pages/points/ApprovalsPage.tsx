// 积分审批: entries raised by trigger rules (and purchase rules that need approval) wait here;
// approving posts them (a deduction the balance cannot cover is refused), rejecting keeps them out.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Form, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { SourceText, pointsLists } from './shared';
import type { Entry, Posted } from './types';
import { longTextMax } from '../../limits';
import { ExportButton } from '../../components/ExportButton';

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const { tableProps } = useServerTable<Entry>('/points/entries', { state: 'pending' });
  const [reject, setReject] = useState<Entry | null>(null);
  const approve = (e: Entry) => act(() => api.post<Posted>(`/points/entries/${e.id}/approve`, {}), { invalidate: pointsLists, success: t('points.approvals.approvedShort') });
  const columns: TableColumnsType<Entry> = [
    { title: t('points.entry.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('cards.member'), key: 'm', render: (_, e) => <Link to={`/points/members/${e.memberId}`}>{e.memberNo} {e.memberName}</Link> },
    { title: t('points.entry.amount'), dataIndex: 'amount', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v > 0 ? `+${v}` : v}</Typography.Text> },
    { title: t('points.entry.event'), key: 'e', render: (_, e) => <SourceText type={e.sourceType} id={e.sourceId} /> },
    { title: t('points.entry.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    { title: t('points.approvals.rule'), dataIndex: 'ruleId', render: (v: number | null) => (v ? `#${v}` : '—') },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, e) => can('points.approve') && (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => void approve(e)} data-testid={`approve-${e.id}`}>{t('points.approvals.approve')}</Button>
          <Button type="link" size="small" danger onClick={() => setReject(e)}>{t('points.approvals.reject')}</Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <ExportButton path="/points/entries" filters={{ state: 'pending' }} list="pointsEntries" />
      </Space>
      <Table<Entry> {...tableProps} columns={columns} data-testid="approvals-table" />
      {reject && (
        <FormDialog<{ note: string }>
          open title={t('points.approvals.rejectTitle', { id: reject.id })} onClose={() => setReject(null)} invalidate={pointsLists} successMessage={t('points.approvals.rejected')}
          onSubmit={(v) => api.post(`/points/entries/${reject.id}/reject`, v)}
        >
          <Form.Item name="note" label={t('points.approvals.note')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input.TextArea rows={3} maxLength={longTextMax} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}
