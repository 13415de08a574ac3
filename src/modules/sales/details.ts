// The pages of one lead and one opportunity: the record, its follow-ups, and what it links to.
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { customerNamesById } from '../customers/service.ts';
import { followUpsOf } from './follow-ups.ts';
import { duplicateOf, getLeadInScope, presentLead } from './leads.ts';
import { getOpportunityInScope, presentOpportunity, stageHistory } from './opportunities.ts';
import { salesOpportunities } from './schema.ts';
import { staffNames } from './scope.ts';

export async function leadDetail(tx: Tx, actor: Actor, id: number) {
  const lead = await getLeadInScope(tx, actor, id);
  const followUps = await followUpsOf(tx, 'lead', id);
  const opportunities = await tx.select({ id: salesOpportunities.id, title: salesOpportunities.title, stage: salesOpportunities.stage })
    .from(salesOpportunities).where(and(eq(salesOpportunities.leadId, id))).orderBy(asc(salesOpportunities.id));
  const names = await staffNames(tx, [lead.ownerId]);
  const customerName = lead.customerId ? (await customerNamesById(tx, [lead.customerId])).get(lead.customerId) ?? null : null;
  return {
    ...presentLead(lead, names), customerName, followUps, opportunities,
    duplicate: lead.status === 'converted' ? null : await duplicateOf(tx, actor, lead.mobile),
  };
}

export async function opportunityDetail(tx: Tx, actor: Actor, id: number) {
  const o = await getOpportunityInScope(tx, actor, id);
  const history = await stageHistory(tx, id);
  const followUps = await followUpsOf(tx, 'opportunity', id);
  const names = await staffNames(tx, [o.ownerId]);
  const customerName = (await customerNamesById(tx, [o.customerId])).get(o.customerId) ?? '';
  return { ...presentOpportunity(o, customerName, names), history, followUps };
}
