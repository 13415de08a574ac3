// Sales (SPEC §10): leads and their follow-ups (leads.ts), opportunities, stages, assignment and
// the funnel (opportunities.ts), follow-up records and the reminders worklist (follow-ups.ts).
import './messages.ts';

export * from './leads.ts';
export * from './opportunities.ts';
export * from './follow-ups.ts';
export { companyDay } from './scope.ts';
export * from './details.ts';
export { staffDirectory, staffNames as staffNamesOf } from './scope.ts';
