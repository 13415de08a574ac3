// 工单: tickets within the data scope (mobiles masked), filtered by status, type, priority,
// assignee, overdue and due today; new ticket, batch reassign (service.assign), export; a ticket's
// drawer holds its timeline (replies, notes, the customer's words, state changes) and the actions
// its state allows.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Checkbox, Descriptions, Drawer, Empty, Input, Select, Space, Spin, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { AssignDialog, ComplaintDialog, LinkArticleDialog, MessageDialog, ReopenDialog, ResolveDialog, SurveyDialog, TicketDialog, type MessageKind } from './ServiceDialogs';
import { OverdueTags, PriorityTag, TicketStatusTag, priorities, serviceLists, ticketStatuses, useDictionary, useEscapeCloses, useServiceStaff } from './lookups';
import type { Priority, Ticket, TicketDetail, TicketEvent, TicketStatus } from './types';

type Filters = {
  q?: string; status?: TicketStatus | 'open'; type?: string; priority?: Priority; assigneeId?: number;
  overdue?: 'any' | 'first_response' | 'resolution'; dueToday?: 'true'; mine?: 'true';
};

export default function TicketsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const { tableProps, filters, setFilters } = useServerTable<Ticket, Filters>('/service/tickets', params.get('overdue') ? { overdue: 'any', ...(params.get('mine') ? { mine: 'true' as const } : {}) } : { status: 'open' });
  const types = useDictionary('ticket_type');
  const staff = useServiceStaff();
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);

  const columns: TableColumnsType<Ticket> = [
    { title: t('service.ticketNo'), dataIndex: 'ticketNo', width: 170, className: 'nowrap', render: (v: string, r) => <Typography.Link onClick={() => setParams({ id: String(r.id) })}>{v}</Typography.Link> },
    { title: t('service.subject'), dataIndex: 'subject', ellipsis: true, render: (v: string, r) => <>{v} <OverdueTags first={r.firstResponseOverdue} resolution={r.resolutionOverdue} /></> },
    { title: t('service.type'), dataIndex: 'type', width: 110, render: types.label },
    { title: t('service.priority'), dataIndex: 'priority', width: 90, render: (v: Priority) => <PriorityTag value={v} /> },
    { title: t('service.status'), dataIndex: 'status', width: 130, render: (v: TicketStatus) => <TicketStatusTag value={v} /> },
    { title: t('service.contactName'), dataIndex: 'contactName', width: 150, render: (v: string | null, r) => [v, r.contactMobile].filter(Boolean).join(' · ') || t('service.none') },
    { title: t('service.assignee'), dataIndex: 'assigneeName', width: 140, render: (v: string | null, r) => [v, r.department].filter(Boolean).join(' · ') || t('service.none') },
    { title: t('service.resolutionDue'), dataIndex: 'resolutionDueAt', width: 160, className: 'nowrap', render: formatTime },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Input.Search allowClear aria-label={t('service.filters.search')} placeholder={t('service.filters.search')} style={{ width: 240 }} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          <Select aria-label={t('service.filters.status')} allowClear placeholder={t('service.filters.status')} style={{ width: 150 }} value={filters.status}
            options={[{ value: 'open', label: t('service.filters.open') }, ...ticketStatuses.map((s) => ({ value: s, label: t(`service.statusValue.${s}`) }))]}
            onChange={(status?: Filters['status']) => setFilters({ ...filters, status })} />
          <Select aria-label={t('service.filters.type')} allowClear placeholder={t('service.filters.type')} style={{ width: 130 }} options={types.allOptions} onChange={(type?: string) => setFilters({ ...filters, type })} />
          <Select aria-label={t('service.filters.priority')} allowClear placeholder={t('service.filters.priority')} style={{ width: 110 }}
            options={priorities.map((p) => ({ value: p, label: t(`service.priorityValue.${p}`) }))} onChange={(priority?: Priority) => setFilters({ ...filters, priority })} />
          <Select aria-label={t('service.filters.assignee')} allowClear showSearch optionFilterProp="label" placeholder={t('service.filters.assignee')} style={{ width: 160 }} options={staff}
            onChange={(assigneeId?: number) => setFilters({ ...filters, assigneeId })} />
          <Select aria-label={t('service.filters.overdue')} allowClear placeholder={t('service.filters.overdue')} style={{ width: 150 }} value={filters.overdue}
            options={(['any', 'first_response', 'resolution'] as const).map((o) => ({ value: o, label: t(`service.overdueValue.${o}`) }))}
            onChange={(overdue?: Filters['overdue']) => setFilters({ ...filters, overdue })} />
          <Checkbox checked={filters.dueToday === 'true'} onChange={(e) => setFilters({ ...filters, dueToday: e.target.checked ? 'true' : undefined })}>{t('service.filters.dueToday')}</Checkbox>
          <Checkbox checked={filters.mine === 'true'} onChange={(e) => setFilters({ ...filters, mine: e.target.checked ? 'true' : undefined })}>{t('service.filters.mine')}</Checkbox>
        </Space>
        <Space wrap>
          {can('service.assign') && <Button disabled={!selected.length} onClick={() => setAssigning(true)}>{t('service.assign.batch', { count: selected.length })}</Button>}
          <ExportButton path="/service/tickets" filters={filters} list="serviceTickets" />
          {can('service.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ticket-create">{t('service.ticket.create')}</Button>}
        </Space>
      </Space>
      <Table<Ticket> {...tableProps} rowKey="id" columns={columns} data-testid="tickets-table"
        rowSelection={can('service.assign') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (r) => ({ disabled: r.status === 'closed', 'aria-label': r.ticketNo }) } : undefined} />
      <TicketDialog open={creating} onClose={() => setCreating(false)} onDone={(r) => setParams({ id: String(r.ticket.id) })} />
      <AssignDialog open={assigning} ids={selected} onClose={() => setAssigning(false)} onDone={() => setSelected([])} />
      <TicketDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}

function EventLine({ e }: { e: TicketEvent }) {
  const { t } = useTranslation();
  const colour = e.kind === 'reply' ? 'blue' : e.kind === 'customer' ? 'green' : e.kind === 'note' ? 'default' : 'purple';
  return (
    <>
      <Typography.Text strong>{formatTime(e.at)}</Typography.Text> · <Tag color={colour}>{t(`service.timeline.kind.${e.kind}`)}</Tag>{e.byName}
      {e.toStatus && <> · {e.fromStatus ? `${t(`service.statusValue.${e.fromStatus}`)} → ` : ''}{t(`service.statusValue.${e.toStatus}`)}</>}
      {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
    </>
  );
}

type Dialog = 'edit' | MessageKind | 'resolve' | 'survey' | 'reopen' | 'assign' | 'complaint' | 'link' | null;

function TicketDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const act = useAction();
  const types = useDictionary('ticket_type');
  const channels = useDictionary('ticket_channel');
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useQuery({ queryKey: ['/service/tickets', 'detail', id], queryFn: () => api.get<TicketDetail>(`/service/tickets/${id}`), enabled: id != null });
  const d = detail.data;
  const open = d && ['new', 'in_progress', 'waiting_customer'].includes(d.status);
  const write = can('service.write');
  const close = () => setDialog(null);
  useEscapeCloses(id != null, dialog != null, onClose);
  const status = (s: 'in_progress' | 'waiting_customer') => act(() => api.post(`/service/tickets/${d!.id}/status`, { status: s }), {
    invalidate: serviceLists, success: t(s === 'in_progress' ? 'service.action.started' : 'service.action.waiting', { no: d!.ticketNo }),
  });
  return (
    <Drawer open={id != null} onClose={onClose} size={900} data-testid="ticket-drawer" title={d ? t('service.ticket.detail', { no: d.ticketNo }) : ' '}
      extra={d && write && (
        <Space wrap>
          {open && <Button type="primary" onClick={() => setDialog('reply')} data-testid="ticket-reply">{t('service.message.reply')}</Button>}
          {d.status !== 'closed' && <Button onClick={() => setDialog('note')} data-testid="ticket-note">{t('service.message.note')}</Button>}
          {open && <Button onClick={() => setDialog('customer')}>{t('service.message.customer')}</Button>}
          {(d.status === 'new' || d.status === 'waiting_customer') && <Button onClick={() => status('in_progress')}>{t('service.action.start')}</Button>}
          {(d.status === 'new' || d.status === 'in_progress') && <Button onClick={() => status('waiting_customer')}>{t('service.action.wait')}</Button>}
          {open && <Button onClick={() => setDialog('resolve')} data-testid="ticket-resolve">{t('service.action.resolve')}</Button>}
          {d.surveyDue && <Button onClick={() => setDialog('survey')} data-testid="ticket-survey">{t('service.action.survey')}</Button>}
          {d.status === 'resolved' && <Button onClick={() => act(() => api.post(`/service/tickets/${d.id}/close`, {}), { invalidate: serviceLists, success: t('service.action.closed', { no: d.ticketNo }) })} data-testid="ticket-close">{t('service.action.close')}</Button>}
          {!open && <Button onClick={() => setDialog('reopen')}>{t('service.action.reopen')}</Button>}
          {open && <Button onClick={() => setDialog('edit')}>{t('common.edit')}</Button>}
          {d.status !== 'closed' && <Button onClick={() => setDialog('link')}>{t('service.action.link')}</Button>}
          {d.type === 'complaint' && !d.complaintId && can('complaint.manage') && <Button onClick={() => setDialog('complaint')}>{t('service.action.complaint')}</Button>}
        </Space>
      )}>
      {detail.isLoading && <Spin />}
      {detail.error && <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>}
      {d && (
        <>
          {can('service.assign') && d.status !== 'closed' && <Button style={{ marginBottom: 12 }} onClick={() => setDialog('assign')}>{t('service.action.assign')}</Button>}
          {d.surveyDue && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.survey.due')} />}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('service.status')}><TicketStatusTag value={d.status} /> <OverdueTags first={d.firstResponseOverdue} resolution={d.resolutionOverdue} /></Descriptions.Item>
            <Descriptions.Item label={t('service.priority')}><PriorityTag value={d.priority} /></Descriptions.Item>
            <Descriptions.Item label={t('service.type')}>{types.label(d.type)}</Descriptions.Item>
            <Descriptions.Item label={t('service.channel')}>{channels.label(d.channel)}</Descriptions.Item>
            <Descriptions.Item label={t('service.contactName')}>{[d.contactName, d.contactMobile].filter(Boolean).join(' · ') || t('service.none')}</Descriptions.Item>
            <Descriptions.Item label={t('service.customer')}>
              {d.customerId && d.customerInScope ? <Link to={`/customers/${d.customerId}`}>{d.customerName}</Link> : (d.customerName ?? t('service.none'))}
            </Descriptions.Item>
            <Descriptions.Item label={t('service.assignee')}>{[d.assigneeName, d.department].filter(Boolean).join(' · ') || t('service.none')}</Descriptions.Item>
            <Descriptions.Item label={t('service.createdAt')}>{formatTime(d.createdAt)} · {d.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('service.firstResponseDue')}>{formatTime(d.firstResponseDueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('service.firstResponseAt')}>{d.firstResponseAt ? formatTime(d.firstResponseAt) : t('service.none')}</Descriptions.Item>
            <Descriptions.Item label={t('service.resolutionDue')}>{formatTime(d.resolutionDueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('service.resolvedAt')}>{d.resolvedAt ? formatTime(d.resolvedAt) : t('service.none')}</Descriptions.Item>
            <Descriptions.Item label={t('service.subject')} span={2}>{d.subject}</Descriptions.Item>
            <Descriptions.Item label={t('service.description')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{d.description}</span></Descriptions.Item>
            {d.resolution && <Descriptions.Item label={t('service.resolution')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{d.resolution}</span></Descriptions.Item>}
            {d.complaintId && <Descriptions.Item label={t('service.complaintRef')} span={2}><Link to={`/complaints?id=${d.complaintId}`}>#{d.complaintId}</Link></Descriptions.Item>}
          </Descriptions>
          {d.surveys.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 20 }}>{t('service.survey.list')}</Typography.Title>
              {d.surveys.map((s) => (
                <div key={s.id} data-testid="ticket-survey-line">
                  {t('service.survey.resolution', { n: s.resolution })} · <span aria-hidden="true" style={{ color: '#d48806' }}>{'★'.repeat(s.score)}{'☆'.repeat(5 - s.score)}</span> {t('service.survey.score')} {s.score}/5 · {s.byName} · {formatTime(s.at)}
                  {s.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{s.comment}</div>}
                </div>
              ))}
            </>
          )}
          {d.articles.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 20 }}>{t('service.link.used')}</Typography.Title>
              <Space wrap>
                {d.articles.map((a) => (
                  <Tag key={a.id} closable={write && d.status !== 'closed'} closeIcon={write && d.status !== 'closed' ? undefined : false}
                    onClose={(e) => { e.preventDefault(); void act(() => api.delete(`/service/tickets/${d.id}/articles/${a.id}`), { invalidate: serviceLists, success: t('service.link.unlinked') }); }}>
                    <Link to={`/service/articles?id=${a.id}`}>{a.title}</Link>
                  </Tag>
                ))}
              </Space>
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 20 }}>{t('service.timeline.title')}</Typography.Title>
          {d.events.length ? <Timeline data-testid="ticket-timeline" items={d.events.map((e) => ({ key: e.id, children: <EventLine e={e} /> }))} />
            : <Empty description={t('service.timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          <TicketDialog open={dialog === 'edit'} ticket={d} onClose={close} />
          {(dialog === 'reply' || dialog === 'note' || dialog === 'customer') && <MessageDialog open ticketId={d.id} kind={dialog} onClose={close} />}
          <ResolveDialog open={dialog === 'resolve'} ticket={d} onClose={close} />
          <SurveyDialog open={dialog === 'survey'} ticketId={d.id} onClose={close} />
          <ReopenDialog open={dialog === 'reopen'} ticket={d} onClose={close} />
          <AssignDialog open={dialog === 'assign'} ids={[d.id]} onClose={close} />
          <ComplaintDialog open={dialog === 'complaint'} ticket={d} onClose={close} />
          <LinkArticleDialog open={dialog === 'link'} ticketId={d.id} onClose={close} />
        </>
      )}
    </Drawer>
  );
}
