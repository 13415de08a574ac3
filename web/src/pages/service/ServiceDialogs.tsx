// The forms of service work: a ticket (new / edit), a reply / note / customer message, resolving
// (with a satisfaction score if the customer gave one), a survey, reopening, reassigning, making a
// complaint, using an article, and a knowledge-base article. Each sends one API call; refusals show
// on the fields, success says what happened.
import { useState } from 'react';
import { Alert, Checkbox, Form, Input, InputNumber, Rate, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { longTextMax } from '../../limits';
import { priorities, serviceLists, useDictionary, useServiceStaff } from './lookups';
import type { Article, ArticleListItem, AssignResult, CustomerSeen, Priority, Ticket, TicketDetail } from './types';

const required = (msg: string) => [{ required: true, whitespace: true, message: msg }];

interface TicketValues {
  type: string; channel: string; priority: Priority; subject: string; description: string; contactName?: string; contactMobile?: string;
  assigneeId?: number; department?: string;
}

export function TicketDialog({ open, ticket, onClose, onDone }: { open: boolean; ticket?: Ticket | null; onClose: () => void; onDone?: (r: { ticket: Ticket; customer: CustomerSeen | null }) => void }) {
  const { t } = useTranslation();
  const types = useDictionary('ticket_type');
  const channels = useDictionary('ticket_channel');
  const staff = useServiceStaff();
  const submit = async (v: TicketValues) => {
    if (ticket) {
      const d = await api.patch<TicketDetail>(`/service/tickets/${ticket.id}`, {
        type: v.type, channel: v.channel, priority: v.priority, subject: v.subject, description: v.description, contactName: v.contactName || null,
      });
      return { ticket: d, customer: null };
    }
    return api.post<{ ticket: Ticket; customer: CustomerSeen | null }>('/service/tickets', {
      ...v, contactName: v.contactName || null, contactMobile: v.contactMobile || null, assigneeId: v.assigneeId ?? null, department: v.department || null,
    });
  };
  return (
    <FormDialog<TicketValues, { ticket: Ticket; customer: CustomerSeen | null }>
      open={open} title={t(ticket ? 'service.ticket.editTitle' : 'service.ticket.createTitle')} width={620} onClose={onClose} onSubmit={submit}
      invalidate={serviceLists} okText={ticket ? undefined : t('common.create')} onDone={onDone}
      successMessage={(r) => ticket ? t('service.ticket.saved', { no: r.ticket.ticketNo })
        : r.customer?.inScope ? t('service.ticket.createdWithCustomer', { no: r.ticket.ticketNo, name: r.customer.name })
        : r.customer ? t('service.ticket.createdOtherCustomer', { no: r.ticket.ticketNo, name: r.customer.name })
        : t('service.ticket.created', { no: r.ticket.ticketNo })}
      initialValues={ticket
        ? { type: ticket.type, channel: ticket.channel, priority: ticket.priority, subject: ticket.subject, description: ticket.description, contactName: ticket.contactName ?? undefined }
        : { type: 'inquiry', channel: 'phone', priority: 'normal' }}
    >
      <Form.Item name="type" label={t('service.type')} rules={required(t('validation.required'))}><Select options={types.options} data-testid="ticket-type" /></Form.Item>
      <Form.Item name="channel" label={t('service.channel')} rules={required(t('validation.required'))}><Select options={channels.options} /></Form.Item>
      <Form.Item name="priority" label={t('service.priority')}><Select options={priorities.map((p) => ({ value: p, label: t(`service.priorityValue.${p}`) }))} data-testid="ticket-priority" /></Form.Item>
      <Form.Item name="subject" label={t('service.subject')} rules={required(t('validation.required'))}><Input maxLength={200} data-testid="ticket-subject" /></Form.Item>
      <Form.Item name="description" label={t('service.description')} rules={required(t('validation.required'))}>
        <Input.TextArea rows={4} maxLength={longTextMax} data-testid="ticket-description" />
      </Form.Item>
      <Form.Item name="contactName" label={t('service.contactName')}><Input maxLength={60} /></Form.Item>
      {!ticket && (
        <>
          <Form.Item name="contactMobile" label={t('service.contactMobile')} extra={t('service.ticket.customerHint')}><Input maxLength={20} inputMode="tel" data-testid="ticket-mobile" /></Form.Item>
          <Form.Item name="assigneeId" label={t('service.assignee')} extra={t('service.ticket.assigneeHint')}><Select allowClear showSearch optionFilterProp="label" options={staff} /></Form.Item>
          <Form.Item name="department" label={t('service.department')} extra={t('service.ticket.departmentHint')}><Input maxLength={60} /></Form.Item>
        </>
      )}
    </FormDialog>
  );
}

export type MessageKind = 'reply' | 'note' | 'customer';

export function MessageDialog({ open, ticketId, kind, onClose }: { open: boolean; ticketId: number; kind: MessageKind; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ body: string }, TicketDetail>
      open={open} title={t(`service.message.title.${kind}`)} width={560} onClose={onClose} invalidate={serviceLists} okText={t(`service.message.${kind}`)}
      onSubmit={(v) => api.post<TicketDetail>(`/service/tickets/${ticketId}/messages`, { kind, body: v.body })}
      successMessage={() => t(`service.message.done.${kind}`)}
    >
      <Form.Item name="body" label={t('service.message.body')} rules={required(t('validation.required'))}>
        <Input.TextArea rows={5} maxLength={longTextMax} data-testid="message-body" />
      </Form.Item>
    </FormDialog>
  );
}

