// 会员分析: the membership's composition, joins and leaves per month, cohort retention, level
// changes and the reach of notices and care, for a period of company months, a project and a
// department (within the reader's data scope) — from GET /analysis/members. Every chart can be
// shown as a table (the switch above it). Below, merchant participation (GET /merchants/participation: uses
// per merchant and level, per quarter with ratings) for the same period and filters, widened to whole quarters (the line above says which). Names in tooltips are
// user text: escaped.
import { useState, type ReactNode } from 'react';
import { Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import { format } from 'echarts';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { ExportButton } from '../../components/ExportButton';
import { useDictionary } from '../../components/dictionary';
import { companyToday, formatTime } from '../../components/format';
import { useCardTypes } from '../cards/shared';
import './messages';

interface Count { key: string; members: number }
interface Analysis {
  from: string; to: string; asOf: string | null;
  composition: { total: number; byLevel: Count[]; byChannel: { channel: string; subChannel: string; members: number }[]; byProject: Count[]; byDepartment: Count[]; byStatus: Count[] };
  months: { month: string; joined: number; left: number; net: number }[];
  cohorts: { month: string; members: number; retention: { after: number; retained: number | null; rate: number | null }[] }[];
  levelMoves: { month: string; upgrades: number; downgrades: number }[];
  reach: { members: number; notices: number; care: number; noticeRate: number | null; careRate: number | null };
}
type Dimension = 'level' | 'channel' | 'project' | 'department' | 'status';
interface MerchantLevel { merchantId: number; code: string; name: string; deleted: boolean; level: string; participations: number; members: number }
interface Participation {
  from: string; to: string; asOf: string | null; levels: string[];
  byMerchant: (Omit<MerchantLevel, 'level'> & { byLevel: { level: string; participations: number; members: number }[] })[];
  byMerchantLevel: MerchantLevel[];
  quarters: { quarter: string; participations: number; members: number; rated: number; average: number | null; positive: number; neutral: number; negative: number; feedbackRated: number; feedbackAverage: number | null; reported: number }[];
}

const percent = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const escape = (s: string) => format.encodeHTML(s);

/** A card whose content is a chart or, switched, the same figures as a table. */
function ChartOrTable<R extends object>({ id, title, hint, extra, exportAs, option, rows, columns, rowKey, empty }: {
  id: string; title: ReactNode; hint?: ReactNode; extra?: ReactNode; exportAs?: ReactNode; option: object; rows: R[]; columns: ColumnsType<R>; rowKey: keyof R & string; empty: boolean;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card title={title} data-testid={`analysis-${id}`} extra={
      <Space>
        {extra}
        <Segmented size="small" value={view} onChange={(v) => setView(v as 'chart' | 'table')} data-testid={`analysis-${id}-view`}
          options={[{ value: 'chart', label: t('analysis.view.chart') }, { value: 'table', label: t('analysis.view.table') }]} />
      </Space>
    }>
      {(hint || exportAs) && (
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="start">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>
          {exportAs}
        </Space>
      )}
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        : view === 'chart' ? <ReactECharts option={{ animation: false, ...option }} style={{ height: 300 }} notMerge />
          : <Table<R> rowKey={rowKey} size="small" pagination={false} dataSource={rows} columns={columns} scroll={{ x: true }} />}
    </Card>
  );
}

