// The members' portal's frame, apart from the staff console (no menu, no staff shell): a header with
// the club's name, the language switch and sign-out, the page, and a tab bar at the bottom (phones first).
import { Suspense, useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Button, Spin, Typography, theme } from 'antd';
import { GiftOutlined, HomeOutlined, LogoutOutlined, ProfileOutlined, SafetyOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../components/apiErrors';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { portalApi, profileKey, setPortalSignedOutHandler, type Profile } from './api';
import './i18n';

const tabs = [
  { to: '/portal', key: 'home', icon: <HomeOutlined /> },
  { to: '/portal/points', key: 'points', icon: <UnorderedListOutlined /> },
  { to: '/portal/redeem', key: 'redeem', icon: <GiftOutlined /> },
  { to: '/portal/redemptions', key: 'redemptions', icon: <ProfileOutlined /> },
  { to: '/portal/my-data', key: 'myData', icon: <SafetyOutlined /> },
] as const;

export function PortalFrame({ children }: { children: React.ReactNode }) {
  const { token } = theme.useToken();
  return <div style={{ minHeight: '100vh', background: token.colorBgLayout, display: 'flex', flexDirection: 'column', alignItems: 'center' }}>{children}</div>;
}

export default function PortalShell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const qc = useQueryClient();
  useEffect(() => {
    setPortalSignedOutHandler(() => {
      qc.removeQueries({ queryKey: ['portal'] });
      void navigate('/portal/sign-in', { replace: true });
    });
  }, [navigate, qc]);
  const me = useQuery({ queryKey: profileKey, queryFn: () => portalApi.get<Profile>('/me') });
  useEffect(() => { document.title = `${t('portal.title')} · ${t('portal.club')}`; }, [t]);

  const signOut = async () => {
    try {
      await portalApi.post('/auth/sign-out');
      qc.removeQueries({ queryKey: ['portal'] });
      message.success(t('portal.signedOut'));
      void navigate('/portal/sign-in', { replace: true });
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <PortalFrame>
      <header style={{ boxSizing: 'border-box', width: '100%', maxWidth: 640, display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, padding: '12px 16px', background: token.colorBgContainer, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        <Typography.Text strong style={{ fontSize: 16, minWidth: 0 }} ellipsis>{t('portal.title')}</Typography.Text>
        <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <LanguageSwitch />
          {me.data && <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="portal-sign-out">{t('portal.signOut')}</Button>}
        </span>
      </header>
      <main id="main-content" style={{ boxSizing: 'border-box', width: '100%', maxWidth: 640, padding: '12px 12px 88px', flex: 1 }}>
        {me.isPending ? <div style={{ textAlign: 'center', padding: 48 }}><Spin /></div>
          : me.isError ? <Typography.Text type="danger">{t('portal.error.load', { message: errorMessage(me.error) })}</Typography.Text>
          : <Suspense fallback={<Spin />}><Outlet /></Suspense>}
      </main>
      <nav aria-label={t('portal.title')} style={{ boxSizing: 'border-box', position: 'fixed', bottom: 0, width: '100%', maxWidth: 640, display: 'flex', background: token.colorBgContainer, borderTop: `1px solid ${token.colorBorderSecondary}` }}>
        {tabs.map((tab) => {
          const active = tab.to === '/portal' ? pathname === '/portal' || pathname === '/portal/' : pathname.startsWith(tab.to);
          return (
            <button key={tab.key} type="button" onClick={() => void navigate(tab.to)} aria-current={active ? 'page' : undefined}
              style={{ flex: 1, border: 0, background: 'none', padding: '8px 0 10px', cursor: 'pointer', color: active ? token.colorPrimary : token.colorTextSecondary, fontSize: 12, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2 }}>
              <span style={{ fontSize: 20 }} aria-hidden>{tab.icon}</span>{t(`portal.nav.${tab.key}`)}
            </button>
          );
        })}
      </nav>
    </PortalFrame>
  );
}
