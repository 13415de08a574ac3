// 通话统计: calls in a range of company days within the data scope — totals, average duration of
// answered calls, the share of callers recognised, calls per day (chart), per category (chart) and
// per handler. Every label in a tooltip is escaped: handler names and dictionary labels are stored text.
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
import { useDictionary, useDuration } from './lookups';
import type { CallStats } from './types';

type Range = [Dayjs | null, Dayjs | null] | null;
const escape = (s: string) => format.encodeHTML(s);

export default function CallStatsPage() {
  const { t } = useTranslation();
  const categories = useDictionary('call_category');
  const duration = useDuration();
  const [range, setRange] = useState<Range>([companyToday().subtract(29, 'day'), companyToday()]);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const stats = useQuery({ queryKey: ['/calls/stats', { from, to }], queryFn: () => api.get<CallStats>('/calls/stats', { from, to }), enabled: !!from && !!to });
  const s = stats.data;
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const categoryName = (c: string | null) => (c ? categories.label(c) : t('calls.stats.uncategorised'));
  const dayChart = s && {
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { axisValue: string; seriesName: string; value: number }[]) =>
        [escape(ps[0]?.axisValue ?? ''), ...ps.map((p) => `${escape(p.seriesName)}: ${p.value}`)].join('<br/>'),
    },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: s.byDay.map((d) => d.day) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('calls.stats.total'), type: 'line', data: s.byDay.map((d) => d.count) },
      { name: t('calls.stats.inbound'), type: 'line', data: s.byDay.map((d) => d.inbound) },
    ],
  };
  const categoryChart = s && s.byCategory.length > 0 && {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${escape(p.name)}: ${p.value} (${p.percent}%)` },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: '{b}\n{c}' }, data: s.byCategory.map((c) => ({ name: categoryName(c.category), value: c.count })) }],
  };

  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col>
          <Typography.Text style={{ marginInlineEnd: 8 }}>{t('calls.stats.range')}</Typography.Text>
          <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowClear={false} aria-label={t('calls.stats.range')} />
        </Col>
      </Row>
      {stats.isLoading && <Spin />}
      {stats.error && <Typography.Text type="danger">{errorMessage(stats.error)}</Typography.Text>}
      {s && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="call-stats">
            <Col xs={12} lg={4}><Card><Statistic title={t('calls.stats.total')} value={s.total} /></Card></Col>
            <Col xs={12} lg={4}><Card><Statistic title={t('calls.stats.inbound')} value={s.inbound} /></Card></Col>
            <Col xs={12} lg={4}><Card><Statistic title={t('calls.stats.outbound')} value={s.outbound} /></Card></Col>
            <Col xs={12} lg={4}><Card><Statistic title={t('calls.stats.missed')} value={s.missed} /></Card></Col>
            <Col xs={12} lg={4}><Card><Statistic title={t('calls.stats.avgDuration')} value={duration(s.avgDuration)} /></Card></Col>
            <Col xs={12} lg={4}><Card><Statistic title={t('calls.stats.recognisedRate')} value={percent(s.recognisedRate)} /></Card></Col>
          </Row>
          {s.total === 0 ? <Empty description={t('calls.stats.none')} /> : (
            <>
              <Row gutter={16}>
                <Col xs={24} lg={14}><Card title={t('calls.stats.byDay')}><ReactECharts option={dayChart!} style={{ height: 320 }} /></Card></Col>
                <Col xs={24} lg={10}><Card title={t('calls.stats.byCategory')}>{categoryChart ? <ReactECharts option={categoryChart} style={{ height: 320 }} /> : <Empty />}</Card></Col>
              </Row>
              <Card title={t('calls.stats.byHandler')} style={{ marginTop: 16 }}>
                <Table rowKey={(h) => String(h.handlerId)} pagination={false} dataSource={s.byHandler} data-testid="call-stats-handlers" columns={[
                  { title: t('calls.handler'), dataIndex: 'handlerName', render: (v: string | null) => v ?? t('calls.none') },
                  { title: t('calls.stats.count'), dataIndex: 'count', align: 'right' },
                  { title: t('calls.stats.avgDuration'), dataIndex: 'avgDuration', align: 'right', render: duration },
                ]} />
              </Card>
            </>
          )}
        </>
      )}
    </>
  );
}