export default function MemberAnalysisPage() {
  const { t } = useTranslation();
  const levels = useCardTypes();
  const channels = useDictionary('application_channel');
  // ?from=YYYY-MM&to=YYYY-MM (a link to a period), else the last twelve months
  const [params] = useSearchParams();
  const month = (v: string | null) => (v && /^\d{4}-\d{2}$/.test(v) ? dayjs(`${v}-01`) : null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>([
    month(params.get('from')) ?? companyToday().subtract(11, 'month').startOf('month'), month(params.get('to')) ?? companyToday().startOf('month')]);
  const [project, setProject] = useState<string | undefined>();
  const [department, setDepartment] = useState<string | undefined>();
  const [dimension, setDimension] = useState<Dimension>('level');
  const query = { from: range?.[0]?.format('YYYY-MM'), to: range?.[1]?.format('YYYY-MM'), project, department };
  const res = useQuery({ queryKey: ['/analysis/members', query], queryFn: () => api.get<Analysis>('/analysis/members', query) });
  // the choices of project and department: those of the reader's whole scope
  const all = useQuery({ queryKey: ['/analysis/members', 'choices'], queryFn: () => api.get<Analysis>('/analysis/members') });
  const d = res.data;
  // 商家服务参与: the same period and filters, from the merchants' statistics
  const mp = useQuery({ queryKey: ['/merchants/participation', query], queryFn: () => api.get<Participation>('/merchants/participation', query) });
  const none = t('analysis.none');
  const keyLabel: Record<Dimension, (k: string) => string> = {
    level: (k) => (k ? levels.label(k) : none),
    channel: (k) => k,
    project: (k) => k || none,
    department: (k) => k || none,
    status: (k) => t(`analysis.status.${k}`, { defaultValue: k }),
  };
  const compositionRows: (Count & { label: string })[] = !d ? [] : dimension === 'channel'
    ? d.composition.byChannel.map((c) => ({
      key: `${c.channel}/${c.subChannel}`, members: c.members,
      label: c.channel ? (c.subChannel ? `${channels.label(c.channel)} · ${channels.label(c.subChannel)}` : channels.label(c.channel)) : none,
    }))
    : d.composition[`by${dimension[0].toUpperCase()}${dimension.slice(1)}` as 'byLevel'].map((c) => ({ ...c, label: keyLabel[dimension](c.key) }));
  const compositionTotal = compositionRows.reduce((a, r) => a + r.members, 0);
  const options = (list: Count[] | undefined) => (list ?? []).filter((c) => c.key).map((c) => ({ value: c.key, label: c.key }));
  const monthAxis = (months: { month: string }[]) => ({ type: 'category', data: months.map((m) => m.month) });
  const axisTooltip = { trigger: 'axis', valueFormatter: (v: number) => v.toLocaleString() };
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t('analysis.filter.period')}</Typography.Text>
        <DatePicker.RangePicker picker="month" value={range} onChange={(r) => setRange(r as typeof range)} allowEmpty={[true, true]} data-testid="analysis-period" />
        <Select allowClear showSearch placeholder={t('analysis.filter.project')} aria-label={t('analysis.filter.project')} style={{ minWidth: 160 }} value={project} onChange={setProject}
          options={options(all.data?.composition.byProject)} data-testid="analysis-project" />
        <Select allowClear showSearch placeholder={t('analysis.filter.department')} aria-label={t('analysis.filter.department')} style={{ minWidth: 160 }} value={department} onChange={setDepartment}
          options={options(all.data?.composition.byDepartment)} data-testid="analysis-department" />
        {d && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.asOf ? t('analysis.asOf', { at: formatTime(d.asOf) }) : t('analysis.live')}</Typography.Text>}
      </Space>
      {res.error && <Typography.Text type="danger">{errorMessage(res.error)}</Typography.Text>}
      {d && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <ChartOrTable id="composition" exportAs={<ExportButton path="/analysis/members/composition" filters={{ ...query, dimension }} list="analysis-composition" />} title={t('analysis.composition.title')} hint={t('analysis.composition.total', { count: d.composition.total })}
              extra={<Select size="small" value={dimension} onChange={setDimension} aria-label={`${t('analysis.composition.title')}: ${t('analysis.composition.key')}`} style={{ width: 110 }} data-testid="analysis-dimension"
                options={(['level', 'channel', 'project', 'department', 'status'] as const).map((k) => ({ value: k, label: t(`analysis.composition.${k}`) }))} />}
              empty={!compositionRows.length} rows={compositionRows} rowKey="key"
              option={{
                tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${escape(p.name)}: ${p.value.toLocaleString()} (${p.percent}%)` },
                legend: { bottom: 0, type: 'scroll' },
                series: [{ type: 'pie', radius: ['35%', '62%'], bottom: 24, data: compositionRows.map((r) => ({ name: r.label, value: r.members })) }],
              }}
              columns={[
                { title: t(`analysis.composition.${dimension}`), dataIndex: 'label' },
                { title: t('analysis.composition.members'), dataIndex: 'members', align: 'right' },
                { title: t('analysis.composition.share'), key: 'share', align: 'right', render: (_, r) => percent(compositionTotal ? r.members / compositionTotal : null) },
              ]} />
          </Col>
          <Col xs={24} lg={12}>
            <ChartOrTable id="flows" exportAs={<ExportButton path="/analysis/members/months" filters={query} list="analysis-months" />} title={t('analysis.flows.title')} empty={!d.months.length} rows={d.months} rowKey="month"
              option={{
                tooltip: axisTooltip, legend: { bottom: 0 }, grid: { left: 48, right: 16, top: 16, bottom: 48 },
                xAxis: monthAxis(d.months), yAxis: { type: 'value' },
                series: [
                  { name: t('analysis.flows.joined'), type: 'bar', data: d.months.map((m) => m.joined) },
                  { name: t('analysis.flows.left'), type: 'bar', data: d.months.map((m) => m.left) },
                  { name: t('analysis.flows.net'), type: 'line', data: d.months.map((m) => m.net) },
                ],
              }}
              columns={[
                { title: t('analysis.flows.month'), dataIndex: 'month' },
                { title: t('analysis.flows.joined'), dataIndex: 'joined', align: 'right' },
                { title: t('analysis.flows.left'), dataIndex: 'left', align: 'right' },
                { title: t('analysis.flows.net'), dataIndex: 'net', align: 'right' },
              ]} />
          </Col>
          <Col xs={24} lg={12}>
            <ChartOrTable id="cohorts" exportAs={<ExportButton path="/analysis/members/cohorts" filters={query} list="analysis-cohorts" />} title={t('analysis.cohorts.title')} hint={t('analysis.cohorts.hint')}
              empty={!d.cohorts.length} rows={d.cohorts} rowKey="month"
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => percent(v) }, legend: { bottom: 0 }, grid: { left: 48, right: 16, top: 16, bottom: 48 },
                xAxis: monthAxis(d.cohorts), yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
                series: (d.cohorts[0]?.retention ?? []).map((r, i) => ({ name: t('analysis.cohorts.after', { months: r.after }), type: 'line', connectNulls: false, data: d.cohorts.map((c) => c.retention[i].rate) })),
              }}
              columns={[
                { title: t('analysis.cohorts.month'), dataIndex: 'month' },
                { title: t('analysis.cohorts.members'), dataIndex: 'members', align: 'right' },
                ...(d.cohorts[0]?.retention ?? []).map((r, i) => ({
                  title: t('analysis.cohorts.after', { months: r.after }), key: `r${r.after}`, align: 'right' as const,
                  render: (_: unknown, c: Analysis['cohorts'][number]) => (c.retention[i].retained == null ? '—' : `${c.retention[i].retained} (${percent(c.retention[i].rate)})`),
                })),
              ]} />
          </Col>
          <Col xs={24} lg={12}>
            <ChartOrTable id="moves" exportAs={<ExportButton path="/analysis/members/level-moves" filters={query} list="analysis-level-moves" />} title={t('analysis.moves.title')} empty={!d.levelMoves.length} rows={d.levelMoves} rowKey="month"
              option={{
                tooltip: axisTooltip, legend: { bottom: 0 }, grid: { left: 48, right: 16, top: 16, bottom: 48 },
                xAxis: monthAxis(d.levelMoves), yAxis: { type: 'value', minInterval: 1 },
                series: [
                  { name: t('analysis.moves.upgrades'), type: 'bar', data: d.levelMoves.map((m) => m.upgrades) },
                  { name: t('analysis.moves.downgrades'), type: 'bar', data: d.levelMoves.map((m) => m.downgrades) },
                ],
              }}
              columns={[
                { title: t('analysis.moves.month'), dataIndex: 'month' },
                { title: t('analysis.moves.upgrades'), dataIndex: 'upgrades', align: 'right' },
                { title: t('analysis.moves.downgrades'), dataIndex: 'downgrades', align: 'right' },
              ]} />
          </Col>
          <Col span={24}>
            <ChartOrTable id="reach" title={t('analysis.reach.title')} hint={t('analysis.reach.hint')}
              empty={false} rowKey="kind"
              rows={[
                { kind: t('analysis.reach.notices'), reached: d.reach.notices, members: d.reach.members, rate: d.reach.noticeRate },
                { kind: t('analysis.reach.care'), reached: d.reach.care, members: d.reach.members, rate: d.reach.careRate },
              ]}
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => percent(v) }, grid: { left: 64, right: 16, top: 16, bottom: 32 },
                xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
                yAxis: { type: 'category', data: [t('analysis.reach.notices'), t('analysis.reach.care')] },
                series: [{ name: t('analysis.reach.rate'), type: 'bar', data: [d.reach.noticeRate ?? 0, d.reach.careRate ?? 0] }],
              }}
              columns={[
                { title: t('analysis.reach.kind'), dataIndex: 'kind' },
                { title: t('analysis.reach.reached'), dataIndex: 'reached', align: 'right' },
                { title: t('analysis.reach.members'), dataIndex: 'members', align: 'right' },
                { title: t('analysis.reach.rate'), dataIndex: 'rate', align: 'right', render: percent },
              ]} />
          </Col>
          {mp.error && <Col span={24}><Typography.Text type="danger">{errorMessage(mp.error)}</Typography.Text></Col>}
          {mp.data && (
            <>
              <Col span={24}>
                {/* the months asked, widened to whole quarters by the server */}
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="analysis-merchant-period">
                  {t('analysis.merchantPeriod', { from: mp.data.quarters[0]?.quarter, to: mp.data.quarters.at(-1)?.quarter })}
                  {' · '}{mp.data.asOf ? t('analysis.merchantAsOf', { at: formatTime(mp.data.asOf) }) : t('analysis.live')}
                </Typography.Text>
              </Col>
              <Col xs={24} lg={12}>
                <ChartOrTable id="merchants" title={t('analysis.merchants.title')} hint={t('analysis.merchants.hint')}
                  exportAs={<ExportButton path="/merchants/participation/by-level" filters={query} list="merchant-participation" />}
                  empty={!mp.data.byMerchant.length} rows={mp.data.byMerchantLevel.map((r) => ({ ...r, key: `${r.merchantId}/${r.level}` }))} rowKey="key"
                  option={{
                    // merchant names are user text: escaped in the tooltip
                    tooltip: {
                      trigger: 'axis', axisPointer: { type: 'shadow' },
                      formatter: (ps: { name: string; seriesName: string; value: number; marker: string }[]) => [escape(ps[0]?.name ?? ''),
                        ...ps.filter((p) => p.value).map((p) => `${p.marker}${escape(p.seriesName)}: ${p.value.toLocaleString()}`)].join('<br/>'),
                    },
                    legend: { bottom: 0, type: 'scroll' }, grid: { left: 48, right: 16, top: 16, bottom: 56, containLabel: true },
                    xAxis: { type: 'category', data: mp.data.byMerchant.map((m) => m.name), axisLabel: { interval: 0, rotate: mp.data.byMerchant.length > 4 ? 30 : 0 } },
                    yAxis: { type: 'value', minInterval: 1 },
                    series: mp.data.levels.map((level) => ({
                      name: level ? levels.label(level) : none, type: 'bar', stack: 'uses',
                      data: mp.data!.byMerchant.map((m) => m.byLevel.find((l) => l.level === level)?.participations ?? 0),
                    })),
                  }}
                  columns={[
                    { title: t('analysis.merchants.merchant'), key: 'merchant', render: (_, r) => `${r.name}（${r.code}）${r.deleted ? t('analysis.merchants.deleted') : ''}` },
                    { title: t('analysis.merchants.level'), key: 'level', render: (_, r) => (r.level ? levels.label(r.level) : none) },
                    { title: t('analysis.merchants.uses'), dataIndex: 'participations', align: 'right' },
                    { title: t('analysis.merchants.members'), dataIndex: 'members', align: 'right' },
                  ]} />
              </Col>
              <Col xs={24} lg={12}>
                <ChartOrTable id="merchant-quarters" title={t('analysis.merchantQuarters.title')} hint={t('analysis.merchantQuarters.hint')}
                  exportAs={<ExportButton path="/merchants/participation/quarters" filters={query} list="merchant-participation-quarters" />}
                  empty={!mp.data.quarters.some((q) => q.participations || q.feedbackRated || q.reported)} rows={mp.data.quarters} rowKey="quarter"
                  option={{
                    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v == null ? '—' : v.toLocaleString()) },
                    legend: { bottom: 0 }, grid: { left: 48, right: 48, top: 16, bottom: 48 },
                    xAxis: { type: 'category', data: mp.data.quarters.map((q) => q.quarter) },
                    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: -2, max: 2, interval: 1, splitLine: { show: false } }],
                    series: [
                      { name: t('analysis.merchantQuarters.uses'), type: 'bar', data: mp.data.quarters.map((q) => q.participations) },
                      { name: t('analysis.merchantQuarters.average'), type: 'line', yAxisIndex: 1, connectNulls: true, data: mp.data.quarters.map((q) => q.average) },
                      { name: t('analysis.merchantQuarters.feedbackAverage'), type: 'line', yAxisIndex: 1, connectNulls: true, lineStyle: { type: 'dashed' }, data: mp.data.quarters.map((q) => q.feedbackAverage) },
                    ],
                  }}
                  columns={[
                    { title: t('analysis.merchantQuarters.quarter'), dataIndex: 'quarter', className: 'nowrap' },
                    { title: t('analysis.merchantQuarters.uses'), dataIndex: 'participations', align: 'right' },
                    { title: t('analysis.merchantQuarters.members'), dataIndex: 'members', align: 'right' },
                    { title: t('analysis.merchantQuarters.rated'), dataIndex: 'rated', align: 'right' },
                    { title: t('analysis.merchantQuarters.average'), dataIndex: 'average', align: 'right', render: (v: number | null) => (v == null ? '—' : v.toFixed(2)) },
                    { title: t('analysis.merchantQuarters.split'), key: 'split', align: 'right', render: (_, q) => `${q.positive} / ${q.neutral} / ${q.negative}` },
                    { title: t('analysis.merchantQuarters.feedbackAverage'), dataIndex: 'feedbackAverage', align: 'right', render: (v: number | null) => (v == null ? '—' : v.toFixed(2)) },
                    { title: t('analysis.merchantQuarters.reported'), dataIndex: 'reported', align: 'right' },
                  ]} />
              </Col>
            </>
          )}
        </Row>
      )}
    </>
  );
}
