// 会员列表: search by any field (member no., name or pinyin, mobile, home phone, ID number) and
// by status, channel, notice state and join date; archived members stay findable.
import { Link } from 'react-router';
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { useList } from '../../components/useList';
import { useServerTable } from '../../components/useServerTable';
import { useBilingual } from '../../i18n';
import { useDictionary } from '../customers/shared';
import type { DictionaryItem } from '../dictionaries/types';
import { MemberStatusTag, NoticeStatusTag, useChannelLabel } from './shared';
import type { MemberItem } from './types';
import { ExportButton } from '../../components/ExportButton';

interface Filters { [k: string]: string | undefined; q?: string; status?: string; channel?: string; noticeStatus?: string; level?: string; joinedFrom?: string; joinedTo?: string }
interface FormValues { q?: string; status?: string; channel?: string; noticeStatus?: string; level?: string; joined?: [Dayjs, Dayjs] | null }

export default function MembersPage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const channelLabel = useChannelLabel();
  const channels = (useList<DictionaryItem>('/dictionaries', { kind: 'application_channel' }).data ?? []).filter((c) => !c.parentCode);
  const cardTypes = useDictionary('card_type');
  const { tableProps, filters, setFilters } = useServerTable<MemberItem, Filters>('/members');
  const [form] = Form.useForm<FormValues>();

  const columns: TableColumnsType<MemberItem> = [
    { title: t('membership.field.memberNo'), dataIndex: 'memberNo', render: (v: string, m) => <Link to={`/members/${m.id}`}>{v}</Link> },
    { title: t('membership.field.name'), dataIndex: 'name' },
    { title: t('membership.field.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.mobile'), dataIndex: 'mobile', render: (v: string | null) => v ?? '—' },
    { title: t('membership.field.level'), dataIndex: 'level', render: (v: string | null) => (v ? <Tag color="gold">{cardTypes.label(v)}</Tag> : '—') },
    { title: t('membership.field.channel'), key: 'channel', render: (_, m) => channelLabel(m.channel, m.subChannel) },
    { title: t('membership.field.status'), dataIndex: 'status', render: (v: MemberItem['status']) => <MemberStatusTag status={v} /> },
    { title: t('membership.field.noticeStatus'), dataIndex: 'noticeStatus', render: (v: MemberItem['noticeStatus']) => <NoticeStatusTag status={v} /> },
    { title: t('membership.field.joinedAt'), dataIndex: 'joinedAt', render: formatTime, className: 'nowrap' },
  ];

  const search = (v: FormValues) => setFilters({
    q: v.q?.trim() || undefined, status: v.status, channel: v.channel, noticeStatus: v.noticeStatus, level: v.level,
    joinedFrom: v.joined?.[0]?.format('YYYY-MM-DD'), joinedTo: v.joined?.[1]?.format('YYYY-MM-DD'),
  });
  return (
    <>
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 12 }} onFinish={search}>
        <Form.Item name="q"><Input allowClear placeholder={t('membership.members.filtersQ')} style={{ width: 300 }} data-testid="member-search" /></Form.Item>
        <Form.Item name="status">
          <Select aria-label={t('membership.field.status')} allowClear placeholder={t('membership.field.status')} style={{ width: 140 }} options={(['active', 'leaving', 'archived'] as const).map((s) => ({ value: s, label: t(`membership.memberStatus.${s}`) }))} />
        </Form.Item>
        <Form.Item name="channel">
          <Select aria-label={t('membership.field.channel')} allowClear placeholder={t('membership.field.channel')} style={{ width: 150 }}
            options={[...channels.map((c) => ({ value: c.code, label: pick(c.labelZh, c.labelEn) })), { value: 'automatic', label: t('membership.automaticChannel') }]} />
        </Form.Item>
        <Form.Item name="noticeStatus">
          <Select aria-label={t('membership.field.noticeStatus')} allowClear placeholder={t('membership.field.noticeStatus')} style={{ width: 130 }} options={(['pending', 'reached', 'unreached'] as const).map((s) => ({ value: s, label: t(`membership.noticeStatus.${s}`) }))} />
        </Form.Item>
        <Form.Item name="level"><Select aria-label={t('membership.field.level')} allowClear placeholder={t('membership.field.level')} style={{ width: 120 }} options={cardTypes.options} /></Form.Item>
        <Form.Item name="joined" label={t('membership.members.joinedRange')}><DatePicker.RangePicker /></Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <ExportButton path="/members" filters={filters} list="members" />
      </Space>
      <Table<MemberItem> {...tableProps} columns={columns} scroll={{ x: 1000 }} data-testid="members-table" />
    </>
  );
}
