// 批量积分: one business event, many members — card or member numbers pasted or imported from a
// file; checked whole by the server, then run as a job whose progress bar updates here.
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Progress, Row, Select, Space, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Paged } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { EventSelect, SourceText, batchTypes, newKey, pointsLists } from './shared';
import type { Batch } from './types';
import { longTextMax } from '../../limits';
import { Confirm } from '../../components/Confirm';

interface Values { sourceType: string; sourceId: number; amount: number; text: string; reason?: string }

export default function BatchPointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const act = useAction();
  const [form] = Form.useForm<Values>();
  const sourceType = Form.useWatch('sourceType', form);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const batches = useQuery({
    queryKey: ['/points/batches'],
    queryFn: () => api.get<Paged<Batch>>('/points/batches', { pageSize: 20 }),
    // running batches move: poll while any is queued or running
    refetchInterval: (q) => ((q.state.data?.items ?? []).some((b) => b.status === 'queued' || b.status === 'running') ? 1000 : false),
  });

  const submit = async (v: Values) => {
    setBusy(true);
    setProblems([]);
    const lines = v.text.split(/\r?\n/).map((l) => l.split(/[,;\t]/)[0].trim());
    try {
      const b = await api.postOnce<Batch>('/points/batches', { lines, amount: v.amount, sourceType: v.sourceType, sourceId: v.sourceId, reason: v.reason || null }, key.current);
      key.current = newKey();
      message.success(t('points.batch.submitted', { id: b.id, total: b.total }));
      form.resetFields(['text']);
      await qc.invalidateQueries({ queryKey: ['/points/batches'] });
    } catch (err) {
      if (err instanceof ApiError) {
        key.current = newKey();
        setProblems(err.details.map((d) => {
          const m = /^lines\.(\d+)$/.exec(d.field);
          return m ? `${t('points.batch.line', { line: Number(m[1]) + 1 })}: ${d.issue}` : d.issue;
        }));
      }
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File) => {
    const text = await file.text();
    form.setFieldValue('text', text);
    return false; // read here, not uploaded
  };

  const columns: TableColumnsType<Batch> = [
    { title: '#', dataIndex: 'id', width: 60 },
    { title: t('points.entry.event'), key: 'e', render: (_, b) => <SourceText type={b.sourceType} id={b.sourceId} /> },
    { title: t('points.batch.amount'), dataIndex: 'amount' },
    { title: t('points.batch.total'), dataIndex: 'total' },
    {
      title: t('points.batch.progress'), key: 'p', width: 240,
      render: (_, b) => (
        <Progress aria-label={t('points.batch.progress')} percent={b.percent} size="small" data-testid={`batch-progress-${b.id}`}
          status={b.status === 'failed' ? 'exception' : b.status === 'done' ? 'success' : b.status === 'reverted' ? 'normal' : 'active'}
          format={() => `${b.processed}/${b.total}`} />
      ),
    },
    {
      title: t('points.batch.status'), key: 's',
      render: (_, b) => (
        <Space direction="vertical" size={0}>
          <span data-testid={`batch-status-${b.id}`}>{t(`points.batch.statusValue.${b.status}`)}</span>
          {b.status === 'failed' && b.error && <Typography.Text type="danger">{t('points.batch.failed', { memberNo: b.error.memberNo, balance: b.error.balance, needed: b.error.needed })}</Typography.Text>}
          {b.inputSummary && <Typography.Text type="secondary">{t('points.batch.summary', { lines: b.inputSummary.lines, duplicates: b.inputSummary.duplicates, blank: b.inputSummary.blank })}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('points.batch.createdBy'), key: 'c', render: (_, b) => `${b.actorName} · ${formatTime(b.createdAt)}` },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, b) => b.status === 'failed' && can('points.approve') && (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => void act(() => api.post(`/points/batches/${b.id}/resume`), { invalidate: pointsLists, success: t('points.batch.resumed') })}>{t('points.batch.resume')}</Button>
          <Confirm title={t('points.batch.confirmRevert')} onConfirm={() => act(() => api.post(`/points/batches/${b.id}/revert`), { invalidate: pointsLists, success: t('points.batch.reverted') })}>
            <Button type="link" size="small" danger>{t('points.batch.revert')}</Button>
          </Confirm>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {can('points.adjust') && (
        <Card size="small" title={t('points.batch.title')}>
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ sourceType: 'activity' }}>
            <Row gutter={12}>
              <Col xs={24} md={5}>
                <Form.Item name="sourceType" label={t('points.add.sourceType')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Select options={batchTypes.map((s) => ({ value: s, label: t(`points.source.${s}`) }))} onChange={() => form.setFieldValue('sourceId', undefined)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name="sourceId" label={t('points.add.event')} rules={[{ required: true, message: t('validation.required') }]}><EventSelect sourceType={sourceType} /></Form.Item>
              </Col>
              <Col xs={24} md={4}>
                <Form.Item name="amount" label={t('points.batch.amount')} extra={t('points.batch.amountHint')} rules={[{ required: true, message: t('validation.required') }]}>
                  <InputNumber min={-100_000_000} max={100_000_000} precision={0} style={{ width: '100%' }} data-testid="batch-amount" />
                </Form.Item>
              </Col>
              <Col xs={24} md={5}><Form.Item name="reason" label={t('points.add.reason')}><Input maxLength={longTextMax} /></Form.Item></Col>
            </Row>
            <Form.Item name="text" label={t('points.batch.lines')} extra={t('points.batch.linesHint')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input.TextArea rows={6} data-testid="batch-lines" />
            </Form.Item>
            <Space>
              <Upload accept=".txt,.csv" showUploadList={false} beforeUpload={readFile}><Button icon={<UploadOutlined />}>{t('points.batch.upload')}</Button></Upload>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="batch-submit">{t('points.batch.submit')}</Button>
            </Space>
          </Form>
          {problems.length > 0 && (
            <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('points.batch.errors')}
              description={<ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>{problems.map((p, i) => <li key={i}>{p}</li>)}</ul>} />
          )}
        </Card>
      )}
      <Table<Batch> scroll={{ x: 'max-content' }} rowKey="id" size="middle" loading={batches.isLoading} dataSource={batches.data?.items ?? []} columns={columns} pagination={false} data-testid="batches-table" />
    </Space>
  );
}
