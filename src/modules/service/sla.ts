// Service levels (SLA): per priority, hours to the first response and to the resolution, counted
// in clock hours from the ticket's creation. Kept in system_settings, changed by an administrator
// (service.manage), audited. A ticket's due times are fixed when it is created.
import { z } from 'zod';
import type { Tx } from '../../db/index.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { invalid, type FieldIssue } from '../../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { ticketPriorities, type TicketPriority } from './schema.ts';
import './messages.ts';

const hours = z.number().int().min(1).max(24 * 90);
const level = z.object({
  firstResponseHours: hours.describe('hours from creation to the first reply to the customer'),
  resolutionHours: hours.describe('hours from creation to the resolution'),
}).strict();
export const slaSettingsSchema = z.object({ low: level, normal: level, high: level, urgent: level }).strict();
export type SlaSettings = z.infer<typeof slaSettingsSchema>;

export const defaultSla: SlaSettings = {
  urgent: { firstResponseHours: 1, resolutionHours: 8 },
  high: { firstResponseHours: 4, resolutionHours: 24 },
  normal: { firstResponseHours: 8, resolutionHours: 72 },
  low: { firstResponseHours: 24, resolutionHours: 168 },
};

const key = 'service.sla';

export async function getSla(tx: Tx): Promise<SlaSettings> {
  const raw = await getSetting(tx, key);
  if (!raw) return defaultSla;
  const parsed = slaSettingsSchema.safeParse({ ...defaultSla, ...JSON.parse(raw) });
  return parsed.success ? parsed.data : defaultSla;
}

export async function updateSla(tx: Tx, actor: Actor, next: SlaSettings): Promise<SlaSettings> {
  const issues: FieldIssue[] = [];
  for (const p of ticketPriorities) {
    if (next[p].resolutionHours < next[p].firstResponseHours) issues.push({ field: `${p}.resolutionHours`, key: 'service.slaOrder' });
  }
  if (issues.length) throw invalid(issues);
  const before = await getSla(tx);
  await putSetting(tx, key, JSON.stringify(next));
  await recordAudit(tx, actor, { action: 'serviceSla.update', entityType: 'serviceSla', entityId: '1', before, after: next });
  return next;
}

export function dueTimes(sla: SlaSettings, priority: TicketPriority, from: Date) {
  const h = 3_600_000;
  return {
    firstResponseDueAt: new Date(from.getTime() + sla[priority].firstResponseHours * h),
    resolutionDueAt: new Date(from.getTime() + sla[priority].resolutionHours * h),
  };
}
