import { Descriptions, Table, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from './types';

interface Change { field: string; before: unknown; after: unknown }

function isChange(v: unknown): v is { before: unknown; after: unknown } {
  return typeof v === 'object' && v !== null && 'before' in v && 'after' in v && Object.keys(v).length === 2;
}

function Value({ v }: { v: unknown }) {
  if (v === null || v === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return <Typography.Text style={{ wordBreak: 'break-all' }}>{text}</Typography.Text>;
}

/** An audit entry's content: changed fields as before → after, and the facts of events. */
export function ChangesView({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const all = Object.entries(entry.changes ?? {});
  const changes: Change[] = all.flatMap(([field, v]) => (isChange(v) ? [{ field, ...v }] : []));
  const facts = all.filter(([, v]) => !isChange(v));
  if (!all.length) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;
  return (
    <div data-testid="audit-changes">
      {changes.length > 0 && (
        <Table<Change>
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={changes}
          columns={[
            { title: t('audit.field'), dataIndex: 'field', width: 200, render: (f: string) => <Typography.Text code>{f}</Typography.Text> },
            { title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <Value v={v} /> },
            { title: '', key: 'arrow', width: 32, render: () => <ArrowRightOutlined /> },
            { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <Value v={v} /> },
          ]}
        />
      )}
      {facts.length > 0 && (
        <Descriptions size="small" column={1} bordered items={facts.map(([k, v]) => ({ key: k, label: k, children: <Value v={v} /> }))} />
      )}
      {entry.requestId && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('audit.requestId')}: <Typography.Text code copyable>{entry.requestId}</Typography.Text>
        </Typography.Paragraph>
      )}
    </div>
  );
}
