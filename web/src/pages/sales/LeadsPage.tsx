// 线索: leads within the data scope (mobiles masked), filtered by status, source, owner and due
// follow-ups; new lead, batch reassign (sales.assign), export; a lead's drawer holds its
// follow-up timeline and the actions its state allows.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Descriptions, Drawer, Empty, Input, Select, Space, Spin, Table, Timeline, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { ExportButton } from '../../components/ExportButton';
import { formatDay, formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { AssignDialog, ConvertDialog, FollowUpDialog, LeadDialog, LoseDialog } from './SalesDialogs';
import { LeadStatusTag, StageTag, leadStatuses, useDictionary, useSalesStaff } from './lookups';
import type { FollowUp, Lead, LeadDetail, LeadStatus } from './types';

type Filters = { q?: string; status?: LeadStatus; source?: string; ownerId?: number; due?: 'due' | 'today' | 'overdue' };

export default function LeadsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const { tableProps, filters, setFilters } = useServerTable<Lead, Filters>('/sales/leads', params.get('due') ? { due: 'due' } : {});
  const sources = useDictionary('lead_source');
  const staff = useSalesStaff();
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);

  const columns: TableColumnsType<Lead> = [
    { title: t('sales.name'), dataIndex: 'name', render: (v: string, l) => <Typography.Link onClick={() => setParams({ id: String(l.id) })}>{v}</Typography.Link> },
    { title: t('sales.mobile'), dataIndex: 'mobile', width: 130, render: (v: string | null) => v ?? t('sales.none') },
    { title: t('sales.source'), dataIndex: 'source', width: 100, render: sources.label },
    { title: t('sales.status'), dataIndex: 'status', width: 100, render: (v: LeadStatus) => <LeadStatusTag value={v} /> },
    { title: t('sales.intention'), dataIndex: 'intention', ellipsis: true },
    { title: t('sales.owner'), dataIndex: 'ownerName', width: 120, render: (v: string | null, l) => [v, l.department].filter(Boolean).join(' · ') || t('sales.none') },
    { title: t('sales.nextFollowUp'), dataIndex: 'nextFollowUpOn', width: 120, render: (v: string | null) => (v ? formatDay(v) : t('sales.none')) },
    { title: t('sales.createdAt'), dataIndex: 'createdAt', width: 160, render: formatTime, className: 'nowrap' },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Input.Search allowClear aria-label={t('sales.filters.search')} placeholder={t('sales.filters.search')} style={{ width: 220 }} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select aria-label={t('sales.filters.status')} allowClear placeholder={t('sales.filters.status')} style={{ width: 130 }} value={filters.status}
            options={leadStatuses.map((s) => ({ value: s, label: t(`sales.statusValue.${s}`) }))} onChange={(status?: LeadStatus) => setFilters({ ...filters, status })} />
          <Select aria-label={t('sales.filters.source')} allowClear placeholder={t('sales.filters.source')} style={{ width: 130 }} options={sources.allOptions} onChange={(source?: string) => setFilters({ ...filters, source })} />
          <Select aria-label={t('sales.filters.owner')} allowClear showSearch optionFilterProp="label" placeholder={t('sales.filters.owner')} style={{ width: 180 }} options={staff}
            onChange={(ownerId?: number) => setFilters({ ...filters, ownerId })} />
          <Select aria-label={t('sales.filters.due')} allowClear placeholder={t('sales.filters.due')} style={{ width: 140 }} value={filters.due}
            options={(['due', 'today', 'overdue'] as const).map((d) => ({ value: d, label: t(`sales.dueValue.${d}`) }))} onChange={(due?: Filters['due']) => setFilters({ ...filters, due })} />
        </Space>
        <Space wrap>
          {can('sales.assign') && <Button disabled={!selected.length} onClick={() => setAssigning(true)}>{t('sales.assign.batch', { count: selected.length })}</Button>}
          <ExportButton path="/sales/leads" filters={filters} list="salesLeads" />
          {can('sales.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="lead-create">{t('sales.lead.create')}</Button>}
        </Space>
      </Space>
      <Table<Lead> {...tableProps} rowKey="id" columns={columns} data-testid="leads-table"
        rowSelection={can('sales.assign') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (l) => ({ disabled: l.status === 'converted' || l.status === 'lost', 'aria-label': l.name }) } : undefined} />
      <LeadDialog open={creating} onClose={() => setCreating(false)} onDone={(r) => setParams({ id: String(r.lead.id) })} />
      <AssignDialog open={assigning} kind="leads" ids={selected} onClose={() => setAssigning(false)} onDone={() => setSelected([])} />
      <LeadDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}

type Dialog = 'edit' | 'followUp' | 'lose' | 'convert' | 'assign' | null;

export function FollowUpTimeline({ items }: { items: FollowUp[] }) {
  const { t } = useTranslation();
  const methods = useDictionary('follow_up_method');
  if (!items.length) return <Empty description={t('sales.followUp.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline data-testid="follow-up-timeline" items={items.map((f) => ({
      key: f.id,
      children: (
        <>
          <Typography.Text strong>{formatTime(f.at)}</Typography.Text> · {methods.label(f.method)} · {f.byName}
          <div style={{ whiteSpace: 'pre-wrap' }}>{f.content}</div>
          {f.nextFollowUpOn && <Typography.Text type="secondary">{t('sales.nextFollowUp')}：{formatDay(f.nextFollowUpOn)}</Typography.Text>}
        </>
      ),
    }))} />
  );
}

function LeadDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const sources = useDictionary('lead_source');
  const reasons = useDictionary('sales_lost_reason');
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useQuery({ queryKey: ['/sales/leads', 'detail', id], queryFn: () => api.get<LeadDetail>(`/sales/leads/${id}`), enabled: id != null });
  const l = detail.data;
  const open = l && (l.status === 'new' || l.status === 'following');
  const close = () => setDialog(null);
  return (
    <Drawer open={id != null} onClose={onClose} size={860} data-testid="lead-drawer" title={l ? t('sales.lead.detail', { name: l.name }) : ' '}
      extra={l && open && (
        <Space wrap>
          {can('sales.write') && <Button type="primary" onClick={() => setDialog('followUp')} data-testid="follow-up-add">{t('sales.followUp.add')}</Button>}
          {can('sales.write') && <Button onClick={() => setDialog('edit')}>{t('common.edit')}</Button>}
          {can('sales.write') && <Button onClick={() => setDialog('convert')}>{t('sales.convert.button')}</Button>}
          {can('sales.write') && <Button danger onClick={() => setDialog('lose')}>{t('sales.lose.button')}</Button>}
          {can('sales.assign') && <Button onClick={() => setDialog('assign')}>{t('sales.assign.button')}</Button>}
        </Space>
      )}>
      {detail.isLoading && <Spin />}
      {detail.error && <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>}
      {l && (
        <>
          {l.duplicate && <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="lead-duplicate"
            title={t(l.duplicate.inScope ? 'sales.lead.duplicate' : 'sales.lead.duplicateHidden', { name: l.duplicate.name })}
            action={l.duplicate.customerId ? <Link to={`/customers/${l.duplicate.customerId}`}>#{l.duplicate.customerId}</Link> : undefined} />}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('sales.status')}><LeadStatusTag value={l.status} /></Descriptions.Item>
            <Descriptions.Item label={t('sales.mobile')}>{l.mobile ?? t('sales.none')}</Descriptions.Item>
            <Descriptions.Item label={t('sales.source')}>{sources.label(l.source)}</Descriptions.Item>
            <Descriptions.Item label={t('sales.owner')}>{[l.ownerName, l.department].filter(Boolean).join(' · ') || t('sales.none')}</Descriptions.Item>
            <Descriptions.Item label={t('sales.nextFollowUp')}>{l.nextFollowUpOn ? formatDay(l.nextFollowUpOn) : t('sales.none')}</Descriptions.Item>
            <Descriptions.Item label={t('sales.createdAt')}>{formatTime(l.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('sales.intention')} span={2}>{l.intention ?? t('sales.none')}</Descriptions.Item>
            {l.note && <Descriptions.Item label={t('sales.note')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{l.note}</span></Descriptions.Item>}
            {l.status === 'lost' && <Descriptions.Item label={t('sales.lostReason')} span={2}>{reasons.label(l.lostReason)}{l.lostNote ? `：${l.lostNote}` : ''}</Descriptions.Item>}
            {l.customerId && <Descriptions.Item label={t('sales.customer')} span={2}><Link to={`/customers/${l.customerId}`}>{l.customerName}</Link></Descriptions.Item>}
          </Descriptions>
          {l.opportunities.length > 0 && (
            <Space style={{ marginTop: 16 }} wrap>
              {l.opportunities.map((o) => <Link key={o.id} to={`/sales/opportunities?id=${o.id}`}>{o.title} <StageTag value={o.stage} /></Link>)}
            </Space>
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('sales.followUp.timeline')}</Typography.Title>
          <FollowUpTimeline items={l.followUps} />
          <LeadDialog open={dialog === 'edit'} lead={l} onClose={close} />
          <FollowUpDialog open={dialog === 'followUp'} subject={{ kind: 'leads', id: l.id }} onClose={close} />
          <LoseDialog open={dialog === 'lose'} lead={l} onClose={close} />
          <ConvertDialog open={dialog === 'convert'} lead={l} onClose={close} />
          <AssignDialog open={dialog === 'assign'} kind="leads" ids={[l.id]} onClose={close} />
        </>
      )}
    </Drawer>
  );
}
