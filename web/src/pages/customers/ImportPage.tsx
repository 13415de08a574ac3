// 老业主导入: upload a property-management file (CSV/XLSX); the valid rows are imported and the
// others come back as a per-row report, shown here and downloadable as CSV. Past imports stay listed.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { currentLanguage } from '../../i18n';
import { customerLists } from './shared';
import type { ImportIssue, ImportReport } from './types';

type ImportSummary = Omit<ImportReport, 'issues'>;

export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [shownId, setShownId] = useState<number | null>(null);
  const history = useServerTable<ImportSummary>('/customers/imports');
  // the report in the reader's language (the API localises it)
  const shown = useQuery({ queryKey: ['/customers/imports', shownId, currentLanguage()], queryFn: () => api.get<ImportReport>(`/customers/imports/${shownId}`), enabled: shownId !== null });

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
      const report = await api.upload<ImportReport>('/customers/import', file, { fileName: file.name, format });
      qc.setQueryData(['/customers/imports', report.id, currentLanguage()], report);
      setShownId(report.id);
      await Promise.all([...customerLists, '/customers/imports'].map((p) => qc.invalidateQueries({ queryKey: [p] })));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  const issueColumns: TableColumnsType<ImportIssue> = [
    { title: t('customers.import.row'), dataIndex: 'row', width: 80 },
    { title: t('customers.import.field'), dataIndex: 'fieldLabel', width: 160 },
    { title: t('customers.import.level'), dataIndex: 'level', width: 90, render: (v: ImportIssue['level']) => <Tag color={v === 'error' ? 'red' : 'orange'}>{t(`customers.import.levelValue.${v}`)}</Tag> },
    { title: t('customers.import.issue'), dataIndex: 'issue' },
  ];
  const historyColumns: TableColumnsType<ImportSummary> = [
    { title: t('customers.import.at'), dataIndex: 'createdAt', render: formatTime },
    { title: t('customers.import.file'), dataIndex: 'fileName' },
    { title: t('customers.import.by'), dataIndex: 'actorName' },
    { title: t('customers.import.totalRows'), dataIndex: 'totalRows' },
    { title: t('customers.import.customersCreated'), dataIndex: 'customersCreated' },
    { title: t('customers.import.purchasesCreated'), dataIndex: 'purchasesCreated' },
    { title: t('customers.import.errorRows'), dataIndex: 'errorRows' },
    { title: t('customers.import.duplicateRows'), dataIndex: 'duplicateRows' },
    { title: t('common.actions'), key: 'a', render: (_, r) => <Button type="link" size="small" onClick={() => setShownId(r.id)}>{t('customers.import.show')}</Button> },
  ];
  const r = shown.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('customers.import.intro')}</Typography.Paragraph>
      <Upload.Dragger accept=".csv,.xlsx" multiple={false} showUploadList={false} disabled={uploading}
        beforeUpload={(file) => { void upload(file); return false; }} data-testid="import-upload">
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{uploading ? t('customers.import.uploading') : t('customers.import.drop')}</p>
      </Upload.Dragger>
      {r && (
        <Card size="small" title={`${t('customers.import.result')}: ${r.fileName}`} data-testid="import-result"
          extra={r.issues.length > 0 && (
            <Button size="small" icon={<DownloadOutlined />} href={`/api/v1/customers/imports/${r.id}/report?lang=${currentLanguage()}`}>{t('customers.import.downloadReport')}</Button>
          )}>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {(['totalRows', 'customersCreated', 'purchasesCreated', 'errorRows', 'duplicateRows'] as const).map((k) => (
              <Col key={k} xs={12} md={4}><Statistic title={t(`customers.import.${k}`)} value={r[k]} /></Col>
            ))}
          </Row>
          {r.issues.length ? (
            <Table<ImportIssue> rowKey={(i) => `${i.row}-${i.field}-${i.key}`} size="small" dataSource={r.issues} columns={issueColumns} pagination={{ pageSize: 20 }} data-testid="import-issues" />
          ) : (
            <Typography.Text type="success">{t('customers.import.allGood')}</Typography.Text>
          )}
        </Card>
      )}
      <Card size="small" title={t('customers.import.history')}>
        <Table<ImportSummary> {...history.tableProps} columns={historyColumns} />
      </Card>
    </Space>
  );
}
