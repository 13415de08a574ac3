// 首页: who is signed in and where they can go. Figures belong to the reports module.
import { Link } from 'react-router';
import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan, useMe } from '../auth';
import { useBilingual } from '../i18n';
import { visibleModules } from '../modules';

export default function HomePage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const can = useCan();
  const { data: me } = useMe();
  if (!me) return null;
  const modules = visibleModules(can);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">{t('home.welcome', { name: me.user.name })}</Typography.Title>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'login', label: t('home.login'), children: me.user.login },
            { key: 'department', label: t('home.department'), children: me.user.department || '—' },
            { key: 'roles', label: t('home.roles'), children: me.user.roles.length ? me.user.roles.map((r) => <Tag key={r.id}>{pick(r.nameZh, r.nameEn)}</Tag>) : '—' },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('home.shortcuts')}</Typography.Title>
        {modules.length === 0 ? (
          <Typography.Text type="secondary">{t('home.nothingYet')}</Typography.Text>
        ) : (
          <Row gutter={[16, 16]}>
            {modules.map((m) => (
              <Col key={m.key} xs={24} sm={12} lg={8}>
                <Card size="small" title={<Space>{m.icon}{t(m.title)}</Space>}>
                  <Space wrap>
                    {m.pages.map((p) => <Link key={p.path} to={p.path}>{t(p.title)}</Link>)}
                  </Space>
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </div>
    </Space>
  );
}
