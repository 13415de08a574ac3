// What the cards module does when other modules' business events happen (src/hooks.ts).
// Loaded by src/modules/listeners.ts; the order numbers are the ones the hooks' owners state.
import { applicationApproved } from '../membership/hooks.ts';
import { issueCardAtApproval } from './service.ts';

// 审批入会时发卡: the reviewer gave a card number → the member's main card, its base points credited
applicationApproved.on(async (tx, e) => {
  if (!e.cardNo) return {};
  await issueCardAtApproval(tx, e.actor, { memberId: e.memberId, cardNo: e.cardNo });
  return { cardIssued: true };
}, { order: 10 });
