// 通话记录: calls within the data scope, newest first, numbers masked; filtered by company days,
// direction, category, outcome, handler, number (or its last digits), recognised or not; export. A
// call's drawer shows it whole, lets the agent link the caller (several → choose), edit, delete a
// call recorded by mistake (with a reason) and make a lead of an unknown caller.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, DatePicker, Descriptions, Drawer, Input, Select, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { ExportButton } from '../../components/ExportButton';
import { formatDay, formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { DeleteCallDialog, EditCallDialog, LeadFromCallDialog } from './CallDialogs';
import { CallerMatches, OutcomeTag, callLists, outcomes, useDictionary, useDuration, useHandlers } from './lookups';
import type { Call, CallWithMatches, Direction, Outcome } from './types';

type Filters = {
  from?: string; to?: string; direction?: Direction; category?: string; outcome?: Outcome; handlerId?: number; number?: string; recognised?: 'true' | 'false';
};
type Range = [Dayjs | null, Dayjs | null] | null;

export default function CallsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const { tableProps, filters, setFilters } = useServerTable<Call, Filters>('/calls');
  const categories = useDictionary('call_category');
  const handlers = useHandlers();
  const duration = useDuration();

  const columns: TableColumnsType<Call> = [
    { title: t('calls.startedAt'), dataIndex: 'startedAt', width: 160, className: 'nowrap', render: (v: string, c) => <Typography.Link onClick={() => setParams({ id: String(c.id) })}>{formatTime(v)}</Typography.Link> },
    { title: t('calls.direction'), dataIndex: 'direction', width: 80, render: (v: Direction) => t(`calls.directionValue.${v}`) },
    { title: t('calls.number'), dataIndex: 'number', width: 140 },
    { title: t('calls.customer'), dataIndex: 'customerName', width: 120, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('calls.unknownCaller')}</Typography.Text> },
    { title: t('calls.category'), dataIndex: 'category', width: 100, render: categories.label },
    { title: t('calls.summary'), dataIndex: 'summary', ellipsis: true },
    { title: t('calls.outcome'), dataIndex: 'outcome', width: 100, render: (v: Outcome) => <OutcomeTag value={v} /> },
    { title: t('calls.duration'), dataIndex: 'durationSeconds', width: 100, render: duration },
    { title: t('calls.handler'), dataIndex: 'handlerName', width: 130, render: (v: string | null, c) => [v, c.department].filter(Boolean).join(' · ') || t('calls.none') },
  ];
  const setRange = (r: Range) => setFilters({ ...filters, from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') });

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <DatePicker.RangePicker allowEmpty={[true, true]} aria-label={t('calls.filters.range')} placeholder={[t('calls.filters.range'), t('calls.filters.range')]} onChange={(r) => setRange(r as Range)} />
          <Input.Search allowClear aria-label={t('calls.filters.number')} placeholder={t('calls.filters.number')} style={{ width: 220 }} inputMode="tel"
            onSearch={(n) => setFilters({ ...filters, number: n.trim() || undefined })} />
          <Select aria-label={t('calls.direction')} allowClear placeholder={t('calls.direction')} style={{ width: 100 }}
            options={(['inbound', 'outbound'] as const).map((d) => ({ value: d, label: t(`calls.directionValue.${d}`) }))} onChange={(direction?: Direction) => setFilters({ ...filters, direction })} />
          <Select aria-label={t('calls.category')} allowClear placeholder={t('calls.category')} style={{ width: 120 }} options={categories.allOptions} onChange={(category?: string) => setFilters({ ...filters, category })} />
          <Select aria-label={t('calls.outcome')} allowClear placeholder={t('calls.outcome')} style={{ width: 120 }}
            options={outcomes.map((o) => ({ value: o, label: t(`calls.outcomeValue.${o}`) }))} onChange={(outcome?: Outcome) => setFilters({ ...filters, outcome })} />
          <Select aria-label={t('calls.handler')} allowClear showSearch optionFilterProp="label" placeholder={t('calls.handler')} style={{ width: 160 }} options={handlers}
            onChange={(handlerId?: number) => setFilters({ ...filters, handlerId })} />
          <Select aria-label={t('calls.filters.recognised')} allowClear placeholder={t('calls.filters.recognised')} style={{ width: 110 }}
            options={(['true', 'false'] as const).map((v) => ({ value: v, label: t(`calls.filters.recognisedValue.${v}`) }))} onChange={(recognised?: 'true' | 'false') => setFilters({ ...filters, recognised })} />
        </Space>
        <Space wrap>
          <ExportButton path="/calls" filters={filters} list="calls" />
          {can('calls.write') && <Button type="primary" icon={<PhoneOutlined />} onClick={() => navigate('/calls/register')}>{t('calls.menu.register')}</Button>}
        </Space>
      </Space>
      <Table<Call> {...tableProps} rowKey="id" columns={columns} data-testid="calls-table" scroll={{ x: 'max-content' }} />
      <CallDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}

type Dialog = 'edit' | 'delete' | 'lead' | null;

function CallDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const categories = useDictionary('call_category');
  const duration = useDuration();
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useQuery({ queryKey: ['/calls', 'detail', id], queryFn: () => api.get<CallWithMatches>(`/calls/${id}`), enabled: id != null });
  const c = detail.data?.call;
  const close = () => setDialog(null);
  const link = async (customerId: number | null) => {
    try {
      const r = await api.patch<Call>(`/calls/${id}`, { customerId });
      await Promise.all(callLists.map((p) => qc.invalidateQueries({ queryKey: [p] })));
      message.success(customerId ? t('calls.detail.linked', { name: r.customerName }) : t('calls.detail.unlinked'));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <Drawer open={id != null} onClose={onClose} size={760} data-testid="call-drawer" title={c ? t('calls.detail.title', { number: c.number }) : ' '}
      extra={c && can('calls.write') && (
        <Space wrap>
          <Button onClick={() => setDialog('edit')}>{t('calls.detail.edit')}</Button>
          {!c.customerId && !c.leadId && can('sales.write') && <Button onClick={() => setDialog('lead')}>{t('calls.toLead.button')}</Button>}
          <Button danger onClick={() => setDialog('delete')}>{t('calls.remove.button')}</Button>
        </Space>
      )}>
      {detail.isLoading && <Spin />}
      {detail.error && <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>}
      {c && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('calls.number')}>{c.number}（{t(`calls.kindValue.${c.numberKind}`)}）</Descriptions.Item>
            <Descriptions.Item label={t('calls.direction')}>{t(`calls.directionValue.${c.direction}`)}</Descriptions.Item>
            <Descriptions.Item label={t('calls.startedAt')}>{formatTime(c.startedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('calls.duration')}>{duration(c.durationSeconds)}</Descriptions.Item>
            <Descriptions.Item label={t('calls.customer')}>
              {c.customerId ? <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link> : c.customerName ?? t('calls.unknownCaller')}
              {c.customerId && can('calls.write') && <Button type="link" size="small" onClick={() => link(null)}>{t('calls.detail.unlink')}</Button>}
            </Descriptions.Item>
            <Descriptions.Item label={t('calls.handler')}>{[c.handlerName, c.department].filter(Boolean).join(' · ') || t('calls.none')}</Descriptions.Item>
            <Descriptions.Item label={t('calls.category')}>{categories.label(c.category)}</Descriptions.Item>
            <Descriptions.Item label={t('calls.outcome')}><OutcomeTag value={c.outcome} /></Descriptions.Item>
            <Descriptions.Item label={t('calls.summary')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{c.summary || t('calls.none')}</span></Descriptions.Item>
            <Descriptions.Item label={t('calls.followUpOn')}>{c.followUpOn ? formatDay(c.followUpOn) : t('calls.none')}</Descriptions.Item>
            <Descriptions.Item label={t('calls.followUpNote')}>{c.followUpNote ?? t('calls.none')}</Descriptions.Item>
            <Descriptions.Item label={t('calls.source')}>{t(`calls.sourceValue.${c.source}`)}{c.callId ? ` · ${c.callId}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('calls.lead')}>{c.leadId ? <Link to={`/sales/leads?id=${c.leadId}`}>#{c.leadId}</Link> : t('calls.none')}</Descriptions.Item>
          </Descriptions>
          {!c.customerId && detail.data!.matches.some((m) => m.inScope) && can('calls.write') && (
            <div style={{ marginTop: 16 }}>
              <Typography.Title level={5}>{t('calls.detail.link')}</Typography.Title>
              <CallerMatches matches={detail.data!.matches} chosen={null} onChoose={(cid) => cid && link(cid)} />
              {detail.data!.matches.filter((m) => m.inScope).length === 1 && (
                <Button style={{ marginTop: 8 }} onClick={() => link(detail.data!.matches.find((m) => m.inScope)!.customerId)}>{t('calls.detail.link')}</Button>
              )}
            </div>
          )}
          <EditCallDialog open={dialog === 'edit'} call={c} onClose={close} />
          <DeleteCallDialog open={dialog === 'delete'} call={c} onClose={close} onDone={onClose} />
          <LeadFromCallDialog open={dialog === 'lead'} call={c} onClose={close} />
        </>
      )}
    </Drawer>
  );
}
