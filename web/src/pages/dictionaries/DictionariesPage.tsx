// 数据字典: pick a kind, then edit its values — labels in both languages, order, active flag.
// Values in use or built in cannot be deleted; the API says why and the page shows it.
import { useState } from 'react';
import { Button, Col, Menu, Row, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { tableStateProps } from '../../components/tableState';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import { DictionaryItemDialog } from './DictionaryItemDialog';
import type { DictionaryItem, DictionaryKind } from './types';
import { Confirm } from '../../components/Confirm';

export default function DictionariesPage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const act = useAction();
  const kinds = useList<DictionaryKind>('/dictionaries/kinds');
  const [chosen, setChosen] = useState<string>();
  const kind = chosen ?? kinds.data?.[0]?.kind;
  const items = useList<DictionaryItem>('/dictionaries', { kind }, !!kind);
  const [editing, setEditing] = useState<DictionaryItem | 'new' | null>(null);
  const refresh = { invalidate: ['/dictionaries'] };
  // Only some kinds are two-level (e.g. 客服中心 → 会刊 / 活动 / 展会 in application channels).
  const hierarchical = (items.data ?? []).some((i) => i.parentCode);

  const setActive = (it: DictionaryItem, active: boolean) =>
    act(() => api.patch(`/dictionaries/${it.id}`, { active }), { ...refresh, success: active ? t('dictionaries.activated') : t('dictionaries.deactivated') });
  const remove = (it: DictionaryItem) => act(() => api.delete(`/dictionaries/${it.id}`), { ...refresh, success: t('common.deleted') });
  const labelOf = (code: string | null) => {
    const parent = code ? items.data?.find((i) => i.code === code) : undefined;
    return parent ? pick(parent.labelZh, parent.labelEn) : (code ?? '—');
  };

  const columns: TableColumnsType<DictionaryItem> = [
    { title: t('dictionaries.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('common.labelZh'), dataIndex: 'labelZh' },
    { title: t('common.labelEn'), dataIndex: 'labelEn' },
    ...(hierarchical ? [{ title: t('dictionaries.parent'), dataIndex: 'parentCode', render: labelOf }] : []),
    { title: t('dictionaries.sort'), dataIndex: 'sort', width: 80 },
    {
      title: t('common.active'),
      dataIndex: 'active',
      width: 90,
      render: (v: boolean, it) => <Switch size="small" checked={v} onChange={(on) => void setActive(it, on)} aria-label={t('common.active')} />,
    },
    { title: '', dataIndex: 'builtIn', width: 80, render: (v: boolean) => v && <Tag>{t('common.builtIn')}</Tag> },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap',
      key: 'actions',
      width: 140,
      render: (_, it) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(it)}>{t('common.edit')}</Button>
          <Confirm title={t('dictionaries.confirmDelete', { label: pick(it.labelZh, it.labelEn) })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove(it)}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Confirm>
        </Space>
      ),
    },
  ];

  return (
    <Row gutter={24} wrap={false}>
      <Col flex="220px">
        <Menu
          mode="inline"
          data-testid="dictionary-kinds"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={kind ? [kind] : []}
          items={(kinds.data ?? []).map((k) => ({ key: k.kind, label: pick(k.labelZh, k.labelEn) }))}
          onClick={({ key }) => setChosen(key)}
        />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('dictionaries.hint')}</Typography.Text>
          <Button type="primary" icon={<PlusOutlined />} disabled={!kind} onClick={() => setEditing('new')}>{t('dictionaries.add')}</Button>
        </Space>
        <Table<DictionaryItem> {...tableStateProps<DictionaryItem>(items)} dataSource={items.data ?? []} columns={columns} pagination={false} />
      </Col>
      {kind && (
        <DictionaryItemDialog
          open={editing !== null}
          kind={kind}
          item={editing === 'new' ? undefined : (editing ?? undefined)}
          parents={hierarchical ? (items.data ?? []).filter((i) => !i.parentCode && i.active) : []}
          onClose={() => setEditing(null)}
        />
      )}
    </Row>
  );
}
