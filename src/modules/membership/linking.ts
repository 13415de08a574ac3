// Data linking (数据关联), the last step of every path into the club (SPEC §2.1):
//  - non-buyer: the customer record is marked as the member;
//  - old-project owner (老项目业主, from a property import): the purchase of the project chosen at
//    application is linked — it must exist, since the owner came in through that import;
//  - buyer: marked as member, keeping every purchase record.
// When the application's person is a different customer record from the member's, that record
// is merged into the member's (the customers service keeps it, logically deleted, pointing at
// the survivor, and moves its purchases over), so the history stays traceable.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { refused } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { getCustomer, linkCustomerToMember, mergeCustomerInto } from '../customers/service.ts';
import { addMemberEvents } from './events.ts';
import { purchasesOfCustomer, type ApplicationRow, type MemberRow } from './members.ts';
import { applications } from './schema.ts';

export type LinkCase = 'buyer' | 'old_owner' | 'non_buyer';

export interface LinkResult {
  applicationId: number;
  case: LinkCase;
  /** the purchase this application linked (old-project owner's chosen project, or the one that raised it) */
  linkedPurchaseId: number | null;
  /** every purchase the member's person holds after linking */
  purchaseIds: number[];
  mergedCustomerId: number | null;
}

/** The live purchase of `project` held by the customer, or a clear refusal. */
export async function purchaseInProject(tx: Tx, customerId: number, project: string) {
  const found = (await purchasesOfCustomer(tx, customerId)).filter((p) => p.project === project.trim() && p.status !== 'cancelled');
  if (!found.length) throw refused('PURCHASE_NOT_FOUND', 'linking.noPurchaseForProject', { project });
  return found[0];
}

export async function linkApplication(tx: Tx, actor: Actor, app: ApplicationRow, member: MemberRow): Promise<LinkResult> {
  let mergedCustomerId: number | null = null;
  if (app.customerId && app.customerId !== member.customerId) {
    const other = await getCustomer(tx, app.customerId, { includeDeleted: true });
    if (!other.deletedAt) {
      const { purchasesMoved } = await mergeCustomerInto(tx, actor, other.id, member.customerId);
      mergedCustomerId = other.id;
      await addMemberEvents(tx, actor, [{
        memberId: member.id, kind: 'customer_merged', refType: 'customer', refId: other.id,
        note: `#${other.id} ${other.name} → #${member.customerId} (${purchasesMoved})`,
      }]);
    }
  }
  await linkCustomerToMember(tx, actor, member.customerId, member.id);
  const customer = await getCustomer(tx, member.customerId);
  const purchases = await purchasesOfCustomer(tx, customer.id);
  let linkCase: LinkCase;
  let linkedPurchaseId: number | null = null;
  if (app.project) {
    linkCase = 'old_owner';
    linkedPurchaseId = (await purchaseInProject(tx, customer.id, app.project)).id;
  } else if (app.purchaseId || customer.isBuyer || purchases.length) {
    linkCase = 'buyer';
    linkedPurchaseId = app.purchaseId ?? null;
  } else {
    linkCase = 'non_buyer';
  }
  await tx.update(applications).set({ linkedPurchaseId, updatedAt: new Date() }).where(eq(applications.id, app.id));
  await addMemberEvents(tx, actor, [{
    memberId: member.id, kind: 'linked', field: linkCase, refType: linkedPurchaseId ? 'purchase' : 'application', refId: linkedPurchaseId ?? app.id,
    note: `${app.applicationNo}: ${linkCase}${purchases.length ? ` · ${purchases.map((p) => `${p.project} ${p.unit}`).join('; ')}` : ''}`,
  }]);
  return { applicationId: app.id, case: linkCase, linkedPurchaseId, purchaseIds: purchases.map((p) => p.id), mergedCustomerId };
}
