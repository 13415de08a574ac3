// 发起关怀: choose members by filters, preview how many (and a sample), then send the care by a
// channel — SMS and e-mail by the system, other channels as tasks for staff — with optional points.
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Table, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useRecordedNote } from '../../components/delivery';
import { api } from '../../api';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { useDictionary } from '../activities/shared';
import { MemberFilterFields, toFilters, type FilterValues } from './filters';
import { careLists } from './shared';
import type { CareAction, Preview } from './types';
import { longTextMax } from '../../limits';

type Values = FilterValues & { title: string; channel: string; subject?: string; body: string; points?: number | null };
const filterNames = ['segmentId', 'levels', 'projects', 'tags', 'birthdayMonth', 'lastActivityBefore', 'joined', 'memberIds'];

export default function NewCarePage() {
  const { t } = useTranslation();
  const recordedNote = useRecordedNote();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const channels = useDictionary('care_channel');
  const [form] = Form.useForm<Values>();
  const [params] = useSearchParams();
  const segmentId = Number(params.get('segmentId')) || undefined;
  const channel = Form.useWatch('channel', form);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  const runPreview = async () => {
    setBusy(true);
    try {
      setPreview(await api.post<Preview>('/care/preview', { filters: toFilters(form.getFieldsValue()) }));
      setStale(false);
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const send = async (v: Values) => {
    if (!preview || stale) { message.warning(stale ? t('care.filters.changed') : t('care.filters.none')); return; }
    const ok = await modal.confirm({ title: t('care.send.submit'), content: t('care.send.confirm', { count: preview.count }), okText: t('care.send.submit'), cancelText: t('common.cancel') });
    if (!ok) return;
    setBusy(true);
    try {
      const care = await api.post<CareAction>('/care/actions', {
        title: v.title, channel: v.channel, subject: v.subject?.trim() || null, body: v.body, points: v.points ?? 0, filters: toFilters(v),
      });
      message.success(`${t('care.send.done', { count: care.progress.total })}${v.channel === 'sms' || v.channel === 'email' ? recordedNote([v.channel]) : ''}`);
      await Promise.all(careLists.map((p) => qc.invalidateQueries({ queryKey: [p] })));
      navigate(`/care/actions/${care.id}`);
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={send} initialValues={{ channel: 'sms', points: 0, segmentId }}
      onValuesChange={(changed) => { if (preview && Object.keys(changed).some((k) => filterNames.includes(k))) setStale(true); }}>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('care.filters.title')} size="small">
            <MemberFilterFields />
            <Button onClick={runPreview} loading={busy} data-testid="care-preview">{t('care.filters.preview')}</Button>
            {preview && (
              <div style={{ marginTop: 12 }} data-testid="care-preview-result">
                <Alert type={stale ? 'warning' : preview.count ? 'info' : 'warning'} showIcon
                  message={stale ? t('care.filters.changed') : t('care.filters.count', { ...preview })} />
                {preview.sample.length > 0 && (
                  <Table rowKey="memberId" size="small" pagination={false} style={{ marginTop: 8 }} dataSource={preview.sample}
                    title={() => t('care.filters.sample', { n: preview.sample.length })}
                    columns={[
                      { title: 'No.', dataIndex: 'memberNo' }, { title: t('activities.participant.member'), dataIndex: 'name' },
                      { dataIndex: 'mobile', render: (v: string | null) => v ?? '—' }, { dataIndex: 'email', render: (v: string | null) => v ?? '—' },
                    ]} />
                )}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('care.send.title')} size="small">
            <Form.Item name="title" label={t('care.title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}><Input maxLength={100} /></Form.Item>
            <Form.Item name="channel" label={t('care.channel')} extra={t('care.send.channelHint')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select options={channels.options} data-testid="care-channel" />
            </Form.Item>
            {channel === 'email' && <Form.Item name="subject" label={t('care.subject')}><Input maxLength={200} /></Form.Item>}
            <Form.Item name="body" label={t('care.body')} extra={t('care.send.bodyHint')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input.TextArea rows={5} maxLength={longTextMax} showCount />
            </Form.Item>
            <Form.Item name="points" label={t('care.points')} extra={t('care.send.pointsHint')}><InputNumber min={0} precision={0} style={{ width: 160 }} /></Form.Item>
            <Typography.Paragraph type="secondary">{preview && !stale ? t('care.filters.count', { ...preview }) : t('care.filters.none')}</Typography.Paragraph>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!preview || stale || preview.count === 0} data-testid="care-send">{t('care.send.submit')}</Button>
          </Card>
        </Col>
      </Row>
    </Form>
  );
}
