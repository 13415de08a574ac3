// 投诉统计: complaints received in a period by type (pie) and channel, received and closed per
// month (bar, company time zone), average time to close and the overdue rate.
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Spin, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { useBilingual } from '../../i18n';
import type { ComplaintStatistics, Counted } from './types';
import { companyToday } from '../../components/format';

type Range = [Dayjs | null, Dayjs | null] | null;

export default function StatisticsPage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const [range, setRange] = useState<Range>([companyToday().subtract(11, 'month').startOf('month'), companyToday()]);
  const query = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const stats = useQuery({ queryKey: ['/complaints/statistics', query], queryFn: () => api.get<ComplaintStatistics>('/complaints/statistics', query) });
  const s = stats.data;
  const label = (c: Counted) => (c.labelZh ? pick(c.labelZh, c.labelEn ?? c.key) : c.key);
  const pie = (data: Counted[]) => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: data.map((c) => ({ name: label(c), value: c.count })), label: { formatter: '{b}\n{c}' } }],
  });
  const monthly = s && {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: s.monthly.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('complaints.stats.receivedSeries'), type: 'bar', data: s.monthly.map((m) => m.received) },
      { name: t('complaints.stats.closedSeries'), type: 'bar', data: s.monthly.map((m) => m.closed) },
    ],
  };
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Text style={{ marginInlineEnd: 8 }}>{t('complaints.stats.range')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} data-testid="stats-range" />
      </div>
      {stats.isLoading && <Spin />}
      {stats.error && <Typography.Text type="danger">{errorMessage(stats.error)}</Typography.Text>}
      {s && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Card><Statistic title={t('complaints.stats.received')} value={s.received} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('complaints.stats.closed')} value={s.closed} /></Card></Col>
            <Col xs={12} md={6}>
              <Card><Statistic title={t('complaints.stats.avgClose')} value={s.avgHoursToClose == null ? '—' : t('complaints.stats.hours', { value: s.avgHoursToClose })} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title={t('complaints.stats.overdueRate')} value={percent(s.steps.overdueRate)} />
                <Typography.Text type="secondary">{t('complaints.stats.overdueDetail', { overdue: s.steps.overdue, withDue: s.steps.withDue })}</Typography.Text>
              </Card>
            </Col>
          </Row>
          {s.received === 0 ? <Empty style={{ marginTop: 32 }} description={t('complaints.stats.none')} /> : (
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col xs={24} lg={12}>
                <Card title={t('complaints.stats.byType')}><ReactECharts option={pie(s.byType)} style={{ height: 320 }} data-testid="chart-by-type" /></Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t('complaints.stats.byChannel')}><ReactECharts option={pie(s.byChannel)} style={{ height: 320 }} /></Card>
              </Col>
              <Col span={24}>
                <Card title={t('complaints.stats.monthly')}><ReactECharts option={monthly!} style={{ height: 340 }} data-testid="chart-monthly" /></Card>
              </Col>
              <Col span={24}>
                <Typography.Text type="secondary">{t('complaints.stats.complaintOverdueRate')}：{percent(s.complaintOverdueRate)}</Typography.Text>
              </Col>
            </Row>
          )}
        </>
      )}
    </>
  );
}
