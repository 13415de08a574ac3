// 关怀分析: members cared for by channel (pie), per month by channel (stacked bar, company time
// zone), by trigger, and how many got through.
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Spin, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { useDictionary } from '../activities/shared';
import type { CareStatistics } from './types';
import { danger, success } from '../../theme';
import { companyToday } from '../../components/format';

type Range = [Dayjs | null, Dayjs | null] | null;

export default function CareStatisticsPage() {
  const { t } = useTranslation();
  const channels = useDictionary('care_channel');
  // open-ended: "today" in the browser may still be yesterday in the company time zone, or already tomorrow
  const [range, setRange] = useState<Range>([companyToday().subtract(11, 'month').startOf('month'), null]);
  const query = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const stats = useQuery({ queryKey: ['/care/statistics', query], queryFn: () => api.get<CareStatistics>('/care/statistics', query) });
  const s = stats.data;
  const months = [...new Set((s?.monthly ?? []).map((m) => m.month))].sort();
  const used = [...new Set((s?.monthly ?? []).map((m) => m.channel))];
  const pie = s && {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: s.byChannel.map((c) => ({ name: channels.label(c.channel), value: c.members })), label: { formatter: '{b}\n{d}%' } }],
  };
  const monthly = s && {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    series: used.map((ch) => ({
      name: channels.label(ch), type: 'bar', stack: 'care',
      data: months.map((m) => s.monthly.find((x) => x.month === m && x.channel === ch)?.members ?? 0),
    })),
  };

  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Text style={{ marginInlineEnd: 8 }}>{t('care.stats.range')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} />
      </div>
      {stats.isLoading && <Spin />}
      {stats.error && <Typography.Text type="danger">{errorMessage(stats.error)}</Typography.Text>}
      {s && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}><Card><Statistic title={t('care.stats.members')} value={s.totals.members} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('care.stats.distinct')} value={s.totals.distinctMembers} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('care.stats.reached')} value={s.totals.reached} valueStyle={{ color: success }} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('care.stats.unreached')} value={s.totals.unreached} valueStyle={{ color: danger }} /></Card></Col>
          </Row>
          {s.totals.members === 0 ? <Empty style={{ marginTop: 32 }} description={t('care.stats.none')} /> : (
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col xs={24} lg={10}><Card title={t('care.stats.byChannel')}><ReactECharts option={pie!} style={{ height: 320 }} data-testid="chart-care-channel" /></Card></Col>
              <Col xs={24} lg={14}><Card title={t('care.stats.monthly')}><ReactECharts option={monthly!} style={{ height: 320 }} data-testid="chart-care-monthly" /></Card></Col>
              <Col span={24}>
                <Card title={t('care.stats.byTrigger')}>
                  <Table rowKey="trigger" size="small" pagination={false} dataSource={s.byTrigger} columns={[
                    { title: t('care.trigger'), dataIndex: 'trigger', render: (v: string) => t(`care.triggerValue.${v}`) },
                    { title: t('care.stats.actions'), dataIndex: 'actions', align: 'right' },
                    { title: t('care.stats.members'), dataIndex: 'members', align: 'right' },
                    { title: t('care.stats.reached'), dataIndex: 'reached', align: 'right' },
                    { title: t('care.stats.unreached'), dataIndex: 'unreached', align: 'right' },
                    { title: t('care.stats.open'), dataIndex: 'open', align: 'right' },
                  ]} />
                </Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </>
  );
}
