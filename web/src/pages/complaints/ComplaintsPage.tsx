// 投诉受理与处理: search by every field of SPEC §7 (channel, type, fuzzy content, receipt
// time/receiver, handling time/department/handler, overdue), receive a complaint, open one.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { ComplaintDrawer } from './ComplaintDrawer';
import { ReceiptDialog } from './ComplaintDialogs';
import { ImportanceTag, StatusTag, importances, statuses, useDictionary, useStaff } from './lookups';
import type { ComplaintFilters, ComplaintListItem } from './types';
import { ExportButton } from '../../components/ExportButton';

type Range = [Dayjs | null, Dayjs | null] | null;
type FilterValues = { [K in Exclude<keyof ComplaintFilters, 'overdue' | number>]?: ComplaintFilters[K] } & { received?: Range; handled?: Range; overdue?: boolean };

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function toFilters(v: FilterValues): ComplaintFilters {
  const { received, handled, overdue, ...rest } = v;
  const out: ComplaintFilters = {};
  for (const [k, val] of Object.entries(rest)) if (val !== undefined && val !== null && val !== '') out[k] = typeof val === 'string' ? val.trim() : val;
  return {
    ...out, receivedFrom: day(received?.[0]), receivedTo: day(received?.[1]), handledFrom: day(handled?.[0]), handledTo: day(handled?.[1]),
    overdue: overdue ? 'true' : undefined,
  };
}

export default function ComplaintsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const open = (id: number) => setParams({ id: String(id) });
  const { tableProps, filters, setFilters } = useServerTable<ComplaintListItem, ComplaintFilters>('/complaints');
  const channels = useDictionary('complaint_channel');
  const types = useDictionary('complaint_type');
  const { options: staff } = useStaff();
  const [more, setMore] = useState(false);
  const [receiving, setReceiving] = useState(false);
  const [form] = Form.useForm<FilterValues>();

  const columns: TableColumnsType<ComplaintListItem> = [
    { title: t('complaints.no'), dataIndex: 'complaintNo', width: 170, render: (v: string, c) => <Typography.Link onClick={() => open(c.id)}>{v}</Typography.Link> },
    { title: t('complaints.receivedAt'), dataIndex: 'receivedAt', width: 170, render: formatTime, className: 'nowrap' },
    { title: t('complaints.channel'), dataIndex: 'channel', render: channels.label },
    { title: t('complaints.type'), dataIndex: 'type', render: types.label },
    { title: t('complaints.complainant'), dataIndex: 'complainantName', render: (v: string, c) => (c.memberNo ? `${v}（${c.memberNo}）` : v) },
    { title: t('complaints.content'), dataIndex: 'content', ellipsis: true },
    { title: t('complaints.importance'), dataIndex: 'importance', render: (v) => <ImportanceTag value={v} /> },
    {
      title: t('complaints.status'), dataIndex: 'status',
      render: (v, c) => (
        <Space size={4} wrap>
          <StatusTag value={v} />
          {c.overdueSteps > 0 && <Tag color="red">{t('complaints.overdueSteps', { count: c.overdueSteps })}</Tag>}
          {c.status !== 'done' && c.openSteps > 0 && c.overdueSteps === 0 && <Tag>{t('complaints.openSteps', { count: c.openSteps })}</Tag>}
        </Space>
      ),
    },
    { title: t('complaints.receiver'), dataIndex: 'receiverName' },
  ];

  return (
    <>
      <Form<FilterValues> form={form} name="complaintFilters" layout="inline" onFinish={(v) => setFilters(toFilters(v))} style={{ marginBottom: 16, rowGap: 12 }} data-testid="complaint-filters">
        <Form.Item name="content"><Input allowClear placeholder={t('complaints.filters.content')} style={{ width: 220 }} data-testid="filter-content" /></Form.Item>
        <Form.Item name="channel"><Select aria-label={t('complaints.channel')} allowClear placeholder={t('complaints.channel')} options={channels.allOptions} style={{ width: 120 }} /></Form.Item>
        <Form.Item name="type"><Select aria-label={t('complaints.type')} allowClear placeholder={t('complaints.type')} options={types.allOptions} style={{ width: 130 }} /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('complaints.status')} allowClear placeholder={t('complaints.status')} style={{ width: 110 }} options={statuses.map((s) => ({ value: s, label: t(`complaints.statusValue.${s}`) }))} />
        </Form.Item>
        <Form.Item name="received" label={t('complaints.filters.receivedRange')}><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="overdue" valuePropName="checked"><Checkbox>{t('complaints.filters.overdueOnly')}</Checkbox></Form.Item>
        {more && (
          <>
            <Form.Item name="complaintNo"><Input allowClear placeholder={t('complaints.filters.no')} style={{ width: 170 }} /></Form.Item>
            <Form.Item name="complainant"><Input allowClear placeholder={t('complaints.filters.complainant')} style={{ width: 170 }} /></Form.Item>
            <Form.Item name="cardNo"><Input allowClear placeholder={t('complaints.cardNo')} style={{ width: 140 }} /></Form.Item>
            <Form.Item name="importance">
              <Select aria-label={t('complaints.importance')} allowClear placeholder={t('complaints.importance')} style={{ width: 110 }} options={importances.map((i) => ({ value: i, label: t(`complaints.importanceValue.${i}`) }))} />
            </Form.Item>
            <Form.Item name="receiverId"><Select aria-label={t('complaints.receiver')} allowClear showSearch optionFilterProp="label" placeholder={t('complaints.receiver')} options={staff} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="handled" label={t('complaints.filters.handledRange')}><DatePicker.RangePicker /></Form.Item>
            <Form.Item name="department"><Input allowClear placeholder={t('complaints.filters.department')} style={{ width: 140 }} /></Form.Item>
            <Form.Item name="handlerId"><Select aria-label={t('complaints.filters.handler')} allowClear showSearch optionFilterProp="label" placeholder={t('complaints.filters.handler')} options={staff} style={{ width: 160 }} /></Form.Item>
          </>
        )}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="filter-search">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
            <Button type="link" onClick={() => setMore(!more)}>{more ? t('complaints.filters.less') : t('complaints.filters.more')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setReceiving(true)} data-testid="receive-complaint">{t('complaints.receive.button')}</Button>
        <ExportButton path="/complaints" filters={filters} list="complaints" />
      </Space>
      <Table<ComplaintListItem> {...tableProps} columns={columns} data-testid="complaints-table" onRow={(c) => ({ onDoubleClick: () => open(c.id) })} />
      <ReceiptDialog open={receiving} onClose={() => setReceiving(false)} onDone={(c) => open(c.id)} />
      <ComplaintDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}
