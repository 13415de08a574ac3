// Webhook: endpoints other systems are told about changes on (SPEC §11), their last delivery, and
// the deliveries with their attempts and errors. The signing secret is shown once, at creation
// and at rotation; the server never shows it again.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../../api';
import { Confirm } from '../../components/Confirm';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';
import { tableStateProps } from '../../components/tableState';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { useServerTable } from '../../components/useServerTable';
import { actionLabel, entityTypeLabel, knownActions } from '../audit/labels';

type DeliveryStatus = 'queued' | 'sending' | 'delivered' | 'failed';
interface Endpoint {
  id: number; name: string; url: string; events: string[]; active: boolean; createdBy: string; createdAt: string; updatedBy: string; updatedAt: string;
  lastDelivery: { status: DeliveryStatus; statusCode: number | null; at: string } | null; queued: number; failed: number;
}
interface Delivery {
  id: number; endpointId: number; eventType: string; entityType: string; entityId: string | null; occurredAt: string; status: DeliveryStatus;
  attempts: number; nextAttemptAt: string; lastStatusCode: number | null; lastError: string | null; lastAttemptAt: string | null; deliveredAt: string | null;
}
interface Values { name: string; url: string; events: string[]; active?: boolean }

const statusColor: Record<DeliveryStatus, string> = { queued: 'blue', sending: 'processing', delivered: 'green', failed: 'red' };
const StatusTag = ({ status }: { status: DeliveryStatus }) => {
  const { t } = useTranslation();
  return <Tag color={statusColor[status]}>{t(`webhooks.status.${status}`)}</Tag>;
};

/** An event pattern in words: 全部变更, 会员卡 · 全部, or the action's label. */
function eventLabel(t: TFunction, e: string): string {
  if (e === '*') return t('webhooks.allEvents');
  if (e.endsWith('.*')) {
    const group = e.slice(0, -2);
    return t('webhooks.allOf', { group: t(`permissionGroup.${group}`, { defaultValue: group }) });
  }
  return actionLabel(t, e);
}

function useEventOptions() {
  const { t } = useTranslation();
  return useMemo(() => {
    const actions = knownActions.filter((a) => a.includes('.') && !a.startsWith('webhook.'));
    const groups = [...new Set(actions.map((a) => a.split('.')[0]))];
    return [
      { label: t('webhooks.allEvents'), value: '*' },
      ...groups.map((g) => ({
        label: t(`permissionGroup.${g}`, { defaultValue: g }),
        options: [{ label: eventLabel(t, `${g}.*`), value: `${g}.*` }, ...actions.filter((a) => a.startsWith(`${g}.`)).map((a) => ({ label: `${actionLabel(t, a)} (${a})`, value: a }))],
      })),
    ];
  }, [t]);
}

function EndpointDialog(props: { open: boolean; editing: Endpoint | null; onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const options = useEventOptions();
  const required = { required: true, message: t('validation.required') };
  const editing = props.editing;
  return (
    <FormDialog<Values, Endpoint & { secret?: string }>
      key={editing?.id ?? 'new'}
      open={props.open}
      title={editing ? t('webhooks.editTitle') : t('webhooks.create')}
      okText={editing ? t('common.save') : t('common.create')}
      width={640}
      initialValues={editing ? { name: editing.name, url: editing.url, events: editing.events, active: editing.active } : { events: [], active: true }}
      invalidate={['/webhooks', '/webhooks/deliveries']}
      successMessage={(r) => (editing ? t('common.savedNamed', { what: 'Webhook', name: r.name }) : t('common.createdNamed', { what: 'Webhook', name: r.name }))}
      onSubmit={(values) => (editing ? api.patch<Endpoint>(`/webhooks/${editing.id}`, values) : api.post<Endpoint & { secret: string }>('/webhooks', values))}
      onDone={(r) => { if (r.secret) props.onCreated(r.secret); }}
      onClose={props.onClose}
    >
      <Form.Item name="name" label={t('webhooks.name')} rules={[required]} extra={t('webhooks.nameHint')}><Input maxLength={64} /></Form.Item>
      <Form.Item name="url" label={t('webhooks.url')} rules={[required]} extra={t('webhooks.urlHint')}><Input maxLength={2000} placeholder="https://" /></Form.Item>
      <Form.Item name="events" label={t('webhooks.events')} rules={[{ ...required, type: 'array', min: 1 }]} extra={t('webhooks.eventsHint')}>
        <Select mode="multiple" options={options} optionFilterProp="label" allowClear />
      </Form.Item>
      <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked"><Switch /></Form.Item>
    </FormDialog>
  );
}

/** The signing secret, shown this once. */
function SecretNotice({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!secret} title={t('webhooks.secretTitle')} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText={t('common.done')} mask={{ closable: false }}>
      <Alert type="warning" showIcon title={t('webhooks.secretOnce')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: secret ?? '' }} code data-testid="webhook-secret" style={{ wordBreak: 'break-all' }}>{secret}</Typography.Paragraph>
    </Modal>
  );
}

