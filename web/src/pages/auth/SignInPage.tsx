// 登录: login and password; the API's own message for a wrong password or a locked account.
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography, theme } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { meKey } from '../../auth';
import { setCompanyTimeZone } from '../../components/format';
import { errorMessage } from '../../components/apiErrors';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import type { Me } from './types';

interface Values { login: string; password: string }

export default function SignInPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signIn = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>('/auth/sign-in', values);
      qc.clear();
      qc.setQueryData(meKey, me);
      setCompanyTimeZone(me.timeZone);
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', background: token.colorBgLayout, padding: 16 }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}><LanguageSwitch /></div>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>ClubCRM</Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
        <Form<Values> layout="vertical" onFinish={signIn} requiredMark={false} disabled={busy}>
          <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password visibilityToggle={{ tabIndex: -1 }} prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('signIn.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
