// 客户价值: members per value segment (chart and figures), the RFM table, the dormant and the
// churn-risk lists — as of the member-value job — with the formula stated, and the thresholds
// (administrators).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Empty, Form, InputNumber, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import ReactECharts from 'echarts-for-react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useCan } from '../../auth';
import { FormDialog } from '../../components/FormDialog';
import { formatTime, yuan } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { segmentColour, valueSegments, type ValueSegment } from './shared';

interface Settings { dormantMonths: number; newMemberDays: number; highValue: { r: number; f: number; m: number }; potentialR: number; churnRiskScore: number; pointValueFen: number }
interface Overview { asOf: string | null; settings: Settings; members: number; dormant: number; churnRisk: number; segments: { segment: ValueSegment; members: number; ltvFen: number }[] }
interface Row {
  memberId: number; memberNo: string; name: string; department: string | null; lastEventAt: string | null; idleDays: number; events12m: number;
  eventsRecent: number; eventsPrior: number; purchaseFen: number; pointsEarned: number; monetaryFen: number; ltvFen: number; openComplaints: number;
  r: number; f: number; m: number; segment: ValueSegment; dormant: boolean; churn: number;
}
type Query = { segment?: ValueSegment; dormant?: boolean; churnMin?: number; sort?: string };

function ValueTable({ initial, testId, segmentFilter }: { initial: Query; testId: string; segmentFilter?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tableProps, filters, setFilters } = useServerTable<Row, Query>('/value/members', initial);
  const columns: TableColumnsType<Row> = [
    { title: t('segments.member.memberNo'), dataIndex: 'memberNo', width: 130, fixed: 'left' },
    { title: t('segments.member.name'), dataIndex: 'name', width: 100 },
    { title: t('segments.member.department'), dataIndex: 'department', width: 110 },
    { title: t('segments.member.segment'), dataIndex: 'segment', width: 100, render: (s: ValueSegment) => <Tag color={segmentColour[s]}>{t(`segments.valueSegment.${s}`)}</Tag> },
    { title: 'R', dataIndex: 'r', width: 50, align: 'center' },
    { title: 'F', dataIndex: 'f', width: 50, align: 'center' },
    { title: 'M', dataIndex: 'm', width: 50, align: 'center' },
    { title: t('segments.value.lastEventAt'), dataIndex: 'lastEventAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('segments.value.idleDays'), dataIndex: 'idleDays', width: 90, align: 'right' },
    { title: t('segments.value.events12m'), dataIndex: 'events12m', width: 110, align: 'right' },
    { title: t('segments.value.recentPrior'), key: 'rp', width: 140, align: 'right', render: (_, r) => `${r.eventsRecent} / ${r.eventsPrior}` },
    { title: t('segments.value.monetary'), dataIndex: 'monetaryFen', width: 140, align: 'right', render: yuan },
    { title: t('segments.value.openComplaints'), dataIndex: 'openComplaints', width: 90, align: 'right' },
    { title: t('segments.member.churn'), dataIndex: 'churn', width: 100, align: 'right' },
    { title: t('segments.value.ltv'), dataIndex: 'ltvFen', width: 150, align: 'right', render: yuan },
  ];
  return (
    <>
      {segmentFilter && (
        <Select allowClear placeholder={t('segments.member.segment')} style={{ width: 180, marginBottom: 12 }} value={filters.segment}
          onChange={(segment?: ValueSegment) => setFilters({ ...filters, segment })} aria-label={t('segments.member.segment')}
          options={valueSegments.map((s) => ({ value: s, label: t(`segments.valueSegment.${s}`) }))} data-testid="value-segment-filter" />
      )}
      <Table<Row> {...tableProps} rowKey="memberId" columns={columns} scroll={{ x: 1600 }} size="small" data-testid={testId}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/members/${r.memberId}`) })} />
    </>
  );
}

export default function ValuePage() {
  const { t } = useTranslation();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const overview = useQuery({ queryKey: ['/value/overview'], queryFn: () => api.get<Overview>('/value/overview') });
  const o = overview.data;
  if (!o) return null;
  const s = o.settings;
  const slices = o.segments.filter((x) => x.members > 0).map((x) => ({ name: t(`segments.valueSegment.${x.segment}`), value: x.members }));
  const chart = {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['40%', '70%'],
      data: slices,
      label: { formatter: '{b}: {c} ({d}%)' },
    }],
  };
  const formula = (t('segments.value.formula', { returnObjects: true, pointValue: s.pointValueFen, dormantMonths: s.dormantMonths, newMemberDays: s.newMemberDays,
    hr: s.highValue.r, hf: s.highValue.f, hm: s.highValue.m, churn: s.churnRiskScore, potentialR: s.potentialR }) as unknown as string[]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text type="secondary" data-testid="value-as-of">{o.asOf ? t('segments.value.asOf', { at: formatTime(o.asOf) }) : t('segments.value.notYet')}</Typography.Text>
        {can('value.settings') && <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="value-settings">{t('segments.value.settings')}</Button>}
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('segments.value.distribution')}>
            {slices.length
              ? <ReactECharts option={chart} style={{ height: 300 }} />
              : <Empty style={{ height: 300 }} description={t('segments.value.noMembers')} data-testid="value-empty" />}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col span={8}><Statistic title={t('segments.value.members')} value={o.members} /></Col>
              <Col span={8}><Statistic title={t('segments.value.dormant')} value={o.dormant} /></Col>
              <Col span={8}><Statistic title={t('segments.value.churnRisk')} value={o.churnRisk} /></Col>
            </Row>
            <Table size="small" pagination={false} rowKey="segment" dataSource={o.segments} data-testid="value-segments"
              columns={[
                { title: t('segments.member.segment'), dataIndex: 'segment', render: (x: ValueSegment) => <Tag color={segmentColour[x]}>{t(`segments.valueSegment.${x}`)}</Tag> },
                { title: t('segments.value.members'), dataIndex: 'members', align: 'right' },
                { title: t('segments.value.ltv'), dataIndex: 'ltvFen', align: 'right', render: yuan },
              ]} />
          </Card>
        </Col>
      </Row>
      <Alert type="info" showIcon message={t('segments.value.formulaTitle')} data-testid="value-formula"
        description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{formula.map((line) => <li key={line}>{line}</li>)}</ul>} />
      <Card size="small">
        <Tabs items={[
          { key: 'rfm', label: t('segments.value.tabs.rfm'), children: <ValueTable initial={{ sort: 'ltv' }} testId="value-rfm" segmentFilter /> },
          { key: 'dormant', label: t('segments.value.tabs.dormant'), children: <ValueTable initial={{ dormant: true, sort: 'recency' }} testId="value-dormant" /> },
          { key: 'churn', label: t('segments.value.tabs.churn'), children: <ValueTable initial={{ churnMin: s.churnRiskScore, sort: 'churn' }} testId="value-churn" /> },
        ]} />
      </Card>
      <FormDialog<Settings, Settings> open={editing} title={t('segments.value.settings')} initialValues={s} invalidate={['/value/overview', '/value/members']}
        successMessage={t('segments.value.settingsSaved')} onSubmit={(v) => api.patch<Settings>('/value/settings', v)} onClose={() => setEditing(false)}>
        <Form.Item name="dormantMonths" label={t('segments.value.dormantMonths')} rules={[{ required: true }]}><InputNumber min={1} max={60} /></Form.Item>
        <Form.Item name="newMemberDays" label={t('segments.value.newMemberDays')} rules={[{ required: true }]}><InputNumber min={1} max={730} /></Form.Item>
        <Form.Item label={t('segments.value.highValue')}>
          <Space>
            {(['r', 'f', 'm'] as const).map((k) => <Form.Item key={k} name={['highValue', k]} noStyle rules={[{ required: true }]}><InputNumber min={1} max={5} addonBefore={k.toUpperCase()} style={{ width: 110 }} /></Form.Item>)}
          </Space>
        </Form.Item>
        <Form.Item name="potentialR" label={t('segments.value.potentialR')} rules={[{ required: true }]}><InputNumber min={1} max={5} /></Form.Item>
        <Form.Item name="churnRiskScore" label={t('segments.value.churnRiskScore')} rules={[{ required: true }]}><InputNumber min={1} max={100} /></Form.Item>
        <Form.Item name="pointValueFen" label={t('segments.value.pointValueFen')} rules={[{ required: true }]}><InputNumber min={0} max={100000} /></Form.Item>
      </FormDialog>
    </Space>
  );
}
