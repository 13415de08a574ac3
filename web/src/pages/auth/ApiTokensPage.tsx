// API 令牌: tokens for other systems (sales system, website, card readers). The secret is shown
// once, right after creation; revoking takes effect at once.
import { useState } from 'react';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { tableStateProps } from '../../components/tableState';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { ApiTokenDialog, NewTokenNotice } from './ApiTokenDialog';
import { useRoleOptions } from './useRoles';
import type { ApiToken } from './types';
import { Confirm } from '../../components/Confirm';

export default function ApiTokensPage() {
  const { t } = useTranslation();
  const act = useAction();
  const tokens = useList<ApiToken>('/api-tokens');
  const roles = useRoleOptions();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  const revoke = (tk: ApiToken) =>
    act(() => api.delete(`/api-tokens/${tk.id}`), { invalidate: ['/api-tokens'], success: t('tokens.revoked', { name: tk.name }) });

  const columns: TableColumnsType<ApiToken> = [
    { title: t('tokens.name'), dataIndex: 'name' },
    { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    { title: t('tokens.role'), dataIndex: 'roleId', render: (id: number) => roles.options.find((r) => r.value === id)?.label ?? id },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime, className: 'nowrap' },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: formatTime, className: 'nowrap' },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, tk) => (tk.revokedAt ? <Tag>{t('tokens.revokedAt', { at: formatTime(tk.revokedAt) })}</Tag> : <Tag color="green">{t('tokens.valid')}</Tag>),
    },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap',
      key: 'actions',
      render: (_, tk) =>
        !tk.revokedAt && (
          <Confirm title={t('tokens.confirmRevoke', { name: tk.name })} okText={t('tokens.revoke')} cancelText={t('common.cancel')} onConfirm={() => revoke(tk)}>
            <Button type="link" size="small" danger>{t('tokens.revoke')}</Button>
          </Confirm>
        ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{t('tokens.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('tokens.create')}</Button>
      </Space>
      <Table<ApiToken> {...tableStateProps<ApiToken>(tokens)} dataSource={tokens.data ?? []} columns={columns} pagination={false} />
      <ApiTokenDialog open={creating} roles={roles.options} onClose={() => setCreating(false)} onCreated={setSecret} />
      <NewTokenNotice token={secret} onClose={() => setSecret(null)} />
    </>
  );
}
