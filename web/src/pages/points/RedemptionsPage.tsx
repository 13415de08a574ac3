// 兑付记录: every redemption with its fulfilment (pending → delivered) and cancellation (points
// back to their lots, stock restored); a redemption for a swiped card starts here too.
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { GiftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { useCardTypes } from '../cards/shared';
import { CardReaderField, RedeemDialog, pointsLists } from './shared';
import type { MemberPoints, Redemption } from './types';
import { longTextMax } from '../../limits';
import { ExportButton } from '../../components/ExportButton';

const statusColor = { pending: 'orange', delivered: 'green', cancelled: 'default' } as const;

export default function RedemptionsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const { label } = useCardTypes();
  const { tableProps, filters, setFilters } = useServerTable<Redemption, { status?: string }>('/redemptions');
  const [cancel, setCancel] = useState<Redemption | null>(null);
  const [finding, setFinding] = useState(false);
  const [member, setMember] = useState<MemberPoints | null>(null);
  const columns: TableColumnsType<Redemption> = [
    { title: t('points.redemptions.no'), dataIndex: 'id', width: 70 },
    { title: t('points.redemptions.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('points.redemptions.member'), key: 'm', render: (_, r) => <Link to={`/points/members/${r.memberId}`}>{r.memberNo} {r.memberName}</Link> },
    { title: t('points.redemptions.plan'), dataIndex: 'item' },
    { title: t('points.redemptions.quantity'), dataIndex: 'quantity' },
    { title: t('points.redemptions.points'), dataIndex: 'points' },
    { title: t('points.redemptions.level'), dataIndex: 'memberLevel', render: (v: string | null) => label(v) },
    { title: t('points.redemptions.channel'), dataIndex: 'channel', render: (v: Redemption['channel']) => t(`points.redemptions.channelValue.${v}`) },
    { title: t('points.redemptions.status'), dataIndex: 'status', render: (v: Redemption['status'], r) => <Space><Tag color={statusColor[v]}>{t(`points.redemptions.statusValue.${v}`)}</Tag>{r.cancelReason}</Space> },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, r) => r.status === 'pending' && can('redemption.manage') && (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => void act(() => api.post(`/redemptions/${r.id}/deliver`, {}), { invalidate: pointsLists, success: t('points.redemptions.delivered') })}>{t('points.redemptions.deliver')}</Button>
          <Button type="link" size="small" danger onClick={() => setCancel(r)}>{t('points.redemptions.cancel')}</Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        {can('redemption.manage') && <Button type="primary" icon={<GiftOutlined />} onClick={() => setFinding(true)}>{t('points.redemptions.new')}</Button>}
        <Select aria-label={t('points.redemptions.status')} allowClear placeholder={t('points.redemptions.status')} style={{ width: 140 }} value={filters.status} onChange={(v) => setFilters({ status: v })}
          options={(['pending', 'delivered', 'cancelled'] as const).map((s) => ({ value: s, label: t(`points.redemptions.statusValue.${s}`) }))} />
        <ExportButton path="/redemptions" filters={filters} list="redemptions" />
      </Space>
      <Table<Redemption> {...tableProps} columns={columns} data-testid="redemptions-table" />
      <Modal open={finding} title={t('points.redeem.title')} footer={null} onCancel={() => setFinding(false)} destroyOnHidden>
        <CardReaderField onMember={(m) => { setFinding(false); setMember(m); }} />
      </Modal>
      <RedeemDialog member={member} open={!!member} onClose={() => setMember(null)} />
      {cancel && (
        <FormDialog<{ reason: string }>
          open title={t('points.redemptions.cancelTitle', { id: cancel.id })} onClose={() => setCancel(null)} invalidate={pointsLists} successMessage={t('points.redemptions.cancelled')}
          onSubmit={(v) => api.post(`/redemptions/${cancel.id}/cancel`, v)}
        >
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('points.redemptions.cancelHint')} />
          <Form.Item name="reason" label={t('points.redemptions.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={longTextMax} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}
