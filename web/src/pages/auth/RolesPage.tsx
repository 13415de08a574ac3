// 角色: roles with their permissions and data scope; built-in roles can be edited, not deleted.
import { useState } from 'react';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { tableStateProps } from '../../components/tableState';
import { useAction } from '../../components/useAction';
import { useList } from '../../components/useList';
import { useBilingual } from '../../i18n';
import { RoleDialog } from './RoleDialog';
import type { Role } from './types';
import { Confirm } from '../../components/Confirm';

export default function RolesPage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const act = useAction();
  const roles = useList<Role>('/roles');
  const [editing, setEditing] = useState<Role | 'new' | null>(null);

  const remove = (r: Role) => act(() => api.delete(`/roles/${r.id}`), { invalidate: ['/roles'], success: t('common.deleted') });

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      key: 'name',
      render: (_, r) => (
        <Space>
          {pick(r.nameZh, r.nameEn)}
          {r.builtIn && <Tag>{t('common.builtIn')}</Tag>}
        </Space>
      ),
    },
    { title: t('roles.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('roles.dataScope'), dataIndex: 'dataScope', render: (v: string) => t(`dataScope.${v}`) },
    { title: t('roles.permissionCount'), key: 'permissions', render: (_, r) => r.permissions.length },
    { title: t('roles.userCount'), dataIndex: 'userCount' },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap',
      key: 'actions',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)}>{t('common.edit')}</Button>
          {!r.builtIn && (
            <Confirm title={t('roles.confirmDelete', { name: pick(r.nameZh, r.nameEn) })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove(r)}>
              <Button type="link" size="small" danger>{t('common.delete')}</Button>
            </Confirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'flex-end' }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('roles.create')}</Button>
      </Space>
      <Table<Role> {...tableStateProps<Role>(roles)} dataSource={roles.data ?? []} columns={columns} pagination={false} />
      <RoleDialog open={editing !== null} role={editing === 'new' ? undefined : (editing ?? undefined)} onClose={() => setEditing(null)} />
    </>
  );
}