const scoreField = (t: (k: string) => string) => (
  <Form.Item name="score" label={t('service.survey.score')} rules={[{ required: true, message: t('validation.required') }]}>
    <Rate aria-label={t('service.survey.score')} data-testid="survey-score" />
  </Form.Item>
);

export function ResolveDialog({ open, ticket, onClose }: { open: boolean; ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const [withSurvey, setWithSurvey] = useState(false);
  return (
    <FormDialog<{ resolution: string; score?: number; comment?: string }, TicketDetail>
      open={open} title={t('service.resolve.title')} width={560} onClose={onClose} invalidate={serviceLists} okText={t('service.action.resolve')}
      onSubmit={(v) => api.post<TicketDetail>(`/service/tickets/${ticket.id}/resolve`, {
        resolution: v.resolution, survey: withSurvey && v.score ? { score: v.score, comment: v.comment || null } : null,
      })}
      successMessage={(_r, v) => (withSurvey && v.score ? t('service.resolve.doneSurvey', { no: ticket.ticketNo, score: v.score }) : t('service.resolve.done', { no: ticket.ticketNo }))}
    >
      <Form.Item name="resolution" label={t('service.resolve.resolution')} rules={required(t('validation.required'))}>
        <Input.TextArea rows={4} maxLength={longTextMax} data-testid="resolve-resolution" />
      </Form.Item>
      <Checkbox checked={withSurvey} onChange={(e) => setWithSurvey(e.target.checked)} data-testid="resolve-with-survey" style={{ marginBottom: 12 }}>
        {t('service.resolve.withSurvey')}
      </Checkbox>
      {withSurvey && (
        <>
          {scoreField(t)}
          <Form.Item name="comment" label={t('service.survey.comment')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        </>
      )}
    </FormDialog>
  );
}

export function SurveyDialog({ open, ticketId, onClose }: { open: boolean; ticketId: number; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ score: number; comment?: string }, TicketDetail>
      open={open} title={t('service.survey.title')} width={480} onClose={onClose} invalidate={serviceLists}
      onSubmit={(v) => api.post<TicketDetail>(`/service/tickets/${ticketId}/survey`, { score: v.score, comment: v.comment || null })}
      successMessage={(_r, v) => t('service.survey.done', { score: v.score })}
    >
      {scoreField(t)}
      <Form.Item name="comment" label={t('service.survey.comment')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
    </FormDialog>
  );
}

export function ReopenDialog({ open, ticket, onClose }: { open: boolean; ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ note: string }, TicketDetail>
      open={open} title={t('service.reopen.title')} width={480} onClose={onClose} invalidate={serviceLists} okText={t('service.action.reopen')}
      onSubmit={(v) => api.post<TicketDetail>(`/service/tickets/${ticket.id}/reopen`, v)} successMessage={() => t('service.reopen.done', { no: ticket.ticketNo })}
    >
      <Form.Item name="note" label={t('service.reopen.note')} rules={required(t('validation.required'))}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
    </FormDialog>
  );
}

export function AssignDialog({ open, ids, onClose, onDone }: { open: boolean; ids: number[]; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const staff = useServiceStaff();
  const submit = (v: { assigneeId: number; department?: string; note?: string }) => {
    const body = { assigneeId: v.assigneeId, department: v.department || null, note: v.note || null };
    return ids.length === 1 ? api.post<AssignResult>(`/service/tickets/${ids[0]}/assign`, body) : api.post<AssignResult>('/service/tickets/assign', { ids, ...body });
  };
  return (
    <FormDialog<{ assigneeId: number; department?: string; note?: string }, AssignResult>
      open={open} title={t('service.assign.title')} width={480} onClose={onClose} onSubmit={submit} invalidate={serviceLists} onDone={onDone}
      successMessage={(r) => (r.unchanged ? t('service.assign.doneUnchanged', { assigned: r.assigned, name: r.assigneeName, unchanged: r.unchanged }) : t('service.assign.done', { assigned: r.assigned, name: r.assigneeName }))}
    >
      <Form.Item name="assigneeId" label={t('service.assign.assignee')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select showSearch optionFilterProp="label" options={staff} data-testid="assign-assignee" />
      </Form.Item>
      <Form.Item name="department" label={t('service.assign.department')} extra={t('service.assign.departmentHint')}><Input maxLength={60} /></Form.Item>
      <Form.Item name="note" label={t('service.assign.note')}><Input maxLength={500} /></Form.Item>
    </FormDialog>
  );
}

export function ComplaintDialog({ open, ticket, onClose }: { open: boolean; ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const types = useDictionary('complaint_type');
  const channels = useDictionary('complaint_channel');
  return (
    <FormDialog<{ complaintId?: number; complaintType?: string; complaintChannel?: string }, { complaintId: number; complaintNo: string; created: boolean }>
      open={open} title={t('service.complaint.title')} width={520} onClose={onClose} invalidate={[...serviceLists, '/complaints']} okText={t('service.action.complaint')}
      onSubmit={(v) => api.post(`/service/tickets/${ticket.id}/complaint`, v.complaintId ? { complaintId: v.complaintId } : { complaintType: v.complaintType ?? null, complaintChannel: v.complaintChannel ?? null })}
      successMessage={(r) => t(r.created ? 'service.complaint.created' : 'service.complaint.linked', { no: r.complaintNo })}
      initialValues={{ complaintChannel: ticket.channel === 'walk_in' ? 'visit' : ['phone', 'email', 'website'].includes(ticket.channel) ? ticket.channel : undefined }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('service.complaint.hint')} />
      <Form.Item name="complaintType" label={t('service.complaint.type')}><Select allowClear options={types.options} /></Form.Item>
      <Form.Item name="complaintChannel" label={t('service.complaint.channel')}><Select allowClear options={channels.options} /></Form.Item>
      <Form.Item name="complaintId" label={t('service.complaint.existing')}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
    </FormDialog>
  );
}

export function LinkArticleDialog({ open, ticketId, onClose }: { open: boolean; ticketId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['/service/articles', { q, status: 'published', pageSize: 20 }],
    queryFn: () => api.get<Paged<ArticleListItem>>('/service/articles', { q: q || undefined, status: 'published', pageSize: 20 }), enabled: open,
  });
  return (
    <FormDialog<{ articleId: number }, TicketDetail>
      open={open} title={t('service.link.title')} width={560} onClose={onClose} invalidate={serviceLists} okText={t('service.action.link')}
      onSubmit={(v) => api.post<TicketDetail>(`/service/tickets/${ticketId}/articles`, v)} successMessage={() => t('service.link.done')}
    >
      <Form.Item name="articleId" label={t('service.link.article')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select showSearch filterOption={false} onSearch={setQ} placeholder={t('service.link.search')}
          options={(found.data?.items ?? []).filter((a) => a.status === 'published').map((a) => ({ value: a.id, label: a.title }))} />
      </Form.Item>
    </FormDialog>
  );
}

interface ArticleValues { category: string; title: string; body: string; tags?: string[] }

export function ArticleDialog({ open, article, onClose }: { open: boolean; article?: Article | null; onClose: () => void }) {
  const { t } = useTranslation();
  const categories = useDictionary('kb_category');
  return (
    <FormDialog<ArticleValues, Article>
      open={open} title={t(article ? 'service.article.editTitle' : 'service.article.createTitle')} width={720} onClose={onClose} invalidate={serviceLists}
      okText={article ? undefined : t('common.create')}
      onSubmit={(v) => (article ? api.patch<Article>(`/service/articles/${article.id}`, v) : api.post<Article>('/service/articles', { ...v, tags: v.tags ?? [] }))}
      successMessage={(r) => t(article ? 'service.article.saved' : 'service.article.created', { title: r.title })}
      initialValues={article ? { category: article.category, title: article.title, body: article.body, tags: article.tags } : { category: 'other', tags: [] }}
    >
      <Form.Item name="category" label={t('service.article.category')} rules={required(t('validation.required'))}><Select options={categories.options} /></Form.Item>
      <Form.Item name="title" label={t('service.article.title')} rules={required(t('validation.required'))}><Input maxLength={200} data-testid="article-title" /></Form.Item>
      <Form.Item name="body" label={t('service.article.body')} extra={t('service.article.bodyHint')} rules={required(t('validation.required'))}>
        <Input.TextArea rows={10} maxLength={longTextMax} data-testid="article-body" />
      </Form.Item>
      <Form.Item name="tags" label={t('service.article.tags')} extra={t('service.article.tagsHint')}>
        <Select mode="tags" tokenSeparators={[',', '，']} open={false} aria-label={t('service.article.tags')} />
      </Form.Item>
    </FormDialog>
  );
}
