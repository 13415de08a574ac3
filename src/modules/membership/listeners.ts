// What the membership module does when other modules' business events happen (src/hooks.ts).
// Loaded by src/modules/listeners.ts; the order numbers are the ones the hooks' owners state.
import { memberSummaryOf, pendingApplicationOf, purchaseRecorded } from '../customers/hooks.ts';
import { pendingApplicationOfCustomer, raiseAutomaticApplication } from './applications.ts';
import { getMember } from './members.ts';

// a sale was recorded: the automatic application (SPEC §2.1), once per purchase
purchaseRecorded.on(async (tx, e) => {
  await raiseAutomaticApplication(tx, e.actor, { customerId: e.purchase.customerId, purchaseId: e.purchase.id });
});

// the customer page asks who the member behind a customer record is
memberSummaryOf.on(async (tx, { memberId }) => {
  const m = await getMember(tx, memberId);
  return { id: m.id, memberNo: m.memberNo, status: m.status, joinedAt: m.joinedAt };
});

// the customer page asks whether an application of this person waits for review
pendingApplicationOf.on(async (tx, { customerId }) => pendingApplicationOfCustomer(tx, customerId));
