import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import type { User } from './types';

/** An administrator sets a new password; the API also unlocks the account and ends its sessions. */
export function ResetPasswordDialog({ user, onClose }: { user?: User; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<{ password: string }>
      open={!!user}
      title={t('users.resetPasswordTitle', { name: user?.name ?? '' })}
      invalidate={['/users']}
      successMessage={t('users.passwordReset')}
      onSubmit={({ password }) => api.post(`/users/${user!.id}/reset-password`, { password })}
      onClose={onClose}
    >
      <Form.Item name="password" label={t('password.new')} rules={[{ required: true, message: t('validation.required') }]} extra={t('users.resetPasswordHint')}>
        <Input.Password visibilityToggle={{ tabIndex: -1 }} autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
