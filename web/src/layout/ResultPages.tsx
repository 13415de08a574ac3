// Whole-page outcomes: no such page, no permission, an unexpected failure.
import { Button, Result } from 'antd';
import { Link, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../components/apiErrors';

function HomeLink() {
  const { t } = useTranslation();
  return <Link to="/"><Button type="primary">{t('common.backHome')}</Button></Link>;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return <Result status="404" title={t('result.notFoundTitle')} subTitle={t('result.notFound')} extra={<HomeLink />} />;
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <Result status="403" title={t('result.forbiddenTitle')} subTitle={t('result.forbidden')} extra={<HomeLink />} />;
}

export function ErrorPage() {
  const { t } = useTranslation();
  const err = useRouteError();
  return (
    <Result
      status="error"
      title={t('result.errorTitle')}
      subTitle={errorMessage(err)}
      extra={<Button type="primary" onClick={() => window.location.reload()}>{t('common.reload')}</Button>}
    />
  );
}
