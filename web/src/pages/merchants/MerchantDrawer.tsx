// A merchant's page: its SPEC §8 fields, overall rating and participation, and its services.
import { useState } from 'react';
import { Button, Descriptions, Drawer, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { errorMessage } from '../../components/apiErrors';
import { useAction } from '../../components/useAction';
import { ServiceDialog } from './MerchantDialogs';
import { LevelTags, MerchantImportanceTag, RatingSummaryView, discountText, merchantLists, periodText } from './shared';
import type { MerchantPage } from './types';
import { Confirm } from '../../components/Confirm';

type Service = MerchantPage['services'][number];

export function MerchantDrawer({ id, onClose, onOpenService }: { id: number | null; onClose: () => void; onOpenService: (id: number) => void }) {
  const { t } = useTranslation();
  const act = useAction();
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const page = useQuery({ queryKey: ['/merchants', 'detail', id], queryFn: () => api.get<MerchantPage>(`/merchants/${id}`), enabled: id != null });
  const m = page.data;
  const remove = (s: Service) => act(() => api.delete(`/merchant-services/${s.id}`), { invalidate: merchantLists, success: t('common.deleted') });

  const columns: TableColumnsType<Service> = [
    { title: t('merchants.service.name'), dataIndex: 'name', render: (v: string, s) => <Typography.Link onClick={() => onOpenService(s.id)}>{v}</Typography.Link> },
    { title: t('merchants.service.period'), key: 'p', render: (_, s) => periodText(t, s) },
    { title: t('merchants.service.levels'), dataIndex: 'eligibleLevels', render: (v: string[]) => <LevelTags codes={v} /> },
    { title: t('merchants.service.discount'), key: 'd', render: (_, s) => discountText(t, s) },
    { title: t('common.status'), dataIndex: 'current', render: (v: boolean) => (v ? <Tag color="green">{t('merchants.service.current')}</Tag> : <Tag>{t('merchants.service.notCurrent')}</Tag>) },
    { title: t('merchants.service.participationCount'), dataIndex: 'participationCount' },
    { title: t('merchants.rating.label'), key: 'r', render: (_, s) => (s.rating.count ? `${s.rating.average} (${s.rating.count})` : '—') },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a',
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(s)}>{t('common.edit')}</Button>
          <Confirm title={t('merchants.service.confirmDelete', { name: s.name })} onConfirm={() => remove(s)} okText={t('common.delete')} cancelText={t('common.cancel')}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Confirm>
        </Space>
      ),
    },
  ];

  return (
    <Drawer open={id != null} onClose={onClose} size={980} title={m ? t('merchants.detailTitle', { name: m.name }) : ' '} data-testid="merchant-drawer"
      extra={m && !m.deletedAt && <Button type="primary" onClick={() => setEditing('new')}>{t('merchants.service.add')}</Button>}>
      {page.isLoading && <Spin />}
      {page.error && <Typography.Text type="danger">{errorMessage(page.error)}</Typography.Text>}
      {m && (
        <>
          <Descriptions size="small" bordered column={2} items={[
            { key: 'code', label: t('merchants.code'), children: m.code },
            { key: 'imp', label: t('merchants.importance'), children: <Space><MerchantImportanceTag value={m.importance} />{m.deletedAt && <Tag color="red">{t('merchants.deleted')}</Tag>}</Space> },
            { key: 'type', label: t('merchants.type'), children: m.type ?? '—' },
            { key: 'parent', label: t('merchants.parentCompany'), children: m.parentCompany ?? '—' },
            { key: 'contact', label: t('merchants.contact'), children: m.contact ?? '—' },
            { key: 'phones', label: `${t('merchants.phone1')} / ${t('merchants.phone2')}`, children: [m.phone1, m.phone2].filter(Boolean).join(' / ') || '—' },
            { key: 'address', label: t('merchants.address'), children: m.address ?? '—' },
            { key: 'contract', label: t('merchants.contractEndsOn'), children: m.contractEndsOn ?? '—' },
            { key: 'rating', label: t('merchants.overallRating'), span: 2, children: <Space wrap><RatingSummaryView rating={m.rating} /><span>{t('merchants.participations', { count: m.participationCount })}</span></Space> },
            ...(m.note ? [{ key: 'note', label: t('merchants.note'), span: 2, children: m.note }] : []),
          ]} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('merchants.serviceCount')}</Typography.Title>
          <Table<Service> scroll={{ x: 'max-content' }} rowKey="id" size="small" pagination={false} dataSource={m.services} columns={columns} data-testid="merchant-services" />
          <ServiceDialog merchantId={m.id} open={editing !== null} service={editing && editing !== 'new' ? editing : undefined} onClose={() => setEditing(null)} />
        </>
      )}
    </Drawer>
  );
}
