// Small pieces the care pages share: status tags, progress, the lists to refresh.
import { Progress as Bar, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CareStatus, Progress } from './types';

export const careLists = ['/care/actions', '/care/tasks', '/care/statistics'];

const colour: Record<CareStatus, string> = {
  queued: 'processing', sent: 'success', failed: 'error', no_recipient: 'warning', pending: 'gold', reached: 'success', unreached: 'error',
};
export function CareStatusTag({ status }: { status: CareStatus }) {
  const { t } = useTranslation();
  return <Tag color={colour[status]}>{t(`care.status.${status}`)}</Tag>;
}

export function CareProgress({ p }: { p: Progress }) {
  const { t } = useTranslation();
  const percent = p.total ? Math.floor((p.done / p.total) * 100) : 0;
  const good = p.sent + p.reached;
  return (
    <Space direction="vertical" size={0} style={{ minWidth: 180 }}>
      <Bar aria-label={t('care.detail.progressText', { done: p.done, total: p.total })} percent={percent} size="small" success={{ percent: p.total ? Math.floor((good / p.total) * 100) : 0 }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('care.detail.progressText', { done: p.done, total: p.total })}</Typography.Text>
    </Space>
  );
}
