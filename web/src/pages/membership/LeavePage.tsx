// 退会申请: pending requests (by hand or by rule) to approve — the member is archived and told —
// or reject; the rules can be run now as well as daily.
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { useDictionary } from '../customers/shared';
import { MemberStatusTag, membershipLists } from './shared';
import type { LeaveItem } from './types';
import { longTextMax } from '../../limits';

interface Filters { [k: string]: string | undefined; status?: string; method?: string }

export default function LeavePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const reasons = useDictionary('leave_reason');
  const { tableProps, setFilters, filters } = useServerTable<LeaveItem, Filters>('/leave-requests', { status: 'pending' });
  const [deciding, setDeciding] = useState<{ item: LeaveItem; verdict: 'approve' | 'reject' } | null>(null);
  const [running, setRunning] = useState(false);

  const runRules = async () => {
    setRunning(true);
    try {
      const r = await api.post<{ invalidContact: number; termExpired: number; dataError: number }>('/leave-requests/run-rules');
      message.success(t('membership.leave.rulesDone', r));
      await Promise.all(membershipLists.map((p) => qc.invalidateQueries({ queryKey: [p] })));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setRunning(false);
    }
  };

  const columns: TableColumnsType<LeaveItem> = [
    { title: t('membership.field.memberNo'), dataIndex: 'memberNo', render: (v: string, r) => <Link to={`/members/${r.memberId}`}>{v}</Link> },
    { title: t('membership.field.name'), dataIndex: 'name' },
    { title: t('membership.member.reason'), dataIndex: 'reason', render: (v: string) => reasons.label(v) },
    { title: t('membership.field.method'), key: 'method', render: (_, r) => (r.rule ? <Tag color="purple">{t(`membership.leave.ruleValue.${r.rule}`)}</Tag> : t('membership.method.manual')) },
    { title: t('membership.field.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.status'), key: 'status', render: (_, r) => <Space size={[0, 4]} wrap><Tag>{t(`membership.leave.status.${r.status}`)}</Tag><MemberStatusTag status={r.memberStatus} /></Space> },
    { title: t('membership.leave.requestedBy'), key: 'by', render: (_, r) => `${r.requestedBy} · ${formatTime(r.createdAt)}` },
    { title: t('membership.leave.decidedBy'), key: 'decided', render: (_, r) => (r.decidedByName ? `${r.decidedByName} · ${formatTime(r.decidedAt)}` : '—') },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, r) => (r.status === 'pending' && can('member.leave.approve') ? (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDeciding({ item: r, verdict: 'approve' })}>{t('membership.leave.approve')}</Button>
          <Button type="link" size="small" danger onClick={() => setDeciding({ item: r, verdict: 'reject' })}>{t('membership.leave.reject')}</Button>
        </Space>
      ) : null),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select aria-label={t('membership.leave.filtersStatus')} value={filters.status} allowClear placeholder={t('membership.leave.filtersStatus')} style={{ width: 140 }}
          options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`membership.leave.status.${s}`) }))}
          onChange={(status) => setFilters({ ...filters, status })} />
        <Select aria-label={t('membership.field.method')} value={filters.method} allowClear placeholder={t('membership.field.method')} style={{ width: 160 }}
          options={(['manual', 'automatic'] as const).map((m) => ({ value: m, label: m === 'manual' ? t('membership.method.manual') : t('membership.leave.rule') }))}
          onChange={(method) => setFilters({ ...filters, method })} />
        {can('member.leave') && <Button loading={running} onClick={() => void runRules()}>{t('membership.leave.runRules')}</Button>}
      </Space>
      <Table<LeaveItem> {...tableProps} columns={columns} scroll={{ x: 1100 }} data-testid="leave-table" />
      {deciding && (
        <FormDialog<{ note?: string }> open title={t(deciding.verdict === 'approve' ? 'membership.leave.approveTitle' : 'membership.leave.rejectTitle', { name: deciding.item.name })}
          okText={t(`membership.leave.${deciding.verdict}`)} onClose={() => setDeciding(null)} invalidate={membershipLists}
          successMessage={t(deciding.verdict === 'approve' ? 'membership.leave.approved' : 'membership.leave.rejectedDone')}
          onSubmit={(v) => api.post(`/leave-requests/${deciding.item.id}/${deciding.verdict}`, { note: v.note?.trim() || null })}>
          <Form.Item name="note" label={t('membership.leave.decisionNote')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}
