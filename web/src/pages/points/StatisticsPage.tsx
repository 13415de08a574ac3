// 积分统计: points issued, redeemed, expired per month (company calendar); the liability
// (points members hold); redemption statistics by plan, level and month.
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { useCardTypes } from '../cards/shared';

type Range = [Dayjs | null, Dayjs | null] | null;
interface PointsStats {
  months: { month: string; issued: number; redeemed: number; expired: number; corrected: number; net: number }[];
  bySource: { sourceType: string; points: number; entries: number }[];
  outstanding: number; membersWithPoints: number; pendingEntries: number;
}
interface RedemptionStats { rows: { key: string; label: string; redemptions: number; quantity: number; points: number; members: number }[]; cancelled: number }

export default function StatisticsPage() {
  const { t } = useTranslation();
  const { label } = useCardTypes();
  const [range, setRange] = useState<Range>([dayjs().subtract(11, 'month').startOf('month'), null]);
  const q = { from: range?.[0]?.startOf('day').toISOString(), to: range?.[1]?.add(1, 'day').startOf('day').toISOString() };
  const stats = useQuery({ queryKey: ['/points/stats', q], queryFn: () => api.get<PointsStats>('/points/stats', q) });
  const byPlan = useQuery({ queryKey: ['/redemptions/stats', 'plan', q], queryFn: () => api.get<RedemptionStats>('/redemptions/stats', { ...q, groupBy: 'plan' }) });
  const byLevel = useQuery({ queryKey: ['/redemptions/stats', 'level', q], queryFn: () => api.get<RedemptionStats>('/redemptions/stats', { ...q, groupBy: 'level' }) });
  const s = stats.data;
  const bar = s && {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 56, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: s.months.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [
      { name: t('points.stats.issued'), type: 'bar', data: s.months.map((m) => m.issued) },
      { name: t('points.stats.redeemed'), type: 'bar', data: s.months.map((m) => m.redeemed) },
      { name: t('points.stats.expired'), type: 'bar', data: s.months.map((m) => m.expired) },
    ],
  };
  const pie = (rows: RedemptionStats['rows'], name: (k: string, l: string) => string) => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: rows.map((r) => ({ name: name(r.key, r.label), value: r.points })) }],
  });
  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Text style={{ marginInlineEnd: 8 }}>{t('points.stats.range')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} />
      </div>
      {stats.error && <Typography.Text type="danger">{errorMessage(stats.error)}</Typography.Text>}
      {s && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}><Card><Statistic title={t('points.stats.outstanding')} value={s.outstanding} data-testid="stats-outstanding" /></Card></Col>
          <Col xs={12} md={6}><Card><Statistic title={t('points.stats.membersWithPoints')} value={s.membersWithPoints} /></Card></Col>
          <Col xs={12} md={6}><Card><Statistic title={t('points.stats.issued')} value={s.months.reduce((a, m) => a + m.issued, 0)} /></Card></Col>
          <Col xs={12} md={6}><Card><Statistic title={t('points.stats.pendingEntries')} value={s.pendingEntries} /></Card></Col>
          <Col span={24}>
            <Card title={t('points.stats.monthly')}>{s.months.length ? <ReactECharts option={bar!} style={{ height: 320 }} /> : <Empty description={t('points.stats.none')} />}</Card>
          </Col>
          <Col xs={24} md={12}>
            <Card title={t('points.stats.byPlan')}>
              {byPlan.data?.rows.length ? <ReactECharts option={pie(byPlan.data.rows, (_k, l) => l)} style={{ height: 300 }} /> : <Empty description={t('points.stats.none')} />}
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card title={t('points.stats.byLevel')}>
              {byLevel.data?.rows.length ? <ReactECharts option={pie(byLevel.data.rows, (k) => label(k || null))} style={{ height: 300 }} /> : <Empty description={t('points.stats.none')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Table rowKey="key" size="small" pagination={false} dataSource={byPlan.data?.rows ?? []} columns={[
              { title: t('points.redemptions.plan'), dataIndex: 'label' },
              { title: t('points.stats.redemptions'), dataIndex: 'redemptions' },
              { title: t('points.redemptions.quantity'), dataIndex: 'quantity' },
              { title: t('points.stats.points'), dataIndex: 'points' },
            ]} />
          </Col>
        </Row>
      )}
    </>
  );
}
