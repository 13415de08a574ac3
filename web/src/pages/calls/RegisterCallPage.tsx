// 来电登记: the phone rings, the agent types or pastes the number and sees who it is — the customers
// holding it (masked outside the data scope), member number and level, the last calls — then fills
// in the call. An unknown caller may become a sales lead right away (sales.write).
import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { useCan } from '../../auth';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { companyInstant, formatTime } from '../../components/format';
import { longTextMax } from '../../limits';
import { LeadFromCallDialog } from './CallDialogs';
import { CallerMatches, OutcomeTag, callLists, outcomes, useDictionary, useDuration } from './lookups';
import type { Call, CallWithMatches, Direction, Lookup, Outcome } from './types';

interface Values {
  direction: Direction; category: string; summary: string; outcome: Outcome; durationSeconds?: number; startedAt?: Dayjs; followUpOn?: Dayjs; followUpNote?: string;
}

export default function RegisterCallPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const categories = useDictionary('call_category');
  const duration = useDuration();
  const [form] = Form.useForm<Values>();
  const [typed, setTyped] = useState('');
  const [number, setNumber] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [registered, setRegistered] = useState<Call | null>(null);
  const [leadOpen, setLeadOpen] = useState(false);
  const [leadId, setLeadId] = useState<number | null>(null);
  const lookup = useQuery({ queryKey: ['/calls/lookup', { number }], queryFn: () => api.get<Lookup>('/calls/lookup', { number }), enabled: !!number, retry: false });
  const l = lookup.data;
  const inScope = l?.matches.filter((m) => m.inScope) ?? [];

  const identify = (v: string) => {
    setRegistered(null);
    setLeadId(null);
    setChosen(undefined);
    setNumber(v.trim() || null);
  };

  const submit = async (v: Values) => {
    if (!l) { message.warning(t('calls.register.lookupFirst')); return; }
    setSaving(true);
    try {
      // several customers in scope: the agent's choice (or none); otherwise recognition decides
      const customerId = inScope.length > 1 ? chosen ?? null : undefined;
      const r = await api.post<CallWithMatches>('/calls', {
        direction: v.direction, number: l.number, category: v.category, summary: v.summary, outcome: v.outcome, durationSeconds: v.durationSeconds ?? 0,
        startedAt: companyInstant(v.startedAt) ?? null, followUpOn: v.followUpOn ? v.followUpOn.format('YYYY-MM-DD') : null, followUpNote: v.followUpNote || null,
        ...(customerId !== undefined ? { customerId } : {}),
      });
      await Promise.all(callLists.map((p) => qc.invalidateQueries({ queryKey: [p] })));
      message.success(r.call.customerName
        ? t('calls.register.registered', { number: r.call.number, name: r.call.customerName })
        : t('calls.register.registeredUnknown', { number: r.call.number }));
      setRegistered(r.call);
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const next = () => {
    form.resetFields();
    setRegistered(null);
    setLeadId(null);
    setTyped('');
    setNumber(null);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={10}>
        <Card title={t('calls.lookup.who')} style={{ marginBottom: 16 }}>
          <Input.Search
            value={typed} onChange={(e) => setTyped(e.target.value)} onSearch={identify} allowClear enterButton={t('calls.lookup.button')}
            aria-label={t('calls.number')} placeholder={t('calls.lookup.placeholder')} inputMode="tel" maxLength={40} data-testid="call-number"
          />
          <div style={{ marginTop: 16 }} data-testid="caller">
            {lookup.isFetching && <Spin />}
            {lookup.error && <Alert type="error" showIcon title={errorMessage(lookup.error)} />}
            {l && !lookup.isFetching && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text>{t('calls.number')}：<Typography.Text strong>{l.number}</Typography.Text>（{t(`calls.kindValue.${l.numberKind}`)}）</Typography.Text>
                {l.matches.length === 0 && <Alert type="info" showIcon title={t('calls.lookup.none')} />}
                {inScope.length > 1 && <Alert type="warning" showIcon title={t('calls.lookup.several', { count: inScope.length })} />}
                {l.matches.length > 0 && <CallerMatches matches={l.matches} chosen={chosen} onChoose={setChosen} />}
                <Typography.Title level={5} style={{ marginTop: 8 }}>{t('calls.lookup.lastCalls')}</Typography.Title>
                <Table<Call> size="small" rowKey="id" pagination={false} dataSource={l.lastCalls} locale={{ emptyText: t('calls.lookup.noCalls') }} columns={[
                  { title: t('calls.startedAt'), dataIndex: 'startedAt', render: formatTime, width: 150 },
                  { title: t('calls.category'), dataIndex: 'category', render: categories.label, width: 90 },
                  { title: t('calls.summary'), dataIndex: 'summary', ellipsis: true },
                  { title: t('calls.handler'), dataIndex: 'handlerName', width: 90, render: (v: string | null) => v ?? t('calls.none') },
                ]} />
              </Space>
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('calls.register.title')}>
          {registered ? (
            <Space direction="vertical" style={{ width: '100%' }} data-testid="call-registered">
              <Alert type="success" showIcon title={registered.customerName
                ? t('calls.register.registered', { number: registered.number, name: registered.customerName })
                : t('calls.register.registeredUnknown', { number: registered.number })}
                description={<Space wrap><OutcomeTag value={registered.outcome} />{categories.label(registered.category)} · {duration(registered.durationSeconds)}</Space>} />
              <Space wrap>
                {!registered.customerId && !leadId && can('sales.write') && <Button onClick={() => setLeadOpen(true)} data-testid="call-to-lead">{t('calls.toLead.button')}</Button>}
                {leadId && <Link to={`/sales/leads?id=${leadId}`}>{t('calls.toLead.open', { id: leadId })}</Link>}
                <Button type="primary" onClick={next}>{t('calls.register.again')}</Button>
              </Space>
              <LeadFromCallDialog open={leadOpen} call={registered} onClose={() => setLeadOpen(false)} onDone={(r) => setLeadId(r.leadId)} />
            </Space>
          ) : (
            <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ direction: 'inbound', outcome: 'resolved' }} data-testid="call-form">
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="direction" label={t('calls.direction')}>
                    <Radio.Group optionType="button" options={(['inbound', 'outbound'] as const).map((d) => ({ value: d, label: t(`calls.directionValue.${d}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="category" label={t('calls.category')} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select options={categories.options} data-testid="call-category" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="summary" label={t('calls.summary')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                <Input.TextArea rows={4} maxLength={longTextMax} placeholder={t('calls.register.summaryPlaceholder')} data-testid="call-summary" />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="outcome" label={t('calls.outcome')}><Select options={outcomes.map((o) => ({ value: o, label: t(`calls.outcomeValue.${o}`) }))} /></Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="durationSeconds" label={t('calls.durationSeconds')}><InputNumber min={0} max={86_400} precision={0} style={{ width: '100%' }} /></Form.Item>
                </Col>
              </Row>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="startedAt" label={t('calls.startedAt')} extra={t('calls.register.startedAtHint')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="followUpOn" label={t('calls.followUpOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
                </Col>
              </Row>
              <Form.Item name="followUpNote" label={t('calls.followUpNote')}><Input maxLength={500} /></Form.Item>
              <Button type="primary" htmlType="submit" loading={saving} disabled={!l} data-testid="call-submit">{t('calls.register.submit')}</Button>
            </Form>
          )}
        </Card>
      </Col>
    </Row>
  );
}
