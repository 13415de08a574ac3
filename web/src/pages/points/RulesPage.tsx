// 积分规则与设置: trigger rules (event → points, levels, auto-approve) and the settings of
// expiry and reminders.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { useCardTypes } from '../cards/shared';
import type { Rule, Settings } from './types';

/** Each fires on its event (server: purchase-points.ts, triggers.ts); only a purchase has an amount to count. */
const eventTypes = ['purchase', 'activity', 'care', 'complaint'] as const;

export default function RulesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { label } = useCardTypes();
  const rules = useList<Rule>('/points/rules');
  const [dialog, setDialog] = useState<Rule | 'new' | null>(null);
  const formula = (r: Rule) => (r.formula === 'fixed'
    ? t('points.rules.formulaText.fixed', { points: r.points })
    : t('points.rules.formulaText.perAmount', { points: r.points, yuan: (r.perFen ?? 0) / 100 }));
  const columns: TableColumnsType<Rule> = [
    { title: t('points.rules.name'), dataIndex: 'name' },
    { title: t('points.rules.eventType'), dataIndex: 'eventType', render: (v: string) => t(`points.source.${v}`) },
    { title: t('points.rules.formula'), key: 'f', render: (_, r) => formula(r) },
    { title: t('points.rules.levels'), dataIndex: 'eligibleLevels', render: (v: string[]) => (v.length ? v.map((c) => <Tag key={c}>{label(c)}</Tag>) : t('points.plans.allLevels')) },
    { title: t('points.rules.autoApprove'), dataIndex: 'autoApprove', render: (v: boolean) => (v ? t('points.rules.autoApprove') : t('points.rules.needsApproval')) },
    { title: t('common.status'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
    { title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, r) => can('points.rules') && <Button type="link" size="small" onClick={() => setDialog(r)}>{t('common.edit')}</Button> },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('points.rules.title')} extra={can('points.rules') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>{t('points.rules.add')}</Button>}>
        <Table<Rule> scroll={{ x: 'max-content' }} rowKey="id" size="small" loading={rules.isLoading} dataSource={rules.data ?? []} columns={columns} pagination={false} />
      </Card>
      <SettingsCard />
      {dialog && <RuleDialog rule={dialog === 'new' ? undefined : dialog} onClose={() => setDialog(null)} />}
    </Space>
  );
}

type RuleValues = Omit<Rule, 'id' | 'perFen'> & { perYuan?: number };

function RuleDialog({ rule, onClose }: { rule?: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const { types, label } = useCardTypes();
  const [formula, setFormula] = useState(rule?.formula ?? 'fixed');
  const [eventType, setEventType] = useState<string>(rule?.eventType ?? 'activity');
  const submit = ({ perYuan, ...v }: RuleValues) => {
    const body = { ...v, perFen: v.formula === 'per_amount' ? Math.round((perYuan ?? 0) * 100) : null };
    return rule ? api.patch(`/points/rules/${rule.id}`, body) : api.post('/points/rules', body);
  };
  return (
    <FormDialog<RuleValues>
      open title={rule ? t('points.rules.edit') : t('points.rules.add')} onClose={onClose} onSubmit={submit} invalidate={['/points/rules']} successMessage={t('common.saved')}
      initialValues={rule ? { ...rule, perYuan: rule.perFen ? rule.perFen / 100 : undefined } : { eventType: 'activity', formula: 'fixed', autoApprove: false, active: true, eligibleLevels: [] }}
    >
      <Form.Item name="name" label={t('points.rules.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="eventType" label={t('points.rules.eventType')} extra={t(`points.rules.when.${eventType}`)}>
        <Select data-testid="rule-event" onChange={(v: string) => setEventType(v)} options={eventTypes.map((e) => ({ value: e, label: t(`points.source.${e}`) }))} />
      </Form.Item>
      <Form.Item name="formula" label={t('points.rules.formula')}>
        <Radio.Group optionType="button" onChange={(e) => setFormula(e.target.value)} options={[
          { value: 'fixed', label: t('points.rules.fixed') },
          ...(eventType === 'purchase' || formula === 'per_amount' ? [{ value: 'per_amount', label: t('points.rules.perAmount') }] : []),
        ]} />
      </Form.Item>
      <Space size={16}>
        <Form.Item name="points" label={t('points.rules.points')} rules={[{ required: true, message: t('validation.required') }]}><InputNumber min={1} precision={0} /></Form.Item>
        {formula === 'per_amount' && (
          <Form.Item name="perYuan" label={t('points.rules.perYuan')} rules={[{ required: true, message: t('validation.required') }]}><InputNumber min={0.01} precision={2} /></Form.Item>
        )}
      </Space>
      <Form.Item name="eligibleLevels" label={t('points.rules.levels')} extra={t('points.plans.allLevels')}>
        <Select mode="multiple" allowClear options={types.filter((x) => x.kind === 'main').map((x) => ({ value: x.code, label: label(x.code) }))} />
      </Form.Item>
      <Space size={24}>
        <Form.Item name="autoApprove" label={t('points.rules.autoApprove')} valuePropName="checked" extra={t('points.rules.autoApproveHint')}><Switch /></Form.Item>
        <Form.Item name="active" label={t('points.rules.active')} valuePropName="checked"><Switch /></Form.Item>
      </Space>
    </FormDialog>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const [form] = Form.useForm<Settings>();
  const settings = useQuery({ queryKey: ['/points/settings'], queryFn: () => api.get<Settings>('/points/settings') });
  const mode = Form.useWatch('expiryMode', form);
  useEffect(() => { if (settings.data) form.setFieldsValue(settings.data); }, [settings.data, form]);
  const save = (v: Settings) => act(() => api.patch('/points/settings', { ...v, balanceReminderDay: v.balanceReminderDay ?? null }), { invalidate: ['/points/settings'], success: t('common.saved') });
  return (
    <Card size="small" title={t('points.settings.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('points.settings.note')} />
      <Form form={form} layout="vertical" onFinish={save} disabled={!can('points.rules')}>
        <Form.Item name="expiryMode" label={t('points.settings.expiryMode')}>
          <Radio.Group options={(['none', 'months', 'year_end'] as const).map((m) => ({ value: m, label: t(`points.settings.modeValue.${m}`) }))} />
        </Form.Item>
        <Space size={16} wrap>
          {mode === 'months' && <Form.Item name="expiryMonths" label={t('points.settings.expiryMonths')}><InputNumber min={1} max={600} precision={0} /></Form.Item>}
          {mode === 'year_end' && <Form.Item name="expiryYears" label={t('points.settings.expiryYears')}><InputNumber min={0} max={50} precision={0} /></Form.Item>}
          <Form.Item name="reminderDays" label={t('points.settings.reminderDays')} extra={t('points.settings.reminderHint')}><InputNumber min={0} max={365} precision={0} /></Form.Item>
          <Form.Item name="reminderChannel" label={t('points.settings.reminderChannel')}>
            <Select style={{ width: 140 }} options={(['sms', 'email'] as const).map((c) => ({ value: c, label: t(`points.settings.channel.${c}`) }))} />
          </Form.Item>
          <Form.Item name="balanceReminderDay" label={t('points.settings.balanceReminderDay')} extra={t('points.settings.balanceHint')}><InputNumber min={1} max={28} precision={0} /></Form.Item>
        </Space>
        <Button type="primary" htmlType="submit">{t('points.settings.save')}</Button>
      </Form>
    </Card>
  );
}
