// 销售漏斗: the opportunities created in a period (company days) within the data scope — per stage
// those now at it and those that reached it or beyond (a funnel), conversion, won amount, lost by
// reason. Every label in a tooltip is escaped: names and dictionary labels are stored text.
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, Input, Row, Spin, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import { format } from 'echarts';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { companyToday, yuan } from '../../components/format';
import { useDictionary } from './lookups';
import type { Funnel } from './types';

type Range = [Dayjs | null, Dayjs | null] | null;
const escape = (s: string) => format.encodeHTML(s);

export default function FunnelPage() {
  const { t } = useTranslation();
  const reasons = useDictionary('sales_lost_reason');
  const [range, setRange] = useState<Range>([companyToday().subtract(2, 'month').startOf('month'), companyToday()]);
  const [department, setDepartment] = useState<string | undefined>();
  const query = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'), department };
  const funnel = useQuery({ queryKey: ['/sales/funnel', query], queryFn: () => api.get<Funnel>('/sales/funnel', query) });
  const f = funnel.data;
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const stageName = (s: string) => t(`sales.stageValue.${s}`);
  const chart = f && {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; dataIndex: number }) => {
        const s = f.stages[p.dataIndex];
        return `${escape(p.name)}<br/>${escape(t('sales.funnel.reached'))}: ${s.reached} (${percent(s.conversion)})<br/>${escape(t('sales.funnel.current'))}: ${s.count} · ¥${yuan(s.amountFen)}`;
      },
    },
    series: [{
      type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '10%', gap: 2,
      label: { show: true, position: 'inside', formatter: (p: { name: string; value: number; dataIndex: number }) => `${p.name} ${p.value} (${percent(f.stages[p.dataIndex].conversion)})` },
      data: f.stages.map((s) => ({ name: stageName(s.stage), value: s.reached })),
    }],
  };
  const lostChart = f && f.lost.byReason.length > 0 && {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${escape(p.name)}: ${p.value} (${p.percent}%)` },
    legend: { bottom: 0, formatter: (name: string) => name },
    series: [{ type: 'pie', radius: ['35%', '65%'], label: { formatter: '{b}\n{c}' }, data: f.lost.byReason.map((r) => ({ name: reasons.label(r.reason), value: r.count })) }],
  };

  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col>
          <Typography.Text style={{ marginInlineEnd: 8 }}>{t('sales.funnel.range')}</Typography.Text>
          <DatePicker.RangePicker value={range} onChange={(r) => setRange(r as Range)} allowEmpty={[true, true]} aria-label={t('sales.funnel.range')} />
        </Col>
        <Col><Input.Search allowClear aria-label={t('sales.department')} placeholder={t('sales.department')} style={{ width: 200 }} onSearch={(d) => setDepartment(d.trim() || undefined)} /></Col>
      </Row>
      {funnel.isLoading && <Spin />}
      {funnel.error && <Typography.Text type="danger">{errorMessage(funnel.error)}</Typography.Text>}
      {f && f.entered === 0 && <Empty description={t('sales.funnel.none')} />}
      {f && f.entered > 0 && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}><Card><Statistic title={t('sales.funnel.entered')} value={f.entered} /></Card></Col>
            <Col span={6}><Card><Statistic title={t('sales.funnel.won')} value={f.won.count} suffix={`(${percent(f.entered ? f.won.count / f.entered : 0)})`} /></Card></Col>
            <Col span={6}><Card><Statistic title={t('sales.funnel.wonAmount')} value={yuan(f.won.amountFen)} /></Card></Col>
            <Col span={6}><Card><Statistic title={t('sales.funnel.lost')} value={f.lost.count} /></Card></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={14}><Card><ReactECharts option={chart!} style={{ height: 360 }} /></Card></Col>
            <Col xs={24} lg={10}>
              <Card title={t('sales.funnel.byReason')}>{lostChart ? <ReactECharts option={lostChart} style={{ height: 320 }} /> : <Empty />}</Card>
            </Col>
          </Row>
          <Table style={{ marginTop: 16 }} rowKey="stage" pagination={false} dataSource={f.stages} data-testid="funnel-table" columns={[
            { title: t('sales.stage'), dataIndex: 'stage', render: stageName },
            { title: t('sales.funnel.current'), dataIndex: 'count', align: 'right' },
            { title: t('sales.funnel.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => yuan(v) },
            { title: t('sales.funnel.reached'), dataIndex: 'reached', align: 'right' },
            { title: t('sales.funnel.conversion'), dataIndex: 'conversion', align: 'right', render: percent },
          ]} />
        </>
      )}
    </>
  );
}
