// 通知记录: every SMS and e-mail the system sent or failed to send, and the letters and calls staff
// recorded; ?status=failed (the home page's failed notices) opens on the failures.
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Form, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../../components/dictionary';
import { useRecordedNote } from '../../components/delivery';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';

interface Notice {
  id: number; memberId: number | null; channel: string; purpose: string; recipient: string | null; subject: string | null; body: string;
  status: string; attempts: number; lastError: string | null; createdBy: string; createdAt: string; sentAt: string | null;
}
interface Filters { [k: string]: string | undefined; status?: string; channel?: string }

const statuses = ['queued', 'sending', 'sent', 'failed', 'reached', 'unreached'] as const;
const statusColor: Record<string, string> = { queued: 'blue', sending: 'blue', sent: 'green', reached: 'green', failed: 'red', unreached: 'red' };

export default function NoticesPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const channels = useDictionary('notify_channel');
  const recordedNote = useRecordedNote();
  const initial: Filters = { status: params.get('status') ?? undefined, channel: params.get('channel') ?? undefined };
  const { tableProps, setFilters } = useServerTable<Notice, Filters>('/notices', initial);
  const [form] = Form.useForm<Filters>();
  const logged = recordedNote();

  const columns: TableColumnsType<Notice> = [
    { title: t('notices.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('notices.channel'), dataIndex: 'channel', render: (c: string) => channels.label(c) },
    { title: t('notices.purpose'), dataIndex: 'purpose', render: (p: string) => t(`notices.purposeValue.${p}`, { defaultValue: p }) },
    { title: t('notices.recipient'), dataIndex: 'recipient', render: (v: string | null) => v ?? '—' },
    { title: t('notices.member'), dataIndex: 'memberId', render: (id: number | null) => (id ? <Link to={`/members/${id}`}>#{id}</Link> : '—') },
    { title: t('notices.content'), key: 'content', render: (_, n) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0, maxWidth: 360 }}>{n.subject ? `${n.subject} · ${n.body}` : n.body}</Typography.Paragraph> },
    {
      title: t('notices.status'), key: 'status', render: (_, n) => (
        <Space orientation="vertical" size={0}>
          <Tag color={statusColor[n.status]}>{t(`membership.notice.statusValue.${n.status}`, { defaultValue: n.status })}</Tag>
          {n.lastError && <Typography.Text type="danger" style={{ fontSize: 12 }}>{n.lastError}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('notices.attempts'), dataIndex: 'attempts' },
    { title: t('notices.sentAt'), dataIndex: 'sentAt', render: formatTime, className: 'nowrap' },
  ];

  return (
    <>
      {logged && <Alert type="warning" showIcon message={logged.trim()} style={{ marginBottom: 16 }} data-testid="notices-log-provider" />}
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }} initialValues={initial} onFinish={(v) => setFilters(v)}>
        <Form.Item name="status">
          <Select aria-label={t('notices.status')} allowClear placeholder={t('notices.status')} style={{ width: 140 }} options={statuses.map((s) => ({ value: s, label: t(`membership.notice.statusValue.${s}`) }))} />
        </Form.Item>
        <Form.Item name="channel">
          <Select aria-label={t('notices.channel')} allowClear placeholder={t('notices.channel')} style={{ width: 140 }} options={channels.options} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); form.setFieldsValue({ status: undefined, channel: undefined }); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<Notice> {...tableProps} rowKey="id" columns={columns} scroll={{ x: 'max-content' }} data-testid="notices-table" />
    </>
  );
}
