// Every module's listeners to other modules' business events (typed hooks, src/hooks.ts). A hook
// runs only the handlers registered when it fires, so this file is loaded before anything can fire
// one: src/http/routes.ts imports it (the server, the tests' in-process app, `clubcrm job`), and the
// CLI entry src/cli/index.ts imports it for commands that run business actions (`clubcrm demo-data`
// records sales and payments). The order in which handlers of one hook run is stated by the
// `order` each passes to `on` (see the hook's comment in its owner's hooks.ts), not by this list.
import './membership/listeners.ts'; // customers.purchaseRecorded → automatic application; customers.memberSummaryOf
import './points/purchase-points.ts'; // customers.purchaseFullyPaid (10) → purchase points; purchaseRefunded; membership.memberLinked
import './points/service.ts'; // points/triggers.ts: activities, care and complaints events → trigger rules
import './cards/listeners.ts'; // membership.applicationApproved (10) → the card given at approval
import './care/listeners.ts'; // customers.purchaseFullyPaid (20) → 购房关怀
