// 服务时限: hours to the first response and to the resolution per priority. Everyone who reads the
// service desk sees them; those with service.manage change them (applies to tickets created afterwards).
import { useEffect } from 'react';
import { Alert, App, Button, Form, InputNumber, Spin, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { applyFieldErrors, errorMessage } from '../../components/apiErrors';
import { priorities } from './lookups';
import type { Priority, Sla } from './types';

export default function SlaPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Sla>();
  const sla = useQuery({ queryKey: ['/service/sla'], queryFn: () => api.get<Sla>('/service/sla') });
  const manage = can('service.manage');
  useEffect(() => { if (sla.data) form.setFieldsValue(sla.data); }, [sla.data, form]);

  const save = async () => {
    let values: Sla;
    try { values = await form.validateFields(); } catch { return; }
    try {
      await api.patch<Sla>('/service/sla', values);
      await qc.invalidateQueries({ queryKey: ['/service/sla'] });
      message.success(t('service.sla.saved'));
    } catch (err) {
      applyFieldErrors(form, err);
      message.error(errorMessage(err));
    }
  };
  const hours = (p: Priority, field: 'firstResponseHours' | 'resolutionHours') => (
    <Form.Item name={[p, field]} noStyle rules={[{ required: true, message: t('validation.required') }]}>
      <InputNumber min={1} max={2160} precision={0} disabled={!manage} aria-label={`${t(`service.priorityValue.${p}`)} ${t(`service.sla.${field}`)}`} data-testid={`sla-${p}-${field}`} />
    </Form.Item>
  );

  if (sla.isLoading) return <Spin />;
  if (sla.error) return <Typography.Text type="danger">{errorMessage(sla.error)}</Typography.Text>;
  return (
    <Form form={form} onFinish={save} style={{ maxWidth: 640 }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('service.sla.hint')} />
      {!manage && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('service.sla.readOnly')} />}
      <Table rowKey={(p) => p} pagination={false} dataSource={priorities} data-testid="sla-table" columns={[
        { title: t('service.priority'), key: 'p', render: (_: unknown, p: Priority) => t(`service.priorityValue.${p}`) },
        { title: t('service.sla.firstResponseHours'), key: 'f', render: (_: unknown, p: Priority) => hours(p, 'firstResponseHours') },
        { title: t('service.sla.resolutionHours'), key: 'r', render: (_: unknown, p: Priority) => hours(p, 'resolutionHours') },
      ]} />
      {manage && <Button type="primary" htmlType="submit" style={{ marginTop: 16 }} data-testid="sla-save">{t('common.save')}</Button>}
    </Form>
  );
}
