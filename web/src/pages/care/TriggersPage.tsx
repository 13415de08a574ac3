// 自动关怀设置: each trigger (birthday, purchase fully paid, activity participation) on or off,
// with its channel, template and points; the birthday care can be run now.
import { App, Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { useDictionary } from '../activities/shared';
import { careLists } from './shared';
import type { TriggerSettings } from './types';
import { longTextMax } from '../../limits';

function TriggerCard({ s }: { s: TriggerSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const channels = useDictionary('care_channel');
  const [form] = Form.useForm<TriggerSettings>();
  const channel = Form.useWatch('channel', form);
  const save = async (v: TriggerSettings) => {
    try {
      await api.patch(`/care/triggers/${s.trigger}`, { enabled: v.enabled, channel: v.channel, subject: v.subject?.trim() || null, body: v.body, points: v.points ?? 0 });
      message.success(t('care.triggers.saved'));
      await qc.invalidateQueries({ queryKey: ['/care/triggers'] });
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    }
  };
  return (
    <Card title={t(`care.triggerValue.${s.trigger}`)} size="small" data-testid={`trigger-${s.trigger}`}
      extra={s.updatedBy ? <Typography.Text type="secondary">{t('care.triggers.updated', { by: s.updatedBy, at: formatTime(s.updatedAt) })}</Typography.Text> : null}>
      <Form<TriggerSettings> form={form} layout="vertical" initialValues={s} onFinish={save}>
        <Form.Item name="enabled" label={t('care.triggers.enabled')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="channel" label={t('care.channel')}><Select options={channels.options} /></Form.Item>
        {channel === 'email' && <Form.Item name="subject" label={t('care.subject')}><Input maxLength={200} /></Form.Item>}
        <Form.Item name="body" label={t('care.body')} extra={t('care.triggers.bodyHint')}><Input.TextArea rows={4} maxLength={longTextMax} /></Form.Item>
        <Form.Item name="points" label={t('care.points')}><InputNumber min={0} precision={0} style={{ width: 160 }} /></Form.Item>
        <Button type="primary" htmlType="submit">{t('care.triggers.save')}</Button>
      </Form>
    </Card>
  );
}

export default function TriggersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const act = useAction();
  const list = useList<TriggerSettings>('/care/triggers');
  const run = () => act(async () => {
    const r = await api.post<{ birthday: { day: string; added: number } }>('/care/triggers/run');
    message.info(t('care.triggers.ran', r.birthday));
  }, { invalidate: careLists });
  return (
    <>
      <Alert type="info" showIcon message={t('care.triggers.hint')} style={{ marginBottom: 16 }}
        action={<Button onClick={run}>{t('care.triggers.runNow')}</Button>} />
      <Row gutter={[16, 16]}>
        {(list.data ?? []).map((s) => <Col key={`${s.trigger}-${s.updatedAt ?? ''}`} xs={24} lg={8}><TriggerCard s={s} /></Col>)}
      </Row>
    </>
  );
}
