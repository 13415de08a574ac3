// 活动通知: an SMS and/or e-mail to the activity's participants or to members chosen by filters,
// queued through the notices outbox in the same transaction (sent by the outbox worker after
// commit). {name}, {memberNo} and {activity} in the text are filled in per member.
import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { invalidField, refused } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { audienceMembers, checkFilters, givenFilters, type MemberFilters } from '../care/audience.ts';
import { fillTemplate } from '../care/service.ts';
import { queueNotices, type QueueInput } from '../notify/service.ts';
import { activityNotices } from './schema.ts';
import { openActivity } from './service.ts';

export type ActivityNotice = typeof activityNotices.$inferSelect;

export interface NoticeInput {
  audience: 'participants' | 'filtered';
  filters?: MemberFilters | null;
  channels: ('sms' | 'email')[];
  subject?: string | null;
  body: string;
}

export async function notifyMembers(tx: Tx, actor: Actor, activityId: number, input: NoticeInput, timeZone: string): Promise<ActivityNotice> {
  const activity = await openActivity(tx, activityId, 'notify');
  const channels = [...new Set(input.channels)];
  if (!channels.length) throw invalidField('channels', 'activity.noticeChannels');
  const filters = input.audience === 'participants' ? { activityId } : givenFilters(input.filters ?? {});
  if (input.audience === 'filtered') {
    if (!Object.keys(filters).length) throw invalidField('filters', 'activity.noticeFiltersRequired');
    await checkFilters(tx, filters);
  }
  const members = await audienceMembers(tx, filters, timeZone);
  if (!members.length) throw refused('NO_MEMBERS', 'activity.noticeNobody');
  const notices: QueueInput[] = [];
  let noRecipient = 0;
  for (const m of members) {
    const vars = { name: m.name, memberNo: m.memberNo, activity: activity.name, place: activity.place, startsOn: activity.startsOn, endsOn: activity.endsOn };
    let any = false;
    for (const channel of channels) {
      const recipient = channel === 'sms' ? m.mobile : m.email;
      if (!recipient) continue;
      any = true;
      notices.push({
        memberId: m.memberId, channel, purpose: 'activity', recipient, refType: 'activity', refId: activityId,
        subject: channel === 'email' ? fillTemplate(input.subject?.trim() || activity.name, vars) : null, body: fillTemplate(input.body, vars),
      });
    }
    if (!any) noRecipient++;
  }
  await queueNotices(tx, actor, notices);
  const [n] = await tx.insert(activityNotices).values({
    activityId, audience: input.audience, filters: input.audience === 'filtered' ? (filters as Record<string, unknown>) : null, channels,
    subject: input.subject?.trim() || null, body: input.body, members: members.length, queued: notices.length, noRecipient, createdBy: actor.name,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'activity.notify', entityType: 'activity', entityId: activityId,
    facts: { noticeBatch: n.id, audience: input.audience, filters, channels, members: members.length, queued: notices.length, noRecipient },
  });
  return n;
}

export async function noticesOfActivity(tx: Tx, activityId: number): Promise<ActivityNotice[]> {
  return tx.select().from(activityNotices).where(eq(activityNotices.activityId, activityId)).orderBy(desc(activityNotices.id));
}
