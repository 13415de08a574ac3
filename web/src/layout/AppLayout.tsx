// The signed-in frame: side menu per module, header with language, user and sign-out.
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Layout, Menu, Spin, Typography, theme, type MenuProps } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth';
import { pageFor, visibleModules } from '../modules';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

const { Header, Sider, Content } = Layout;

function useMenuItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const can = useCan();
  return [
      { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('menu.home')}</Link> },
      ...visibleModules(can).map((m) =>
        m.pages.length === 1
          ? { key: m.pages[0].path, icon: m.icon, label: <Link to={m.pages[0].path}>{t(m.pages[0].title)}</Link> }
          : {
              key: m.key,
              icon: m.icon,
              label: t(m.title),
              children: m.pages.map((p) => ({ key: p.path, label: <Link to={p.path}>{t(p.title)}</Link> })),
            },
      ),
  ];
}

export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const items = useMenuItems();
  const page = pageFor(pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(page ? [page.module.key] : []);
  const title = page ? t(page.title) : pathname === '/' ? t('menu.home') : '';

  useEffect(() => {
    document.title = title ? `${title} · ClubCRM` : 'ClubCRM';
  }, [title]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={220} breakpoint="lg" collapsible>
        <Link to="/" style={{ display: 'block', padding: '16px 20px', color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          ClubCRM
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={[page?.path ?? pathname]}
          openKeys={openKeys}
          onOpenChange={setOpenKeys}
          data-testid="side-menu"
        />
      </Sider>
      <Layout>
        <Header style={{ background: token.colorBgContainer, padding: '0 24px', display: 'flex', alignItems: 'center', gap: 16, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Typography.Text type="secondary" style={{ flex: 1 }}>{t('app.subtitle')}</Typography.Text>
          <LanguageSwitch />
          <UserMenu />
        </Header>
        <Content style={{ margin: 24 }}>
          {title && <Typography.Title level={4} style={{ marginTop: 0 }}>{title}</Typography.Title>}
          <div style={{ background: token.colorBgContainer, borderRadius: token.borderRadiusLG, padding: 24 }}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
              <Outlet />
            </Suspense>
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
