// What the calls pages share: the lists a change refreshes, durations, outcome tags, handlers, the caller cards.
import { Card, Radio, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useList } from '../../components/useList';
import { useCardTypes } from '../cards/shared';
import type { CallerMatch, Outcome } from './types';

export { useDictionary } from '../complaints/lookups';

/** every list a change to a call may alter */
export const callLists = ['/calls', '/calls/lookup', '/calls/stats', '/sales/leads'];
export const outcomes: Outcome[] = ['resolved', 'follow_up', 'transferred', 'missed'];

export function useDuration() {
  const { t } = useTranslation();
  return (s: number) => (s < 60 ? t('calls.seconds', { n: s }) : t('calls.minutes', { m: Math.floor(s / 60), s: s % 60 }));
}

export function useHandlers() {
  const list = useList<{ id: number; name: string; login: string; department: string | null }>('/calls/handlers');
  return (list.data ?? []).map((u) => ({ value: u.id, label: u.department ? `${u.name}（${u.department}）` : u.name }));
}

const outcomeColour: Record<Outcome, string> = { resolved: 'success', follow_up: 'warning', transferred: 'processing', missed: 'default' };
export function OutcomeTag({ value }: { value: Outcome }) {
  const { t } = useTranslation();
  return <Tag color={outcomeColour[value]}>{t(`calls.outcomeValue.${value}`)}</Tag>;
}

/**
 * Who holds the number: one card per customer (masked outside the scope). With `onChoose`, the
 * agent picks the caller among several (or none).
 */
export function CallerMatches({ matches, chosen, onChoose }: { matches: CallerMatch[]; chosen?: number | null; onChoose?: (id: number | null) => void }) {
  const { t } = useTranslation();
  const levels = useCardTypes().label;
  const visible = matches.filter((m) => m.inScope);
  const cards = matches.map((m, i) => (
    <Card key={m.customerId ?? `hidden-${i}`} size="small" data-testid="caller-card" style={{ minWidth: 240 }}>
      {m.inScope ? (
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{m.name}</Typography.Text>
          {m.member && <span>{t('calls.lookup.member', { memberNo: m.member.memberNo })} · {m.member.level ? levels(m.member.level) : t('calls.lookup.noLevel')}</span>}
          {m.department && <Typography.Text type="secondary">{m.department}</Typography.Text>}
          <Link to={m.member ? `/members/${m.member.memberId}` : `/customers/${m.customerId}`}>{t('calls.lookup.openCustomer')}</Link>
          {onChoose && visible.length > 1 && <Radio value={m.customerId}>{t('calls.lookup.choose')}</Radio>}
        </Space>
      ) : <Typography.Text type="secondary">{t('calls.lookup.hidden', { name: m.name })}</Typography.Text>}
    </Card>
  ));
  if (onChoose && visible.length > 1) {
    return (
      <Radio.Group value={chosen ?? null} onChange={(e) => onChoose(e.target.value as number | null)} aria-label={t('calls.lookup.who')}>
        <Space wrap align="start">{cards}<Card size="small"><Radio value={null}>{t('calls.lookup.noCustomer')}</Radio></Card></Space>
      </Radio.Group>
    );
  }
  return <Space wrap align="start">{cards}</Space>;
}

