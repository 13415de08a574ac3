import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { FormDialog } from '../components/FormDialog';

interface Values { currentPassword: string; newPassword: string; confirm: string }

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog<Values>
      open={open}
      title={t('password.change')}
      successMessage={t('password.changed')}
      onClose={onClose}
      onSubmit={({ currentPassword, newPassword }) => api.post('/auth/password', { currentPassword, newPassword })}
    >
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password visibilityToggle={{ tabIndex: -1 }} autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.new')} extra={t('password.rule')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password visibilityToggle={{ tabIndex: -1 }} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('validation.required') },
          ({ getFieldValue }) => ({
            validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          }),
        ]}
      >
        <Input.Password visibilityToggle={{ tabIndex: -1 }} autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
