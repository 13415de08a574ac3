// 商家服务查询: services by fuzzy name, merchant, level and whether they are offered today.
import { useSearchParams } from 'react-router';
import { Button, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useServerTable } from '../../components/useServerTable';
import { ServiceDrawer } from './ServiceDrawer';
import { LevelTags, discountText, periodText, useLevels } from './shared';
import type { MerchantService } from './types';

interface Filters { [k: string]: string | undefined; name?: string; merchant?: string; level?: string; status?: string }

export default function ServicesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const serviceId = Number(params.get('service')) || null;
  const { tableProps, setFilters } = useServerTable<MerchantService, Filters>('/merchant-services');
  const levels = useLevels();
  const [form] = Form.useForm<Filters>();

  const columns: TableColumnsType<MerchantService> = [
    { title: t('merchants.service.name'), dataIndex: 'name', render: (v: string, s) => <Typography.Link onClick={() => setParams({ service: String(s.id) })}>{v}</Typography.Link> },
    { title: t('merchants.service.merchant'), key: 'm', render: (_, s) => `${s.merchantName}（${s.merchantCode}）` },
    { title: t('merchants.service.period'), key: 'p', render: (_, s) => periodText(t, s) },
    { title: t('merchants.service.levels'), dataIndex: 'eligibleLevels', render: (v: string[]) => <LevelTags codes={v} /> },
    { title: t('merchants.service.discount'), key: 'd', render: (_, s) => discountText(t, s) },
    { title: t('common.status'), dataIndex: 'current', render: (v: boolean) => (v ? <Tag color="green">{t('merchants.service.current')}</Tag> : <Tag>{t('merchants.service.notCurrent')}</Tag>) },
    { title: t('merchants.service.participationCount'), dataIndex: 'participationCount' },
  ];

  return (
    <>
      <Form form={form} name="serviceFilters" layout="inline" style={{ marginBottom: 16, rowGap: 12 }}
        onFinish={(v) => setFilters({ ...v, name: v.name?.trim() || undefined, merchant: v.merchant?.trim() || undefined })}>
        <Form.Item name="name"><Input allowClear placeholder={t('merchants.service.name')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="merchant"><Input allowClear placeholder={t('merchants.service.merchant')} style={{ width: 180 }} /></Form.Item>
        <Form.Item name="level"><Select aria-label={t('merchants.service.levels')} allowClear placeholder={t('merchants.service.levels')} options={levels.options} style={{ width: 150 }} /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('common.status')} allowClear placeholder={t('common.status')} style={{ width: 150 }} options={[{ value: 'current', label: t('merchants.service.current') }, { value: 'all', label: t('merchants.filters.showDeleted.include') }]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<MerchantService> {...tableProps} columns={columns} data-testid="services-table" />
      <ServiceDrawer id={serviceId} onClose={() => setParams({})} />
    </>
  );
}
