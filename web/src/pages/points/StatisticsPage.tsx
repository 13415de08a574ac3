// 积分统计: the liability (points members hold) by level and by expiry month; points issued,
// redeemed, expired per month, quarter or year (company calendar) with the redemption rate;
// redemption statistics by plan and level. The figures come from GET /points/dashboard, which
// reads the summaries the points-summary job keeps (the liability as of its last run).
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { formatTime, companyDayStart, companyToday } from '../../components/format';
import { useCardTypes } from '../cards/shared';

type Range = [Dayjs | null, Dayjs | null] | null;
type Period = 'month' | 'quarter' | 'year';
interface Flows { issued: number; redeemed: number; expired: number; corrected: number; net: number; redemptionRate: number | null; expiryRate: number | null }
interface Dashboard {
  from: string; to: string; period: Period;
  periods: (Flows & { period: string })[];
  totals: Flows;
  liability: {
    asOf: string | null; points: number; members: number;
    byLevel: { level: string | null; points: number; members: number }[];
    byExpiryMonth: { month: string | null; points: number }[];
    expiringNext12Months: { month: string; points: number }[];
  };
}
interface RedemptionStats { rows: { key: string; label: string; redemptions: number; quantity: number; points: number; members: number }[]; cancelled: number }

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export default function StatisticsPage() {
  const { t } = useTranslation();
  const { label } = useCardTypes();
  const [range, setRange] = useState<Range>([companyToday().subtract(11, 'month').startOf('month'), null]);
  const [period, setPeriod] = useState<Period>('month');
  const days = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const instants = { from: companyDayStart(range?.[0]), to: companyDayStart(range?.[1]?.add(1, 'day')) };
  const dash = useQuery({ queryKey: ['/points/dashboard', days, period], queryFn: () => api.get<Dashboard>('/points/dashboard', { ...days, period }) });
  const byPlan = useQuery({ queryKey: ['/redemptions/stats', 'plan', instants], queryFn: () => api.get<RedemptionStats>('/redemptions/stats', { ...instants, groupBy: 'plan' }) });
  const byLevel = useQuery({ queryKey: ['/redemptions/stats', 'level', instants], queryFn: () => api.get<RedemptionStats>('/redemptions/stats', { ...instants, groupBy: 'level' }) });
  const d = dash.data;
  const flows = d && {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 64, right: 56, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: d.periods.map((p) => p.period) },
    yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }, splitLine: { show: false } }],
    series: [
      { name: t('points.stats.issued'), type: 'bar', data: d.periods.map((p) => p.issued) },
      { name: t('points.stats.redeemed'), type: 'bar', data: d.periods.map((p) => p.redeemed) },
      { name: t('points.stats.expired'), type: 'bar', data: d.periods.map((p) => p.expired) },
      { name: t('points.stats.redemptionRate'), type: 'line', yAxisIndex: 1, data: d.periods.map((p) => p.redemptionRate) },
    ],
  };
  const levelPie = d && {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: d.liability.byLevel.map((l) => ({ name: l.level ? label(l.level) : t('points.stats.noLevel'), value: l.points })) }],
  };
  const expiryBar = d && {
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: d.liability.byExpiryMonth.map((m) => m.month ?? t('points.stats.never')) },
    yAxis: { type: 'value' },
    series: [{ name: t('points.stats.points'), type: 'bar', data: d.liability.byExpiryMonth.map((m) => m.points) }],
  };
  const breakageBar = d && {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: d.liability.expiringNext12Months.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [{ name: t('points.stats.expiring'), type: 'bar', data: d.liability.expiringNext12Months.map((m) => m.points) }],
  };
  const pie = (rows: RedemptionStats['rows'], name: (k: string, l: string) => string) => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: rows.map((r) => ({ name: name(r.key, r.label), value: r.points })) }],
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t('points.stats.range')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} />
        <Segmented<Period> value={period} onChange={setPeriod} options={(['month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: t(`points.stats.by.${p}`) }))} />
      </Space>
      {dash.error && <Typography.Text type="danger">{errorMessage(dash.error)}</Typography.Text>}
      {d && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title={t('points.stats.outstanding')} value={d.liability.points} data-testid="stats-outstanding" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.liability.asOf ? t('points.stats.asOf', { time: formatTime(d.liability.asOf) }) : t('points.stats.live')}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}><Card><Statistic title={t('points.stats.membersWithPoints')} value={d.liability.members} /></Card></Col>
          <Col xs={12} md={6}><Card><Statistic title={t('points.stats.issued')} value={d.totals.issued} /></Card></Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title={t('points.stats.redemptionRate')} value={percent(d.totals.redemptionRate)} data-testid="stats-redemption-rate" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('points.stats.expiryRate', { rate: percent(d.totals.expiryRate) })}</Typography.Text>
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('points.stats.flows')}>{d.periods.length ? <ReactECharts option={flows!} style={{ height: 320 }} /> : <Empty description={t('points.stats.none')} />}</Card>
          </Col>
          <Col xs={24} md={12}>
            <Card title={t('points.stats.liabilityByLevel')}>
              {d.liability.byLevel.length ? <ReactECharts option={levelPie!} style={{ height: 300 }} /> : <Empty description={t('points.stats.none')} />}
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card title={t('points.stats.liabilityByExpiry')}>
              {d.liability.byExpiryMonth.length ? <ReactECharts option={expiryBar!} style={{ height: 300 }} /> : <Empty description={t('points.stats.none')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('points.stats.breakage')} data-testid="stats-breakage" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('points.stats.breakageHint')}</Typography.Text>}>
              <Row gutter={16}>
                <Col xs={24} md={14}><ReactECharts option={breakageBar!} style={{ height: 280 }} /></Col>
                <Col xs={24} md={10}>
                  <Table rowKey="month" size="small" pagination={false} dataSource={d.liability.expiringNext12Months} columns={[
                    { title: t('points.stats.month'), dataIndex: 'month' },
                    { title: t('points.stats.expiring'), dataIndex: 'points', align: 'right' },
                  ]} />
                </Col>
              </Row>
            </Card>
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
            <Table rowKey="period" size="small" pagination={false} dataSource={d.periods} columns={[
              { title: t('points.stats.period'), dataIndex: 'period' },
              { title: t('points.stats.issued'), dataIndex: 'issued' },
              { title: t('points.stats.redeemed'), dataIndex: 'redeemed' },
              { title: t('points.stats.expired'), dataIndex: 'expired' },
              { title: t('points.stats.corrected'), dataIndex: 'corrected' },
              { title: t('points.stats.redemptionRate'), dataIndex: 'redemptionRate', render: percent },
              { title: t('points.stats.expiryRateShort'), dataIndex: 'expiryRate', render: percent },
            ]} />
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
