import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { useNamedOutcome } from '../../components/useNamedOutcome';
import { useRoleOptions } from './useRoles';
import type { User } from './types';

interface Values {
  login: string; name: string; department?: string; email?: string; mobile?: string; password: string; roleIds: number[]; active: boolean;
}

/** Creates a user, or edits one when `user` is given (the login and password are not edited here). */
export function UserDialog({ open, user, onClose }: { open: boolean; user?: User; onClose: () => void }) {
  const { t } = useTranslation();
  const roles = useRoleOptions();
  const named = useNamedOutcome();
  const required = { required: true, message: t('validation.required') };
  const submit = ({ login, password, department, email, mobile, ...rest }: Values) => {
    const contact = { department: department || null, email: email || null, mobile: mobile || null };
    return user
      ? api.patch<User>(`/users/${user.id}`, { ...rest, ...contact })
      : api.post<User>('/users', { login, password, ...rest, ...contact, active: undefined });
  };
  return (
    <FormDialog<Values>
      open={open}
      title={user ? t('users.editTitle', { name: user.name }) : t('users.create')}
      invalidate={['/users', '/roles']}
      successMessage={(_, v) => named('user', v.name, !!user)}
      initialValues={user ? { ...user, department: user.department ?? undefined, email: user.email ?? undefined, mobile: user.mobile ?? undefined, roleIds: user.roles.map((r) => r.id) } : { roleIds: [], active: true }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="login" label={t('users.login')} rules={user ? [] : [required]} extra={user ? undefined : t('users.loginRule')}>
        <Input disabled={!!user} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('users.name')} rules={[required]}><Input /></Form.Item>
      {!user && (
        <Form.Item name="password" label={t('users.password')} rules={[required]} extra={t('password.rule')}>
          <Input.Password visibilityToggle={{ tabIndex: -1 }} autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="roleIds" label={t('users.roles')}>
        <Select mode="multiple" options={roles.options} loading={roles.isPending} allowClear />
      </Form.Item>
      <Form.Item name="department" label={t('users.department')}><Input /></Form.Item>
      <Form.Item name="email" label={t('users.email')}><Input /></Form.Item>
      <Form.Item name="mobile" label={t('users.mobile')}><Input /></Form.Item>
      {user && (
        <Form.Item name="active" label={t('common.active')} valuePropName="checked"><Switch /></Form.Item>
      )}
    </FormDialog>
  );
}
