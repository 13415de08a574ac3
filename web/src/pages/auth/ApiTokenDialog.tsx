import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import type { ApiToken } from './types';

interface Values { name: string; roleId: number }

export function ApiTokenDialog(props: { open: boolean; roles: { value: number; label: string }[]; onClose: () => void; onCreated: (token: string) => void }) {
  const { t } = useTranslation();
  const required = { required: true, message: t('validation.required') };
  return (
    <FormDialog<Values, ApiToken & { token: string }>
      open={props.open}
      title={t('tokens.create')}
      okText={t('common.create')}
      invalidate={['/api-tokens']}
      onSubmit={(values) => api.post('/api-tokens', values)}
      onDone={(created) => props.onCreated(created.token)}
      onClose={props.onClose}
    >
      <Form.Item name="name" label={t('tokens.name')} rules={[required]} extra={t('tokens.nameHint')}><Input /></Form.Item>
      <Form.Item name="roleId" label={t('tokens.role')} rules={[required]} extra={t('tokens.roleHint')}>
        <Select options={props.roles} />
      </Form.Item>
    </FormDialog>
  );
}

/** The new token's secret, shown this once: the server keeps only its hash. */
export function NewTokenNotice({ token, onClose }: { token: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!token} title={t('tokens.createdTitle')} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText={t('common.done')} mask={{ closable: false }}>
      <Alert type="warning" showIcon title={t('tokens.showOnce')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: token ?? '' }} code data-testid="new-token" style={{ wordBreak: 'break-all' }}>
        {token}
      </Typography.Paragraph>
    </Modal>
  );
}
