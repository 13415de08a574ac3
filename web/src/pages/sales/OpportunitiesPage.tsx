// 商机: opportunities within the data scope, as a list or by stage (a board of the open stages),
// with a drawer holding the stage history, follow-ups and the actions its state allows.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Col, Descriptions, Drawer, Input, Row, Segmented, Select, Space, Spin, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../api';
import { useCan } from '../../auth';
import { errorMessage } from '../../components/apiErrors';
import { ExportButton } from '../../components/ExportButton';
import { formatDay, formatTime, yuan } from '../../components/format';
import { useServerTable } from '../../components/useServerTable';
import { FollowUpTimeline } from './LeadsPage';
import { AssignDialog, FollowUpDialog, OpportunityDialog, ReopenDialog, StageDialog } from './SalesDialogs';
import { StageTag, allStages, openStages, useDictionary, useSalesStaff } from './lookups';
import type { Opportunity, OpportunityDetail, Stage } from './types';

type Filters = { q?: string; stage?: Stage; ownerId?: number; open?: 'true'; due?: 'due' };

export default function OpportunitiesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || null;
  const [view, setView] = useState<'list' | 'board'>('list');
  const { tableProps, filters, setFilters } = useServerTable<Opportunity, Filters>('/sales/opportunities');
  const staff = useSalesStaff();
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);
  const show = (o: { id: number }) => setParams({ id: String(o.id) });

  const columns: TableColumnsType<Opportunity> = [
    { title: t('sales.title'), dataIndex: 'title', render: (v: string, o) => <Typography.Link onClick={() => show(o)}>{v}</Typography.Link> },
    { title: t('sales.customer'), dataIndex: 'customerName', render: (v: string, o) => <Link to={`/customers/${o.customerId}`}>{v}</Link> },
    { title: t('sales.stage'), dataIndex: 'stage', width: 110, render: (v: Stage) => <StageTag value={v} /> },
    { title: t('sales.amount'), dataIndex: 'expectedAmountFen', width: 140, align: 'right', render: (v: number) => yuan(v) },
    { title: t('sales.owner'), dataIndex: 'ownerName', width: 140, render: (v: string | null, o) => [v, o.department].filter(Boolean).join(' · ') || t('sales.none') },
    { title: t('sales.expectedClose'), dataIndex: 'expectedCloseOn', width: 120, render: (v: string | null) => (v ? formatDay(v) : t('sales.none')) },
    { title: t('sales.nextFollowUp'), dataIndex: 'nextFollowUpOn', width: 120, render: (v: string | null) => (v ? formatDay(v) : t('sales.none')) },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Segmented aria-label={t('sales.opportunity.board')} value={view} onChange={(v) => setView(v as 'list' | 'board')}
            options={[{ value: 'list', label: t('sales.opportunity.list') }, { value: 'board', label: t('sales.opportunity.board') }]} />
          <Input.Search allowClear aria-label={t('sales.filters.title')} placeholder={t('sales.filters.title')} style={{ width: 200 }} onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })} />
          {view === 'list' && (
            <Select aria-label={t('sales.filters.stage')} allowClear placeholder={t('sales.filters.stage')} style={{ width: 130 }}
              options={allStages.map((s) => ({ value: s, label: t(`sales.stageValue.${s}`) }))} onChange={(stage?: Stage) => setFilters({ ...filters, stage })} />
          )}
          <Select aria-label={t('sales.filters.owner')} allowClear showSearch optionFilterProp="label" placeholder={t('sales.filters.owner')} style={{ width: 180 }} options={staff}
            onChange={(ownerId?: number) => setFilters({ ...filters, ownerId })} />
        </Space>
        <Space wrap>
          {can('sales.assign') && view === 'list' && <Button disabled={!selected.length} onClick={() => setAssigning(true)}>{t('sales.assign.batch', { count: selected.length })}</Button>}
          <ExportButton path="/sales/opportunities" filters={filters} list="salesOpportunities" />
          {can('sales.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('sales.opportunity.create')}</Button>}
        </Space>
      </Space>
      {view === 'list'
        ? <Table<Opportunity> {...tableProps} rowKey="id" columns={columns} data-testid="opportunities-table"
          rowSelection={can('sales.assign') ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), getCheckboxProps: (o) => ({ disabled: o.stage === 'won' || o.stage === 'lost', 'aria-label': o.title }) } : undefined} />
        : <Board filters={filters} onOpen={show} />}
      <OpportunityDialog open={creating} onClose={() => setCreating(false)} onDone={show} />
      <AssignDialog open={assigning} kind="opportunities" ids={selected} onClose={() => setAssigning(false)} onDone={() => setSelected([])} />
      <OpportunityDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}

/** The open stages side by side, the 50 most recently changed opportunities of each. */
function Board({ filters, onOpen }: { filters: Filters; onOpen: (o: Opportunity) => void }) {
  const { t } = useTranslation();
  return (
    <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }}>
      {openStages.map((stage) => <Col key={stage} flex="1 0 220px"><Column stage={stage} filters={filters} onOpen={onOpen} title={t(`sales.stageValue.${stage}`)} /></Col>)}
    </Row>
  );
}

