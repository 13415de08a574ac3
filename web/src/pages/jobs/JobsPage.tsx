// 后台任务: the background jobs with their last run (scheduled, by hand or from the command line),
// each row expanding to its recent runs; "run now" runs a job at once — a job whose rules depend
// on the day optionally as of a chosen day in the company time zone — and says what it did.
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { formatTime } from '../../components/format';

interface JobRun {
  id: number; trigger: 'schedule' | 'api' | 'cli'; requestedBy: string | null; startedAt: string; finishedAt: string | null;
  asOf: string; day: string; result: Record<string, unknown> | null; error: string | null;
}
interface Job { name: string; label: string; everySeconds: number; dated: boolean; runningHere: boolean; lastRun: JobRun | null }
interface RunReply { name: string; day: string; result: Record<string, unknown> }

const summary = (r: Record<string, unknown> | null) => (r ? JSON.stringify(r) : '—');

/** 3 → every 3 s, 600 → every 10 min, 3600 → every 1 h, 86400 → every 1 day */
function every(seconds: number): [string, number] {
  if (seconds % 86_400 === 0) return ['d', seconds / 86_400];
  if (seconds % 3600 === 0) return ['h', seconds / 3600];
  if (seconds % 60 === 0) return ['min', seconds / 60];
  return ['s', seconds];
}

function RunState({ run }: { run: JobRun }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag>{t(`jobs.trigger.${run.trigger}`)}</Tag>
      {run.error ? <Tag color="error">{t('jobs.failed')}</Tag> : !run.finishedAt ? <Tag color="processing">{t('jobs.running')}</Tag> : null}
      <span>{formatTime(run.startedAt)}</span>
      <Typography.Text type="secondary">{t('jobs.asOfDay', { day: run.day })}</Typography.Text>
      {run.requestedBy && <Typography.Text type="secondary">{t('jobs.by', { by: run.requestedBy })}</Typography.Text>}
    </Space>
  );
}

function RecentRuns({ name }: { name: string }) {
  const { t } = useTranslation();
  const runs = useQuery({ queryKey: [`/jobs/${name}/runs`], queryFn: () => api.get<Paged<JobRun>>(`/jobs/${encodeURIComponent(name)}/runs`, { pageSize: 10 }) });
  const columns: TableColumnsType<JobRun> = [
    { title: t('jobs.startedAt'), key: 'run', render: (_, r) => <RunState run={r} /> },
    { title: t('jobs.finishedAt'), dataIndex: 'finishedAt', width: 180, render: formatTime, className: 'nowrap' },
    { title: t('jobs.result'), key: 'result', render: (_, r) => (r.error ? <Typography.Text type="danger">{r.error}</Typography.Text> : <Typography.Text code>{summary(r.result)}</Typography.Text>) },
  ];
  return <Table<JobRun> rowKey="id" size="small" loading={runs.isLoading} dataSource={runs.data?.items ?? []} columns={columns} pagination={false} title={() => t('jobs.runs')} />;
}

export default function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const jobs = useQuery({ queryKey: ['/jobs'], queryFn: () => api.get<{ items: Job[]; timeZone: string }>('/jobs') });
  const [running, setRunning] = useState<Job | null>(null);

  const columns: TableColumnsType<Job> = [
    {
      title: t('jobs.job'), key: 'job',
      render: (_, j) => (
        <Space size={4} wrap>
          {j.label} <Typography.Text type="secondary" code>{j.name}</Typography.Text>
          {j.dated && <Tag color="blue">{t('jobs.dated')}</Tag>}
        </Space>
      ),
    },
    { title: t('jobs.every'), dataIndex: 'everySeconds', width: 140, render: (s: number) => { const [unit, n] = every(s); return t(`jobs.everyUnit.${unit}`, { n }); } },
    {
      title: t('jobs.lastRun'), key: 'last',
      render: (_, j) => (j.lastRun ? (
        <Space direction="vertical" size={0}>
          <RunState run={j.lastRun} />
          {j.lastRun.error ? <Typography.Text type="danger">{j.lastRun.error}</Typography.Text> : <Typography.Text code>{summary(j.lastRun.result)}</Typography.Text>}
        </Space>
      ) : <Typography.Text type="secondary">{t('jobs.never')}</Typography.Text>),
    },
    { title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'actions', width: 120, render: (_, j) => <Button size="small" onClick={() => setRunning(j)} data-testid={`run-${j.name}`}>{t('jobs.run')}</Button> },
  ];

  return (
    <>
      <Alert type="warning" showIcon message={t('jobs.hint')} style={{ marginBottom: 16 }} />
      <Table<Job> scroll={{ x: 'max-content' }}
        rowKey="name" data-testid="jobs-table" loading={jobs.isLoading} dataSource={jobs.data?.items ?? []} columns={columns} pagination={false}
        expandable={{ expandedRowRender: (j) => <RecentRuns name={j.name} /> }}
      />
      {running && (
        <FormDialog<{ asOf?: Dayjs | null }, RunReply>
          open title={t('jobs.runTitle', { label: running.label })} okText={t('jobs.run')}
          invalidate={['/jobs', `/jobs/${running.name}/runs`]}
          onSubmit={(v) => api.post<RunReply>(`/jobs/${encodeURIComponent(running.name)}/run`, v.asOf ? { asOf: v.asOf.format('YYYY-MM-DD') } : {})}
          onDone={(r) => message.success(t('jobs.ran', { label: running.label, day: r.day, result: summary(r.result) }))}
          onClose={() => setRunning(null)}
        >
          {running.dated ? (
            <Form.Item name="asOf" label={t('jobs.asOf')} extra={t('jobs.asOfHint', { tz: jobs.data?.timeZone ?? '' })}>
              <DatePicker allowClear />
            </Form.Item>
          ) : <Alert type="info" showIcon message={t('jobs.undatedHint')} />}
        </FormDialog>
      )}
    </>
  );
}
