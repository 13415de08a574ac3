import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { PermissionPicker } from './PermissionPicker';
import type { DataScope, Role } from './types';

interface Values { code: string; nameZh: string; nameEn: string; dataScope: DataScope; permissions: string[] }

const scopes: DataScope[] = ['own', 'department', 'all'];

/** Creates a role, or edits one when `role` is given (its code stays). */
export function RoleDialog({ open, role, onClose }: { open: boolean; role?: Role; onClose: () => void }) {
  const { t } = useTranslation();
  const named = useNamedOutcome();
  const required = { required: true, message: t('validation.required') };
  return (
    <FormDialog<Values>
      open={open}
      width={760}
      title={role ? t('roles.editTitle') : t('roles.create')}
      invalidate={['/roles']}
      successMessage={(_, v) => named('role', v.nameZh, !!role)}
      initialValues={role ?? { dataScope: 'own', permissions: [] }}
      onSubmit={({ code, ...rest }) => (role ? api.patch(`/roles/${role.id}`, rest) : api.post('/roles', { code, ...rest }))}
      onClose={onClose}
    >
      <Form.Item name="code" label={t('roles.code')} extra={role ? undefined : t('roles.codeRule')} rules={role ? [] : [required, { pattern: /^[a-z][a-z0-9_]{1,31}$/, message: t('roles.codeRule') }]}>
        <Input disabled={!!role} />
      </Form.Item>
      <Form.Item name="nameZh" label={t('common.labelZh')} rules={[required]}><Input /></Form.Item>
      <Form.Item name="nameEn" label={t('common.labelEn')} rules={[required]}><Input /></Form.Item>
      <Form.Item name="dataScope" label={t('roles.dataScope')} extra={t('roles.dataScopeHint')} rules={[required]}>
        <Radio.Group options={scopes.map((s) => ({ value: s, label: t(`dataScope.${s}`) }))} />
      </Form.Item>
      <Form.Item name="permissions" label={t('roles.permissions')}>
        <PermissionPicker />
      </Form.Item>
    </FormDialog>
  );
}
