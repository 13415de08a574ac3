// The signed-in frame: side menu per module, header with language, user and sign-out.
import { Suspense, useEffect, useRef, useState, type MouseEvent } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Button, Layout, Menu, Spin, Typography, theme, type MenuProps } from 'antd';
import { HomeOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth';
import { useScrollableRegions } from '../components/useScrollableRegions';
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

/** Below this width (Ant Design's xl, 1200 px) the side menu folds to its icons; the header's button opens it again. */
const siderBreakpoint = 'xl';

export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const items = useMenuItems();
  const page = pageFor(pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(page ? [page.module.key] : []);
  const [collapsed, setCollapsed] = useState(() => typeof window !== 'undefined' && window.innerWidth < 1200);
  // folded, a group opens as a pop-up on demand only, and closes when a page is chosen
  const [popupKeys, setPopupKeys] = useState<string[]>([]);
  useEffect(() => setPopupKeys([]), [pathname, collapsed]);
  const main = useRef<HTMLElement>(null);
  const title = page ? t(page.title) : pathname === '/' ? t('menu.home') : '';
  useScrollableRegions(main, t('header.scrollTable'));
  // The content area scrolls on its own (the side menu and header stay in place): each new page starts at its top.
  useEffect(() => {
    main.current?.scrollTo({ top: 0, left: 0 });
  }, [pathname]);

  useEffect(() => {
    document.title = title ? `${title} · ClubCRM` : 'ClubCRM';
  }, [title]);

  // The skip link moves the focus (not only the view) to the page's content.
  const skipToContent = (e: MouseEvent) => {
    e.preventDefault();
    main.current?.focus();
    main.current?.scrollIntoView();
  };

  return (
    <Layout style={{ height: '100vh', overflow: 'hidden' }}>
      <a href="#main-content" className="skip-link" onClick={skipToContent} data-testid="skip-link">{t('header.skipToContent')}</a>
      <Sider width={220} breakpoint={siderBreakpoint} collapsible collapsed={collapsed} onBreakpoint={setCollapsed} trigger={null} style={{ height: '100vh', overflowY: 'auto' }}>
        <Link to="/" style={{ display: 'block', padding: collapsed ? '18px 4px' : '16px 20px', textAlign: collapsed ? 'center' : undefined, color: token.colorTextLightSolid, fontSize: collapsed ? 14 : 18, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          ClubCRM
        </Link>
        <nav aria-label={t('header.mainMenu')}>
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={[page?.path ?? pathname]}
            openKeys={collapsed ? popupKeys : openKeys}
            onOpenChange={collapsed ? setPopupKeys : setOpenKeys}
            data-testid="side-menu"
          />
        </nav>
      </Sider>
      <Layout style={{ minWidth: 0, height: '100vh' }}>
        <Header style={{ background: token.colorBgContainer, padding: '0 16px', display: 'flex', alignItems: 'center', gap: 16, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={collapsed ? t('header.expandMenu') : t('header.collapseMenu')}
            aria-expanded={!collapsed}
            onClick={() => setCollapsed(!collapsed)}
            data-testid="sider-toggle"
          />
          <Typography.Text type="secondary" ellipsis style={{ flex: 1 }}>{t('app.subtitle')}</Typography.Text>
          <LanguageSwitch />
          <UserMenu />
        </Header>
        <Content ref={main} id="main-content" tabIndex={-1} style={{ flex: '1 1 0', minHeight: 0, overflow: 'auto', padding: 24, outline: 'none' }} data-testid="content-scroller">
          {title && <Typography.Title level={1} style={{ marginTop: 0, fontSize: token.fontSizeHeading4 }} data-testid="page-title">{title}</Typography.Title>}
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
