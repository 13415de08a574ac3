// 客户导入: upload a list of customers, or property management's list of old-project owners
// (老项目业主), as CSV or Excel. The server stores the file and imports it as a job: the progress
// bar follows it (rows done / total, errors so far), the per-row report fills in as it runs and can
// be downloaded as CSV; past imports stay listed.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, Col, Progress, Radio, Row, Select, Space, Statistic, Table, Tag, Typography, Upload, type TableColumnsType,
} from 'antd';
import { DownloadOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { useDictionary } from '../../components/dictionary';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { currentLanguage } from '../../i18n';
import { customerLists } from './shared';
import type { CustomerImport, ImportIssue, ImportKind, ImportStatus } from './types';
import { Confirm } from '../../components/Confirm';

const open = (s: ImportStatus) => s === 'uploading' || s === 'queued' || s === 'running';
const statusColor: Record<ImportStatus, string> = { uploading: 'processing', queued: 'default', running: 'processing', done: 'success', failed: 'error', cancelled: 'warning' };

function ImportProgress({ imp, testId }: { imp: CustomerImport; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Progress aria-label={t('customers.import.progress')} percent={imp.percent} size="small" data-testid={testId}
      status={imp.status === 'failed' ? 'exception' : imp.status === 'done' ? 'success' : imp.status === 'cancelled' ? 'normal' : 'active'}
      format={() => t('customers.import.progressText', { done: imp.rowsDone.toLocaleString(), total: (imp.status === 'done' ? imp.rowsDone : imp.totalRows).toLocaleString() })} />
  );
}

/** One import: progress while it runs, counts, the report by row and its download. */
function ImportCard({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const lang = currentLanguage();
  const imp = useQuery({
    queryKey: ['/customers/imports', id, lang],
    queryFn: () => api.get<CustomerImport>(`/customers/imports/${id}`),
    refetchInterval: (q) => (q.state.data && open(q.state.data.status) ? 1000 : false),
  });
  const issues = useServerTable<ImportIssue>(`/customers/imports/${id}/issues`);
  const r = imp.data;
  const running = !!r && open(r.status);
  // the report grows while the import runs: refresh it with the progress; once it ends, the lists change
  const issueCount = r?.issueCount ?? 0;
  const refetchIssues = issues.query.refetch;
  useEffect(() => { if (issueCount > 0) void refetchIssues(); }, [issueCount, refetchIssues]);
  const status = r?.status;
  useEffect(() => {
    if (status && !open(status)) void Promise.all([...customerLists, '/customers/imports'].map((p) => qc.invalidateQueries({ queryKey: [p] })));
  }, [status, qc]);
  if (!r) return null;
  const cancel = async () => {
    try {
      await api.post(`/customers/imports/${id}/cancel`);
      message.success(t('customers.import.cancelled'));
      await imp.refetch();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const issueColumns: TableColumnsType<ImportIssue> = [
    { title: t('customers.import.row'), dataIndex: 'row', width: 80 },
    { title: t('customers.import.field'), dataIndex: 'fieldLabel', width: 160 },
    { title: t('customers.import.level'), dataIndex: 'level', width: 90, render: (v: ImportIssue['level']) => <Tag color={v === 'error' ? 'red' : 'orange'}>{t(`customers.import.levelValue.${v}`)}</Tag> },
    { title: t('customers.import.issue'), dataIndex: 'issue' },
  ];
  return (
    <Card size="small" data-testid="import-result"
      title={<Space><span>{`${t('customers.import.result')} #${r.id}: ${r.fileName}`}</span><Tag>{t(`customers.import.kindValue.${r.kind}`)}</Tag>
        <Tag color={statusColor[r.status]} data-testid="import-status">{t(`customers.import.statusValue.${r.status}`)}</Tag></Space>}
      extra={<Space>
        {running && (
          <Confirm title={t('customers.import.cancelConfirm')} onConfirm={cancel}>
            <Button size="small" danger icon={<StopOutlined />}>{t('customers.import.cancel')}</Button>
          </Confirm>
        )}
        {r.issueCount > 0 && (
          <Button size="small" icon={<DownloadOutlined />} href={`/api/v1/customers/imports/${r.id}/report?lang=${lang}`}>{t('customers.import.downloadReport')}</Button>
        )}
      </Space>}>
      <ImportProgress imp={r} testId="import-progress" />
      {running && <Typography.Text type="secondary">{t('customers.import.running')}</Typography.Text>}
      {r.error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={t('customers.import.failedBecause', { reason: r.error })} />}
      <Row gutter={16} style={{ margin: '16px 0' }}>
        {(['rowsDone', 'importedRows', 'customersCreated', ...(r.kind === 'owners' ? ['purchasesCreated'] as const : []), 'errorRows', 'duplicateRows'] as const).map((k) => (
          <Col key={k} xs={12} md={4}><Statistic title={t(`customers.import.${k}`)} value={r[k]} /></Col>
        ))}
      </Row>
      {r.issueCount > 0 ? (
        <Table<ImportIssue> {...issues.tableProps} rowKey={(i) => `${i.row}-${i.field}`} size="small" columns={issueColumns} data-testid="import-issues" />
      ) : r.status === 'done' ? (
        <Typography.Text type="success">{t('customers.import.allGood')}</Typography.Text>
      ) : null}
    </Card>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sources = useDictionary('customer_source');
  const [kind, setKind] = useState<ImportKind>('customers');
  const [source, setSource] = useState<string | undefined>(undefined);
  const [uploading, setUploading] = useState(false);
  const [shownId, setShownId] = useState<number | null>(null);
  // ?status=failed (the home page's failed imports): the history of that status only, until cleared
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') as ImportStatus | null;
  const history = useServerTable<CustomerImport, { status?: ImportStatus }>('/customers/imports', statusParam ? { status: statusParam } : {});
  // past imports that are still running move: refresh the list while any does
  const anyRunning = (history.query.data?.items ?? []).some((i) => open(i.status));
  const refetchHistory = history.query.refetch;
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => void refetchHistory(), 2000);
    return () => clearInterval(timer);
  }, [anyRunning, refetchHistory]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
      const imp = await api.upload<CustomerImport>('/customers/import', file, { kind, fileName: file.name, format, source: kind === 'customers' ? source : undefined });
      qc.setQueryData(['/customers/imports', imp.id, currentLanguage()], imp);
      setShownId(imp.id);
      message.success(t('customers.import.started', { id: imp.id }));
      await qc.invalidateQueries({ queryKey: ['/customers/imports'] });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  const historyColumns: TableColumnsType<CustomerImport> = [
    { title: '#', dataIndex: 'id', width: 60 },
    { title: t('customers.import.at'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('customers.import.file'), dataIndex: 'fileName' },
    { title: t('customers.import.kind'), dataIndex: 'kind', render: (k: ImportKind) => t(`customers.import.kindValue.${k}`) },
    { title: t('customers.import.by'), dataIndex: 'actorName' },
    { title: t('customers.import.status'), dataIndex: 'status', render: (s: ImportStatus) => <Tag color={statusColor[s]}>{t(`customers.import.statusValue.${s}`)}</Tag> },
    { title: t('customers.import.progress'), key: 'p', width: 220, render: (_, r) => <ImportProgress imp={r} /> },
    { title: t('customers.import.importedRows'), dataIndex: 'importedRows' },
    { title: t('customers.import.errorRows'), dataIndex: 'errorRows' },
    { title: t('customers.import.duplicateRows'), dataIndex: 'duplicateRows' },
    { title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, r) => <Button type="link" size="small" onClick={() => setShownId(r.id)}>{t('customers.import.show')}</Button> },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small" title={t('customers.import.newImport')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <span>{t('customers.import.kind')}</span>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} optionType="button" data-testid="import-kind"
              options={(['customers', 'owners'] as const).map((k) => ({ value: k, label: t(`customers.import.kindValue.${k}`) }))} />
            {kind === 'customers' && (
              <>
                <span>{t('customers.import.source')}</span>
                <Select aria-label={sources.label('file_import')} allowClear style={{ minWidth: 180 }} value={source} onChange={setSource} options={sources.options} placeholder={sources.label('file_import')} />
              </>
            )}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t(kind === 'customers' ? 'customers.import.introCustomers' : 'customers.import.introOwners')}
          </Typography.Paragraph>
          <Upload.Dragger accept=".csv,.xlsx" multiple={false} showUploadList={false} disabled={uploading}
            beforeUpload={(file) => { void upload(file); return false; }} data-testid="import-upload">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{uploading ? t('customers.import.uploading') : t('customers.import.drop')}</p>
          </Upload.Dragger>
        </Space>
      </Card>
      {shownId !== null && <ImportCard key={shownId} id={shownId} />}
      <Card size="small" title={t('customers.import.history')}
        extra={history.filters.status && <Tag closable color={statusColor[history.filters.status]} data-testid="import-status-filter"
          onClose={() => { history.setFilters({}); setParams({}); }}>{t(`customers.import.statusValue.${history.filters.status}`)}</Tag>}>
        <Table<CustomerImport> {...history.tableProps} rowKey="id" columns={historyColumns} data-testid="import-history" />
      </Card>
    </Space>
  );
}
