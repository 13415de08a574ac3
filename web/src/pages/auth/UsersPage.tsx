// 用户: server-paginated list with search; create, edit (roles, department, active), reset password, unlock.
import { useState } from 'react';
import { Button, Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { useBilingual } from '../../i18n';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserDialog } from './UserDialog';
import type { User } from './types';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null;

export default function UsersPage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const act = useAction();
  const { tableProps, setFilters } = useServerTable<User, { search?: string }>('/users');
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  const unlock = (u: User) =>
    act(() => api.post(`/users/${u.id}/unlock`), { invalidate: ['/users'], success: t('users.unlocked', { name: u.name }) });

  const columns: TableColumnsType<User> = [
    { title: t('users.login'), dataIndex: 'login' },
    { title: t('users.name'), dataIndex: 'name' },
    { title: t('users.department'), dataIndex: 'department', render: (v: string | null) => v || '—' },
    { title: t('users.roles'), dataIndex: 'roles', render: (_, u) => u.roles.map((r) => <Tag key={r.id}>{pick(r.nameZh, r.nameEn)}</Tag>) },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, u) => (
        <Space size={4}>
          {u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
          {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap',
      key: 'actions',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>{t('common.edit')}</Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user: u })}>{t('users.resetPassword')}</Button>
          {u.locked && <Button type="link" size="small" onClick={() => void unlock(u)}>{t('users.unlock')}</Button>}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          style={{ width: 280 }}
          onSearch={(search) => setFilters({ search: search.trim() || undefined })}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>{t('users.create')}</Button>
      </Space>
      <Table<User> {...tableProps} columns={columns} />
      <UserDialog open={dialog?.kind === 'create' || dialog?.kind === 'edit'} user={dialog?.kind === 'edit' ? dialog.user : undefined} onClose={close} />
      <ResetPasswordDialog user={dialog?.kind === 'password' ? dialog.user : undefined} onClose={close} />
    </>
  );
}
