// 会员登录: mobile → SMS code → signed in. The reply to "send code" is the same for any mobile.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { MobileOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../components/apiErrors';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { portalApi, profileKey, type Profile } from './api';
import { PortalFrame } from './Shell';
import './i18n';

interface Values { mobile: string; code: string }

export default function PortalSignIn() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [wait, setWait] = useState(0);
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => { document.title = `${t('portal.signIn.heading')} · ${t('portal.title')}`; }, [t]);
  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const sendCode = async () => {
    let mobile: string;
    try { mobile = (await form.validateFields(['mobile'])).mobile; } catch { return; }
    setSending(true);
    try {
      const r = await portalApi.post<{ message: string }>('/auth/code', { mobile });
      message.success(r.message);
      setWait(60);
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  const signIn = async (values: Values) => {
    setBusy(true);
    try {
      const me = await portalApi.post<Profile>('/auth/sign-in', values);
      qc.removeQueries({ queryKey: ['portal'] });
      qc.setQueryData(profileKey, me);
      message.destroy(); // "the code was sent" has done its work: only the welcome stays
      message.success(t('portal.signIn.signedIn', { name: me.name }));
      void navigate('/portal', { replace: true });
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PortalFrame>
      <div style={{ width: '100%', maxWidth: 420, padding: 16 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 16 }}><LanguageSwitch /></div>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>{t('portal.club')} · {t('portal.signIn.heading')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('portal.signIn.hint')}</Typography.Paragraph>
          <Form<Values> form={form} layout="vertical" onFinish={(v) => void signIn(v)} requiredMark={false}>
            <Form.Item name="mobile" label={t('portal.signIn.mobile')}
              rules={[{ required: true, message: t('portal.signIn.mobileRequired') }, { pattern: /^\s*(\+?86)?\s*1\d{2}[\s-]?\d{4}[\s-]?\d{4}\s*$/, message: t('portal.signIn.mobileInvalid') }]}>
              <Input prefix={<MobileOutlined />} inputMode="tel" autoComplete="tel" maxLength={20} data-testid="portal-mobile" />
            </Form.Item>
            <Form.Item label={t('portal.signIn.code')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('portal.signIn.codeRequired') }]}>
                  <Input prefix={<SafetyCertificateOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} aria-label={t('portal.signIn.code')} data-testid="portal-code" />
                </Form.Item>
                <Button onClick={() => void sendCode()} loading={sending} disabled={wait > 0} data-testid="portal-send-code">
                  {wait > 0 ? t('portal.signIn.resendIn', { s: wait }) : t('portal.signIn.sendCode')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="portal-sign-in">{t('portal.signIn.submit')}</Button>
          </Form>
        </Card>
      </div>
    </PortalFrame>
  );
}
