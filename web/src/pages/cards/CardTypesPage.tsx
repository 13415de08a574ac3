// 卡类型: main types are the levels (rank, base points, upgrade threshold); sub types hang under a
// main card (base points, validity, co-brand merchant). Names come from the dictionary.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import { useCardTypes } from './shared';
import type { CardType } from './types';

interface DictItem { code: string; labelZh: string; labelEn: string; active: boolean }
type Values = Omit<CardType, 'labelZh' | 'labelEn'>;

export default function CardTypesPage() {
  const { t } = useTranslation();
  const { types, label, isLoading } = useCardTypes();
  const [dialog, setDialog] = useState<CardType | 'new' | null>(null);
  const columns: TableColumnsType<CardType> = [
    { title: t('cards.type'), dataIndex: 'code', render: (v: string) => label(v) },
    { title: t('cards.kind'), dataIndex: 'kind', render: (v: CardType['kind']) => <Tag color={v === 'main' ? 'blue' : 'default'}>{t(`cards.kindValue.${v}`)}</Tag> },
    { title: t('cards.types.rank'), dataIndex: 'rank', render: (v: number, x) => (x.kind === 'main' ? v : '—') },
    { title: t('cards.types.basePoints'), dataIndex: 'basePoints' },
    { title: t('cards.types.upgradeThreshold'), dataIndex: 'upgradeThreshold', render: (v: number | null) => v ?? '—' },
    { title: t('cards.types.validityMonths'), dataIndex: 'validityMonths', render: (v: number | null) => v ?? '—' },
    { title: t('cards.types.coBrandMerchant'), dataIndex: 'coBrandMerchant', render: (v: string | null) => v ?? '—' },
    { title: t('common.status'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
    { title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, x) => <Button type="link" size="small" onClick={() => setDialog(x)}>{t('common.edit')}</Button> },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>{t('cards.types.add')}</Button>
      </Space>
      <Table<CardType> scroll={{ x: 'max-content' }} rowKey="code" loading={isLoading} dataSource={types} columns={columns} pagination={false} data-testid="card-types-table" />
      {dialog && <CardTypeDialog type={dialog === 'new' ? undefined : dialog} taken={types.map((x) => x.code)} onClose={() => setDialog(null)} />}
    </>
  );
}

function CardTypeDialog({ type, taken, onClose }: { type?: CardType; taken: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const pick = useBilingual();
  const dict = useList<DictItem>('/dictionaries', { kind: 'card_type', activeOnly: 'true' });
  const [kind, setKind] = useState<'main' | 'sub'>(type?.kind ?? 'main');
  const free = (dict.data ?? []).filter((d) => !taken.includes(d.code));
  const nameOf = (code: string) => {
    const d = (dict.data ?? []).find((x) => x.code === code);
    return d ? pick(d.labelZh, d.labelEn) : code;
  };
  const submit = ({ code, kind: k, ...v }: Values) => {
    const body = k === 'main' ? { ...v, validityMonths: null, coBrandMerchant: null } : { ...v, rank: undefined, upgradeThreshold: null };
    return type ? api.patch(`/card-types/${type.code}`, body) : api.post('/card-types', { code, kind: k, ...body });
  };
  return (
    <FormDialog<Values>
      open title={type ? t('cards.types.edit') : t('cards.types.add')} onClose={onClose} onSubmit={submit} invalidate={['/card-types']}
      successMessage={(_, v) => named('cardType', nameOf(v.code), !!type)} initialValues={type ?? { kind: 'main', basePoints: 0, active: true }}
    >
      <Form.Item name="code" label={t('cards.types.code')} extra={t('cards.types.codeHint')} rules={[{ required: true, message: t('validation.required') }]}>
        {type ? <Input disabled /> : <Select options={free.map((d) => ({ value: d.code, label: pick(d.labelZh, d.labelEn) }))} notFoundContent={t('cards.types.noCode')} />}
      </Form.Item>
      <Form.Item name="kind" label={t('cards.kind')}>
        <Radio.Group disabled={!!type} onChange={(e) => setKind(e.target.value)} options={(['main', 'sub'] as const).map((k) => ({ value: k, label: t(`cards.kindValue.${k}`) }))} />
      </Form.Item>
      {kind === 'main' && (
        <>
          <Form.Item name="rank" label={t('cards.types.rank')} extra={t('cards.types.rankHint')} rules={[{ required: true, message: t('validation.required') }]}><InputNumber min={1} max={100} precision={0} /></Form.Item>
          <Form.Item name="upgradeThreshold" label={t('cards.types.upgradeThreshold')} extra={t('cards.types.upgradeHint')}><InputNumber min={1} precision={0} style={{ width: 200 }} /></Form.Item>
        </>
      )}
      <Form.Item name="basePoints" label={t('cards.types.basePoints')}><InputNumber min={0} precision={0} style={{ width: 200 }} /></Form.Item>
      {kind === 'sub' && (
        <>
          <Form.Item name="validityMonths" label={t('cards.types.validityMonths')}><InputNumber min={1} max={600} precision={0} /></Form.Item>
          <Form.Item name="coBrandMerchant" label={t('cards.types.coBrandMerchant')}><Input maxLength={100} /></Form.Item>
        </>
      )}
      <Form.Item name="active" label={t('cards.types.active')} valuePropName="checked"><Switch /></Form.Item>
    </FormDialog>
  );
}
