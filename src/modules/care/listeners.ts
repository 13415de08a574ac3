// What the care module does when other modules' business events happen (src/hooks.ts).
// Loaded by src/modules/listeners.ts; the order numbers are the ones the hooks' owners state.
import { purchaseFullyPaid } from '../customers/hooks.ts';
import { careOnPurchase } from './automatic.ts';

// 购房关怀 when that trigger is on, once per purchase and member — after points (order 10)
purchaseFullyPaid.on(async (tx, e) => {
  await careOnPurchase(tx, e.actor, e.purchase);
}, { order: 20 });
