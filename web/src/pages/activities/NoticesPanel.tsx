// 活动通知: an SMS and/or e-mail to all participants or to members chosen by filters, queued
// through the notices outbox; and the notices sent so far.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, Radio, Table, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useRecordedNote } from '../../components/delivery';
import { api } from '../../api';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { MemberFilterFields, toFilters, type FilterValues } from '../care/filters';
import { activityKey } from './shared';
import type { ActivityDetail, NoticeBatch } from './types';

type Values = FilterValues & { audience: 'participants' | 'filtered'; channels: ('sms' | 'email')[]; subject?: string; body: string };

export function NoticesPanel({ activity, canSend }: { activity: ActivityDetail; canSend: boolean }) {
  const { t } = useTranslation();
  const recordedNote = useRecordedNote();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const audience = Form.useWatch('audience', form);
  const channels = Form.useWatch('channels', form) ?? [];
  const [busy, setBusy] = useState(false);

  const send = async (v: Values) => {
    setBusy(true);
    try {
      const r = await api.post<NoticeBatch>(`/activities/${activity.id}/notices`, {
        audience: v.audience, filters: v.audience === 'filtered' ? toFilters(v) : null, channels: v.channels,
        subject: v.subject?.trim() || null, body: v.body,
      });
      message.success(`${t('activities.notice.sent', { ...r })}${recordedNote(v.channels)}`);
      form.resetFields(['body', 'subject']);
      await qc.invalidateQueries({ queryKey: [activityKey(activity.id)] });
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<NoticeBatch> = [
    { title: t('activities.notice.at'), dataIndex: 'createdAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('activities.notice.audience'), dataIndex: 'audience', width: 140, render: (v: string) => t(`activities.notice.${v}`) },
    { title: t('activities.notice.channels'), dataIndex: 'channels', width: 140, render: (v: string[]) => v.map((c) => t(`activities.notice.${c}`)).join('、') },
    { title: t('activities.notice.body'), dataIndex: 'body', ellipsis: true },
    { title: t('activities.notice.members'), dataIndex: 'members', width: 90, align: 'right' },
    { title: t('activities.notice.queued'), dataIndex: 'queued', width: 90, align: 'right' },
    { title: t('activities.notice.noRecipient'), dataIndex: 'noRecipient', width: 110, align: 'right' },
    { title: t('activities.notice.by'), dataIndex: 'createdBy', width: 110 },
  ];

  return (
    <>
      {canSend && (
        <Card size="small" title={t('activities.notice.title')} style={{ marginBottom: 16 }}>
          <Form<Values> form={form} layout="vertical" onFinish={send} initialValues={{ audience: 'participants', channels: ['sms'] }} style={{ maxWidth: 720 }}>
            <Form.Item name="audience" label={t('activities.notice.audience')}>
              <Radio.Group>
                <Radio value="participants">{t('activities.notice.participants')}</Radio>
                <Radio value="filtered">{t('activities.notice.filtered')}</Radio>
              </Radio.Group>
            </Form.Item>
            {audience === 'filtered' && <MemberFilterFields />}
            <Form.Item name="channels" label={t('activities.notice.channels')} rules={[{ required: true, message: t('validation.required') }]}>
              <Checkbox.Group options={[{ value: 'sms', label: t('activities.notice.sms') }, { value: 'email', label: t('activities.notice.email') }]} />
            </Form.Item>
            {channels.includes('email') && <Form.Item name="subject" label={t('activities.notice.subject')}><Input maxLength={200} placeholder={activity.name} /></Form.Item>}
            <Form.Item name="body" label={t('activities.notice.body')} extra={t('activities.notice.bodyHint')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>{t('activities.notice.send')}</Button>
          </Form>
        </Card>
      )}
      <Card size="small" title={t('activities.notice.history')}>
        <Table<NoticeBatch> rowKey="id" size="small" pagination={false} columns={columns} dataSource={activity.notices} />
      </Card>
    </>
  );
}
