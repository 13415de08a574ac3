// 待通知会员 (not yet reached): members without a mobile or e-mail, or whose SMS / e-mail failed;
// staff call or write, then record the result — or send the welcome again.
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordedNote } from '../../components/delivery';
import { api } from '../../api';
import { formatTime } from '../../components/format';
import { useAction } from '../../components/useAction';
import { useServerTable } from '../../components/useServerTable';
import { useDictionary } from '../customers/shared';
import { RecordContactDialog } from './MemberDialogs';
import { membershipLists } from './shared';
import type { UnreachedItem } from './types';

export default function UnreachedPage() {
  const { t } = useTranslation();
  const act = useAction();
  const recordedNote = useRecordedNote();
  const channels = useDictionary('notify_channel');
  const { tableProps } = useServerTable<UnreachedItem>('/members/unreached');
  const [recording, setRecording] = useState<UnreachedItem | null>(null);

  const columns: TableColumnsType<UnreachedItem> = [
    { title: t('membership.field.memberNo'), dataIndex: 'memberNo', render: (v: string, m) => <Link to={`/members/${m.id}`}>{v}</Link> },
    { title: t('membership.field.name'), dataIndex: 'name' },
    { title: t('membership.field.mobile'), dataIndex: 'mobile', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.homePhone'), dataIndex: 'homePhone', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
    {
      title: t('membership.notice.last'), key: 'last', render: (_, m) => (m.lastNotice ? (
        <Space orientation="vertical" size={0}>
          <Space size={4}><Tag>{channels.label(m.lastNotice.channel)}</Tag><Tag color="red">{t(`membership.notice.statusValue.${m.lastNotice.status}`, { defaultValue: m.lastNotice.status })}</Tag></Space>
          <Typography.Text type="secondary">{formatTime(m.lastNotice.at)}{m.lastNotice.error ? ` · ${m.lastNotice.error}` : ''}</Typography.Text>
        </Space>
      ) : <Typography.Text type="secondary">{t('membership.notice.never')}</Typography.Text>),
    },
    { title: t('membership.field.joinedAt'), dataIndex: 'joinedAt', render: formatTime, className: 'nowrap' },
    {
      title: t('common.actions'), fixed: 'right', className: 'nowrap', key: 'a', render: (_, m) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setRecording(m)}>{t('membership.member.record')}</Button>
          {m.mobile && <Button type="link" size="small" onClick={() => void act(() => api.post(`/members/${m.id}/notices/send`, { channel: 'sms' }), { invalidate: membershipLists, success: `${t('membership.member.queued')}${recordedNote(['sms'])}` })}>{t('membership.member.sendSms')}</Button>}
          {m.email && <Button type="link" size="small" onClick={() => void act(() => api.post(`/members/${m.id}/notices/send`, { channel: 'email' }), { invalidate: membershipLists, success: `${t('membership.member.queued')}${recordedNote(['email'])}` })}>{t('membership.member.sendEmail')}</Button>}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Alert type="info" showIcon message={t('membership.notice.hint')} style={{ marginBottom: 16 }} />
      <Table<UnreachedItem> {...tableProps} columns={columns} scroll={{ x: 1200 }} data-testid="unreached-table" />
      {recording && <RecordContactDialog open memberId={recording.id} name={recording.name} onClose={() => setRecording(null)} />}
    </>
  );
}
