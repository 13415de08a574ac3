// The business events a posting may name (the console's event picker, GET /points/events): for a
// member, their own fully paid purchases, the activities they took part in (open, or closed within
// the grace period), their care records and their complaints — within the caller's data scope
// (the member's, and for complaints the complaints' own). Without a member (batch points): open
// activities and recent care actions. An adjustment names no event.
import { companyDate } from '../../dates.ts';
import type { Tx } from '../../db/index.ts';
import { t, type Lang } from '../../i18n/index.ts';
import type { Actor } from '../auth/actor.ts';
import { listActivities, recentActivitiesOfMember } from '../activities/service.ts';
import { careRecordsOfMember, recentCareActions } from '../care/service.ts';
import { complaintsOfMember } from '../complaints/queries.ts';
import { purchasesOfCustomer } from '../customers/purchases.ts';
import { getMemberFacts } from './members.ts';
import { assertMemberInScope } from './scope.ts';
import type { manualSourceTypes } from './service.ts';
import './messages.ts';

export interface PickableEvent { id: number; label: string; hint: string | null }

const day = (d: Date, timeZone: string) => companyDate(timeZone, d);
const excerpt = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n)}…` : s);

export async function pickableEvents(
  tx: Tx, actor: Actor, lang: Lang, timeZone: string,
  q: { sourceType: (typeof manualSourceTypes)[number]; memberId?: number; q?: string },
): Promise<PickableEvent[]> {
  const { sourceType: type, memberId } = q;
  if (memberId) await assertMemberInScope(tx, actor, memberId);
  if (type === 'adjustment') return [];
  if (type === 'activity') {
    if (memberId) {
      return (await recentActivitiesOfMember(tx, memberId, { q: q.q })).map((a) => ({
        id: a.id, label: a.name,
        hint: `${a.startsOn} – ${a.endsOn} · ${t(lang, `entity.activityStatus.${a.status}`)} · ${t(lang, 'points.pick.attended', { day: day(a.attendedAt, timeZone) })}`,
      }));
    }
    const list = await listActivities(tx, { page: 1, pageSize: 50, status: 'approved', q: q.q });
    return list.items.map((a) => ({ id: a.id, label: a.name, hint: `${a.startsOn} – ${a.endsOn} · ${a.pointsPerParticipant}` }));
  }
  if (type === 'care') {
    if (memberId) {
      return (await careRecordsOfMember(tx, memberId, { q: q.q })).map((c) => ({
        id: c.careId, label: c.title, hint: `${day(c.createdAt, timeZone)} · ${t(lang, `points.pick.careStatus.${c.status}`)}`,
      }));
    }
    return (await recentCareActions(tx, { q: q.q })).map((c) => ({ id: c.careId, label: c.title, hint: day(c.createdAt, timeZone) }));
  }
  if (!memberId) return [];
  if (type === 'complaint') {
    return (await complaintsOfMember(tx, actor, memberId, { q: q.q })).map((c) => ({
      id: c.id, label: `${c.complaintNo} ${excerpt(c.content)}`, hint: `${day(c.receivedAt, timeZone)} · ${t(lang, `points.pick.complaintStatus.${c.status}`)}`,
    }));
  }
  const m = await getMemberFacts(tx, memberId);
  return (await purchasesOfCustomer(tx, m.customerId))
    .filter((p) => p.fullyPaidAt && !p.deletedAt)
    .map((p) => ({ id: p.id, label: `${p.project} ${p.unit}`, hint: p.contractNo ?? null }));
}
