// 兑付计划: the reward catalogue — item, points cost, stock, period, eligible levels, per-member
// limit, visible on the website.
import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { useServerTable } from '../../components/useServerTable';
import { useCardTypes } from '../cards/shared';
import type { Plan } from './types';
import { longTextMax } from '../../limits';

type Values = Omit<Plan, 'id' | 'stockLeft' | 'startsOn' | 'endsOn'> & { period?: [Dayjs | null, Dayjs | null] | null };

export default function PlansPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { label } = useCardTypes();
  const { tableProps, filters, setFilters } = useServerTable<Plan, { open?: string }>('/redemption-plans');
  const [dialog, setDialog] = useState<Plan | 'new' | null>(null);
  const columns: TableColumnsType<Plan> = [
    { title: t('points.plans.item'), dataIndex: 'item' },
    { title: t('points.plans.pointsCost'), dataIndex: 'pointsCost' },
    { title: t('points.plans.stockLeft'), key: 's', render: (_, p) => (p.stockTotal == null ? t('points.redeem.unlimited') : `${p.stockLeft} / ${p.stockTotal}`) },
    { title: t('points.plans.period'), key: 'p', render: (_, p) => `${p.startsOn ?? '…'} ~ ${p.endsOn ?? '…'}` },
    { title: t('points.plans.levels'), dataIndex: 'eligibleLevels', render: (v: string[]) => (v.length ? v.map((c) => <Tag key={c}>{label(c)}</Tag>) : t('points.plans.allLevels')) },
    { title: t('points.plans.limit'), dataIndex: 'limitPerMember', render: (v: number | null) => v ?? '—' },
    { title: t('points.plans.website'), dataIndex: 'visibleOnWebsite', render: (v: boolean) => (v ? '✓' : '—') },
    { title: t('common.status'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
    { title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, p) => can('redemption.manage') && <Button type="link" size="small" onClick={() => setDialog(p)}>{t('common.edit')}</Button> },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        {can('redemption.manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')} data-testid="plan-add">{t('points.plans.add')}</Button>}
        <Radio.Group optionType="button" value={filters.open ?? ''} onChange={(e) => setFilters({ open: e.target.value || undefined })}
          options={[{ value: '', label: t('cards.upgrades.all') }, { value: 'true', label: t('points.plans.open') }]} />
      </Space>
      <Table<Plan> {...tableProps} columns={columns} data-testid="plans-table" />
      {dialog && <PlanDialog plan={dialog === 'new' ? undefined : dialog} onClose={() => setDialog(null)} />}
    </>
  );
}

function PlanDialog({ plan, onClose }: { plan?: Plan; onClose: () => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const { types, label } = useCardTypes();
  const submit = ({ period, ...v }: Values) => {
    const body = { ...v, description: v.description || null, stockTotal: v.stockTotal ?? null, limitPerMember: v.limitPerMember ?? null,
      startsOn: period?.[0]?.format('YYYY-MM-DD') ?? null, endsOn: period?.[1]?.format('YYYY-MM-DD') ?? null };
    return plan ? api.patch(`/redemption-plans/${plan.id}`, body) : api.post('/redemption-plans', body);
  };
  return (
    <FormDialog<Values>
      open title={plan ? t('points.plans.edit') : t('points.plans.add')} onClose={onClose} onSubmit={submit} invalidate={['/redemption-plans']} successMessage={(_, v) => named('redemptionPlan', v.item, !!plan)} width={600}
      initialValues={plan
        ? { ...plan, period: [plan.startsOn ? dayjs(plan.startsOn) : null, plan.endsOn ? dayjs(plan.endsOn) : null] }
        : { visibleOnWebsite: true, active: true, eligibleLevels: [] }}
    >
      <Form.Item name="item" label={t('points.plans.item')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={100} data-testid="plan-item" /></Form.Item>
      <Form.Item name="description" label={t('points.plans.description')}><Input.TextArea rows={2} maxLength={longTextMax} /></Form.Item>
      <Space size={16} wrap>
        <Form.Item name="pointsCost" label={t('points.plans.pointsCost')} rules={[{ required: true, message: t('validation.required') }]}><InputNumber min={1} precision={0} data-testid="plan-cost" /></Form.Item>
        <Form.Item name="stockTotal" label={t('points.plans.stock')} extra={t('points.plans.stockHint')}><InputNumber min={0} precision={0} /></Form.Item>
        <Form.Item name="limitPerMember" label={t('points.plans.limit')} extra={t('points.plans.limitHint')}><InputNumber min={1} precision={0} /></Form.Item>
      </Space>
      <Form.Item name="period" label={t('points.plans.period')}><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
      <Form.Item name="eligibleLevels" label={t('points.plans.levels')} extra={t('points.plans.allLevels')}>
        <Select mode="multiple" allowClear options={types.filter((x) => x.kind === 'main').map((x) => ({ value: x.code, label: label(x.code) }))} />
      </Form.Item>
      <Space size={24}>
        <Form.Item name="visibleOnWebsite" label={t('points.plans.website')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="active" label={t('points.plans.active')} valuePropName="checked"><Switch /></Form.Item>
      </Space>
    </FormDialog>
  );
}