export default function WebhooksPage() {
  const { t } = useTranslation();
  const act = useAction();
  const endpoints = useList<Endpoint>('/webhooks');
  const deliveries = useServerTable<Delivery, { endpointId?: number; status?: DeliveryStatus }>('/webhooks/deliveries');
  const [dialog, setDialog] = useState<{ editing: Endpoint | null } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const lists = ['/webhooks', '/webhooks/deliveries'];
  // while something waits to be sent, the lists follow what the delivery job does
  const waiting = (endpoints.data ?? []).some((e) => e.queued > 0);
  const { refetch: refetchEndpoints } = endpoints;
  const { refetch: refetchDeliveries } = deliveries.query;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => { void refetchEndpoints(); void refetchDeliveries(); }, 5000);
    return () => clearInterval(timer);
  }, [waiting, refetchEndpoints, refetchDeliveries]);
  const nameOf = (id: number) => endpoints.data?.find((e) => e.id === id)?.name ?? `#${id}`;

  const setActive = (e: Endpoint, active: boolean) =>
    act(() => api.patch(`/webhooks/${e.id}`, { active }), { invalidate: lists, success: t(active ? 'webhooks.activated' : 'webhooks.deactivated', { name: e.name }) });
  const test = (e: Endpoint) => act(() => api.post(`/webhooks/${e.id}/test`, {}), { invalidate: lists, success: t('webhooks.tested', { name: e.name }) });
  const rotate = async (e: Endpoint) => {
    let fresh = '';
    const ok = await act(async () => { fresh = (await api.post<{ secret: string }>(`/webhooks/${e.id}/rotate-secret`, {})).secret; }, { invalidate: lists, success: t('webhooks.rotated', { name: e.name }) });
    if (ok) setSecret(fresh);
  };
  // the message names what happened, the waiting events it cancels included
  const remove = (e: Endpoint) => act(() => api.delete(`/webhooks/${e.id}`), {
    invalidate: lists, success: t('webhooks.deleted', { name: e.name, dropped: e.queued ? t('webhooks.droppedNote', { n: e.queued }) : '' }),
  });
  const redeliver = (d: Delivery) => act(() => api.post(`/webhooks/deliveries/${d.id}/redeliver`, {}), { invalidate: lists, success: t('webhooks.redelivered', { id: d.id }) });

  const columns: TableColumnsType<Endpoint> = [
    { title: t('webhooks.name'), dataIndex: 'name' },
    { title: t('webhooks.url'), dataIndex: 'url', render: (v: string) => <Typography.Text code style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
    { title: t('webhooks.events'), dataIndex: 'events', render: (v: string[]) => <Space size={[0, 4]} wrap>{v.map((e) => <Tag key={e} title={e}>{eventLabel(t, e)}</Tag>)}</Space> },
    {
      title: t('webhooks.active'), dataIndex: 'active',
      render: (v: boolean, e) => <Switch size="small" checked={v} aria-label={`${t('webhooks.active')} ${e.name}`} onChange={(on) => setActive(e, on)} />,
    },
    {
      title: t('webhooks.lastDelivery'), key: 'last',
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          {e.lastDelivery ? <span><StatusTag status={e.lastDelivery.status} />{e.lastDelivery.statusCode ?? ''} {formatTime(e.lastDelivery.at)}</span> : <Typography.Text type="secondary">{t('webhooks.noDelivery')}</Typography.Text>}
          {(e.queued > 0 || e.failed > 0) && (
            <Typography.Text type="secondary">
              {[e.queued ? t('webhooks.queued', { n: e.queued }) : '', e.failed ? t('webhooks.failedCount', { n: e.failed }) : ''].filter(Boolean).join('，')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('common.actions'), key: 'actions', fixed: 'right', className: 'nowrap',
      render: (_, e) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ editing: e })}>{t('common.edit')}</Button>
          <Button type="link" size="small" disabled={!e.active} onClick={() => test(e)}>{t('webhooks.test')}</Button>
          <Confirm title={t('webhooks.confirmRotate', { name: e.name })} okText={t('webhooks.rotate')} cancelText={t('common.cancel')} onConfirm={() => rotate(e)}>
            <Button type="link" size="small">{t('webhooks.rotate')}</Button>
          </Confirm>
          <Confirm title={t('webhooks.confirmDelete', { name: e.name })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove(e)}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Confirm>
        </Space>
      ),
    },
  ];

  const deliveryColumns: TableColumnsType<Delivery> = [
    { title: '#', dataIndex: 'id', className: 'nowrap' },
    { title: t('webhooks.endpoint'), dataIndex: 'endpointId', render: nameOf },
    { title: t('webhooks.event'), dataIndex: 'eventType', render: (v: string) => <span title={v}>{v === 'webhook.test' ? t('auditAction.webhook.test') : actionLabel(t, v)}</span> },
    { title: t('webhooks.record'), key: 'record', render: (_, d) => `${entityTypeLabel(t, d.entityType)} ${d.entityId ?? ''}` },
    { title: t('webhooks.occurredAt'), dataIndex: 'occurredAt', render: formatTime, className: 'nowrap' },
    { title: t('common.status'), dataIndex: 'status', render: (s: DeliveryStatus) => <StatusTag status={s} /> },
    { title: t('webhooks.attempts'), dataIndex: 'attempts' },
    { title: t('webhooks.code'), dataIndex: 'lastStatusCode', render: (v: number | null) => v ?? '—' },
    { title: t('webhooks.error'), dataIndex: 'lastError', render: (v: string | null) => (v ? <Typography.Text type="danger" style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> : '—') },
    { title: t('webhooks.lastAttemptAt'), dataIndex: 'lastAttemptAt', render: formatTime, className: 'nowrap' },
    { title: t('webhooks.nextAttemptAt'), key: 'next', className: 'nowrap', render: (_, d) => (d.status === 'queued' ? formatTime(d.nextAttemptAt) : '—') },
    {
      title: t('common.actions'), key: 'actions', fixed: 'right', className: 'nowrap',
      render: (_, d) => (d.status === 'failed' || d.status === 'delivered') && (
        <Button type="link" size="small" onClick={() => redeliver(d)}>{t('webhooks.redeliver')}</Button>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary" style={{ maxWidth: 900, display: 'block' }}>{t('webhooks.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>{t('webhooks.create')}</Button>
      </Space>
      <Table<Endpoint> {...tableStateProps<Endpoint>(endpoints)} data-testid="webhooks-table" rowKey="id" dataSource={endpoints.data ?? []} columns={columns} pagination={false} scroll={{ x: 'max-content' }} />
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('webhooks.deliveries')}</Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ minWidth: 200 }} aria-label={t('webhooks.endpoint')} placeholder={t('webhooks.allEndpoints')} allowClear
          value={deliveries.filters.endpointId} onChange={(v?: number) => deliveries.setFilters({ ...deliveries.filters, endpointId: v })}
          options={(endpoints.data ?? []).map((e) => ({ value: e.id, label: e.name }))}
        />
        <Select
          style={{ minWidth: 140 }} aria-label={t('common.status')} placeholder={t('webhooks.allStatuses')} allowClear
          value={deliveries.filters.status} onChange={(v?: DeliveryStatus) => deliveries.setFilters({ ...deliveries.filters, status: v })}
          options={(['queued', 'sending', 'delivered', 'failed'] as const).map((s) => ({ value: s, label: t(`webhooks.status.${s}`) }))}
        />
        <Button onClick={() => void deliveries.query.refetch()}>{t('common.reload')}</Button>
      </Space>
      <Table<Delivery> {...deliveries.tableProps} data-testid="webhook-deliveries" rowKey="id" columns={deliveryColumns} scroll={{ x: 'max-content' }} />
      <EndpointDialog open={!!dialog} editing={dialog?.editing ?? null} onClose={() => setDialog(null)} onCreated={setSecret} />
      <SecretNotice secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
