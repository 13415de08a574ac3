// Pieces the membership pages share: status tags, channel labels, candidate reasons, the lists
// a change may touch.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../customers/shared';
import type { Application, MemberStatus, NoticeStatus } from './types';

/** Every list a membership change may touch. */
export const membershipLists = ['/applications', '/members', '/members/unreached', '/leave-requests', '/notices', '/customers'];

const applicationColour: Record<Application['status'], string | undefined> = { pending: 'gold', approved: 'green', merged: 'cyan', linked: 'blue', rejected: 'red' };
export function ApplicationStatusTag({ status }: { status: Application['status'] }) {
  const { t } = useTranslation();
  return <Tag color={applicationColour[status]}>{t(`membership.applicationStatus.${status}`)}</Tag>;
}

const memberColour: Record<MemberStatus, string | undefined> = { active: 'green', leaving: 'orange', archived: undefined };
export function MemberStatusTag({ status }: { status: MemberStatus }) {
  const { t } = useTranslation();
  return <Tag color={memberColour[status]} data-testid="member-status">{t(`membership.memberStatus.${status}`)}</Tag>;
}

const noticeColour: Record<NoticeStatus, string | undefined> = { pending: 'blue', reached: 'green', unreached: 'red' };
export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const { t } = useTranslation();
  return <Tag color={noticeColour[status]}>{t(`membership.noticeStatus.${status}`)}</Tag>;
}

/** "客服中心 · 活动", "案场", "自动（购房）" */
export function useChannelLabel() {
  const { t } = useTranslation();
  const channels = useDictionary('application_channel');
  return (channel: string | null, subChannel: string | null, method?: string | null) => {
    if (!channel) return method === 'manual' ? '—' : t('membership.automaticChannel');
    return subChannel ? `${channels.label(channel)} · ${channels.label(subChannel)}` : channels.label(channel);
  };
}

/** A candidate's reason (idNumber=, name≈0.67, pinyin=) in words. */
export function reasonLabel(t: TFunction, reason: string): string {
  const m = /^(\w+)(=|≈)(.*)$/.exec(reason);
  if (!m) return reason;
  const [, field, op, score] = m;
  if (op === '=') return t(`membership.review.reasonTag.${field}`, { defaultValue: reason });
  return t(`membership.review.reasonTag.${field}Like`, { score, defaultValue: reason });
}

export function ReasonTags({ reasons }: { reasons: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {reasons.map((r) => (
        <Tag key={r} color={/^(idNumber|mobile)=/.test(r) ? 'red' : r.endsWith('=') ? 'orange' : undefined} title={r}>{reasonLabel(t, r)}</Tag>
      ))}
    </>
  );
}
