// 活动对比: activities of a period side by side — cost by activity (pie), participants against the
// expected headcount (bar), totals, and by type.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Card, Col, DatePicker, Empty, Row, Select, Space, Spin, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import { format } from 'echarts';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { ActivityStatusTag, useDictionary, yuan } from './shared';
import type { ActivityStatistics, ActivityStatus } from './types';
import { companyToday } from '../../components/format';

type Range = [Dayjs | null, Dayjs | null] | null;
type Item = ActivityStatistics['items'][number];

export default function ActivityStatisticsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const types = useDictionary('activity_type');
  const [range, setRange] = useState<Range>([companyToday().subtract(11, 'month').startOf('month'), companyToday().add(3, 'month').endOf('month')]);
  const [type, setType] = useState<string | undefined>();
  const query = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'), type, limit: 30 };
  const stats = useQuery({ queryKey: ['/activities/statistics', query], queryFn: () => api.get<ActivityStatistics>('/activities/statistics', query) });
  const s = stats.data;
  // oldest first, left to right
  const items = [...(s?.items ?? [])].reverse();

  const pie = {
    // a formatter function's string is HTML: the activity's name (typed by staff) is escaped; string templates ECharts escapes itself
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${format.encodeHTML(p.name)}<br/>¥${yuan(p.value * 100)} (${p.percent}%)` },
    legend: { type: 'scroll', bottom: 0 },
    series: [{
      type: 'pie', radius: ['30%', '62%'], center: ['50%', '45%'],
      data: items.filter((i) => i.totalFen > 0).map((i) => ({ name: i.name, value: i.totalFen / 100 })),
      label: { formatter: '{b}\n¥{c}' },
    }],
  };
  const bar = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 72 },
    xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { interval: 0, rotate: items.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('activities.stats.expected'), type: 'bar', data: items.map((i) => i.expectedHeadcount ?? 0) },
      { name: t('activities.stats.actual'), type: 'bar', data: items.map((i) => i.participants) },
    ],
  };
  const columns: TableColumnsType<Item> = [
    { title: t('activities.name'), dataIndex: 'name', render: (v: string, i) => <Typography.Link onClick={() => navigate(`/activities/${i.id}`)}>{v}</Typography.Link> },
    { title: t('activities.type'), dataIndex: 'type', render: types.label },
    { title: t('activities.period'), dataIndex: 'startsOn' },
    { title: t('activities.status'), dataIndex: 'status', render: (v: ActivityStatus) => <ActivityStatusTag status={v} /> },
    { title: t('activities.participants'), key: 'p', align: 'right', render: (_, i) => `${i.participants} / ${i.expectedHeadcount ?? '—'}` },
    { title: t('activities.budget'), dataIndex: 'budgetFen', align: 'right', render: yuan },
    { title: t('activities.totalCost'), dataIndex: 'totalFen', align: 'right', render: yuan },
    { title: t('activities.perHead'), dataIndex: 'perHeadFen', align: 'right', render: yuan },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text>{t('activities.stats.range')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} />
        <Select aria-label={t('activities.stats.type')} allowClear placeholder={t('activities.stats.type')} options={types.options} value={type} onChange={setType} style={{ width: 140 }} />
      </Space>
      {stats.isLoading && <Spin />}
      {stats.error && <Typography.Text type="danger">{errorMessage(stats.error)}</Typography.Text>}
      {s && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Card><Statistic title={t('activities.stats.activities')} value={s.totals.activities} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('activities.stats.participants')} value={s.totals.participants} suffix={`/ ${s.totals.expected}`} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('activities.stats.totalCost')} value={yuan(s.totals.totalFen)} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('activities.stats.budget')} value={yuan(s.totals.budgetFen)} /></Card></Col>
          </Row>
          {s.items.length === 0 ? <Empty style={{ marginTop: 32 }} description={t('activities.stats.none')} /> : (
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col xs={24} lg={12}>
                <Card title={t('activities.stats.costPie')}><ReactECharts option={pie} style={{ height: 360 }} data-testid="chart-cost-pie" /></Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card title={t('activities.stats.headcountBar')}><ReactECharts option={bar} style={{ height: 360 }} data-testid="chart-headcount-bar" /></Card>
              </Col>
              <Col span={24}>
                <Card title={t('activities.stats.table')}><Table<Item> rowKey="id" size="small" pagination={false} columns={columns} dataSource={s.items} /></Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </>
  );
}
