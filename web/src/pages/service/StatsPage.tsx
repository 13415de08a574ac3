// 服务统计: tickets created in a period (company days) within the data scope — first-response and
// resolution hours (average, median), resolution and on-time rates, average satisfaction; by month
// (chart) and by type (table). Every label in a tooltip is escaped: dictionary labels are stored text.
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Spin, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import { format } from 'echarts';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { companyToday } from '../../components/format';
import { useDictionary } from './lookups';
import type { Figures, Statistics } from './types';

type Range = [Dayjs | null, Dayjs | null] | null;
const escape = (s: string) => format.encodeHTML(s);
const percent = (x: number | null) => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null) => (x == null ? '—' : String(x));

export default function StatsPage() {
  const { t } = useTranslation();
  const types = useDictionary('ticket_type');
  const [range, setRange] = useState<Range>([companyToday().subtract(5, 'month').startOf('month'), companyToday()]);
  const query = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const stats = useQuery({ queryKey: ['/service/statistics', query], queryFn: () => api.get<Statistics>('/service/statistics', query) });
  const s = stats.data;
  const chart = s && {
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { axisValue: string; seriesName: string; value: number | null }[]) =>
        [escape(ps[0]?.axisValue ?? ''), ...ps.map((p) => `${escape(p.seriesName)}: ${p.value ?? '—'}`)].join('<br/>'),
    },
    legend: { bottom: 0 },
    xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', name: t('service.stats.hours') }],
    series: [
      { name: t('service.stats.tickets'), type: 'bar', data: s.byMonth.map((m) => m.tickets) },
      { name: t('service.stats.resolved'), type: 'bar', data: s.byMonth.map((m) => m.resolved) },
      { name: `${t('service.stats.firstResponse')} · ${t('service.stats.median')}`, type: 'line', yAxisIndex: 1, data: s.byMonth.map((m) => m.firstResponseHours.median) },
      { name: `${t('service.stats.resolution')} · ${t('service.stats.median')}`, type: 'line', yAxisIndex: 1, data: s.byMonth.map((m) => m.resolutionHours.median) },
    ],
  };
  const figureColumns = [
    { title: t('service.stats.tickets'), dataIndex: 'tickets', align: 'right' as const },
    { title: t('service.stats.resolutionRate'), dataIndex: 'resolutionRate', align: 'right' as const, render: percent },
    { title: t('service.stats.onTimeRate'), dataIndex: 'onTimeRate', align: 'right' as const, render: percent },
    { title: t('service.stats.firstOnTime'), dataIndex: 'firstResponseOnTimeRate', align: 'right' as const, render: percent },
    { title: `${t('service.stats.firstResponse')} ${t('service.stats.median')}`, key: 'fr', align: 'right' as const, render: (_: unknown, f: Figures) => num(f.firstResponseHours.median) },
    { title: `${t('service.stats.resolution')} ${t('service.stats.median')}`, key: 'rs', align: 'right' as const, render: (_: unknown, f: Figures) => num(f.resolutionHours.median) },
    { title: t('service.stats.satisfaction'), dataIndex: 'satisfaction', align: 'right' as const, render: num },
  ];

  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col>
          <Typography.Text style={{ marginInlineEnd: 8 }}>{t('service.stats.range')}</Typography.Text>
          <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} aria-label={t('service.stats.range')} />
        </Col>
      </Row>
      {stats.isLoading && <Spin />}
      {stats.error && <Typography.Text type="danger">{errorMessage(stats.error)}</Typography.Text>}
      {s && s.tickets === 0 && <Empty description={t('service.stats.none')} />}
      {s && s.tickets > 0 && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="service-figures">
            <Col xs={12} lg={6}><Card><Statistic title={t('service.stats.tickets')} value={s.tickets} suffix={`/ ${t('service.stats.resolved')} ${s.resolved}`} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={t('service.stats.resolutionRate')} value={percent(s.resolutionRate)} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={t('service.stats.onTimeRate')} value={percent(s.onTimeRate)} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={t('service.stats.satisfaction')} value={num(s.satisfaction)} suffix={`(${t('service.stats.surveys')} ${s.surveys})`} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={`${t('service.stats.firstResponse')} · ${t('service.stats.average')}`} value={num(s.firstResponseHours.average)} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={`${t('service.stats.firstResponse')} · ${t('service.stats.median')}`} value={num(s.firstResponseHours.median)} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={`${t('service.stats.resolution')} · ${t('service.stats.average')}`} value={num(s.resolutionHours.average)} /></Card></Col>
            <Col xs={12} lg={6}><Card><Statistic title={`${t('service.stats.resolution')} · ${t('service.stats.median')}`} value={num(s.resolutionHours.median)} /></Card></Col>
          </Row>
          <Card title={t('service.stats.byMonth')} style={{ marginBottom: 16 }}><ReactECharts option={chart!} style={{ height: 340 }} /></Card>
          <Card title={t('service.stats.byType')}>
            <Table rowKey="type" pagination={false} dataSource={s.byType} data-testid="service-by-type"
              columns={[{ title: t('service.type'), dataIndex: 'type', render: types.label }, ...figureColumns]} />
          </Card>
        </>
      )}
    </>
  );
}