function Column({ stage, filters, onOpen, title }: { stage: Stage; filters: Filters; onOpen: (o: Opportunity) => void; title: string }) {
  const q = { ...filters, stage, pageSize: 50 };
  const list = useQuery({ queryKey: ['/sales/opportunities', q], queryFn: () => api.get<Paged<Opportunity>>('/sales/opportunities', q) });
  return (
    <Card size="small" title={<Space>{title}<Tag>{list.data?.total ?? 0}</Tag></Space>} styles={{ body: { padding: 8 } }}>
      {list.isLoading && <Spin />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(list.data?.items ?? []).map((o) => (
          <Card key={o.id} size="small" hoverable onClick={() => onOpen(o)} role="button" tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter') onOpen(o); }}>
            <Typography.Text strong>{o.title}</Typography.Text>
            <div>{o.customerName} · ¥{yuan(o.expectedAmountFen)}</div>
            <Typography.Text type="secondary">{o.ownerName ?? ''}{o.nextFollowUpOn ? ` · ${formatDay(o.nextFollowUpOn)}` : ''}</Typography.Text>
          </Card>
        ))}
      </Space>
    </Card>
  );
}

type Dialog = 'stage' | 'reopen' | 'followUp' | 'assign' | null;

function OpportunityDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const reasons = useDictionary('sales_lost_reason');
  const [dialog, setDialog] = useState<Dialog>(null);
  const detail = useQuery({ queryKey: ['/sales/opportunities', 'detail', id], queryFn: () => api.get<OpportunityDetail>(`/sales/opportunities/${id}`), enabled: id != null });
  const o = detail.data;
  const closed = o && (o.stage === 'won' || o.stage === 'lost');
  const close = () => setDialog(null);
  return (
    <Drawer open={id != null} onClose={onClose} size={860} data-testid="opportunity-drawer" title={o ? <Space>{t('sales.opportunity.detail', { title: o.title })}<StageTag value={o.stage} /></Space> : ' '}
      extra={o && can('sales.write') && (
        <Space wrap>
          {closed ? <Button onClick={() => setDialog('reopen')}>{t('sales.reopen.button')}</Button> : (
            <>
              <Button type="primary" onClick={() => setDialog('followUp')}>{t('sales.followUp.add')}</Button>
              <Button onClick={() => setDialog('stage')} data-testid="stage-change">{t('sales.stageChange.button')}</Button>
            </>
          )}
          {!closed && can('sales.assign') && <Button onClick={() => setDialog('assign')}>{t('sales.assign.button')}</Button>}
        </Space>
      )}>
      {detail.isLoading && <Spin />}
      {detail.error && <Typography.Text type="danger">{errorMessage(detail.error)}</Typography.Text>}
      {o && (
        <>
          {closed && <Tag style={{ marginBottom: 12 }}>{t('sales.opportunity.closed')}</Tag>}
          {o.reopenCount > 0 && <Tag style={{ marginBottom: 12 }}>{t('sales.opportunity.reopened', { count: o.reopenCount })}</Tag>}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('sales.customer')}><Link to={`/customers/${o.customerId}`}>{o.customerName}</Link></Descriptions.Item>
            <Descriptions.Item label={t('sales.amount')}>{yuan(o.expectedAmountFen)}</Descriptions.Item>
            <Descriptions.Item label={t('sales.owner')}>{[o.ownerName, o.department].filter(Boolean).join(' · ') || t('sales.none')}</Descriptions.Item>
            <Descriptions.Item label={t('sales.expectedClose')}>{o.expectedCloseOn ? formatDay(o.expectedCloseOn) : t('sales.none')}</Descriptions.Item>
            <Descriptions.Item label={t('sales.nextFollowUp')}>{o.nextFollowUpOn ? formatDay(o.nextFollowUpOn) : t('sales.none')}</Descriptions.Item>
            <Descriptions.Item label={t('sales.createdAt')}>{formatTime(o.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('sales.intention')} span={2}>{o.intention ?? t('sales.none')}</Descriptions.Item>
            {o.stage === 'lost' && <Descriptions.Item label={t('sales.lostReason')} span={2}>{reasons.label(o.lostReason)}{o.lostNote ? `：${o.lostNote}` : ''}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('sales.opportunity.history')}</Typography.Title>
          <Timeline data-testid="stage-history" items={o.history.map((h) => ({
            key: h.id, color: h.backwards ? 'orange' : h.toStage === 'won' ? 'green' : h.toStage === 'lost' ? 'red' : 'blue',
            children: (
              <>
                <Typography.Text strong>{formatTime(h.at)}</Typography.Text> · {h.byName}：
                {h.fromStage ? <>{t(`sales.stageValue.${h.fromStage}`)} → </> : null}{t(`sales.stageValue.${h.toStage}`)}
                {h.backwards && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('sales.opportunity.backwards')}</Tag>}
                {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
              </>
            ),
          }))} />
          <Typography.Title level={5}>{t('sales.followUp.timeline')}</Typography.Title>
          <FollowUpTimeline items={o.followUps} />
          <StageDialog open={dialog === 'stage'} opportunity={o} onClose={close} />
          <ReopenDialog open={dialog === 'reopen'} opportunity={o} onClose={close} />
          <FollowUpDialog open={dialog === 'followUp'} subject={{ kind: 'opportunities', id: o.id }} onClose={close} />
          <AssignDialog open={dialog === 'assign'} kind="opportunities" ids={[o.id]} onClose={close} />
        </>
      )}
    </Drawer>
  );
}
