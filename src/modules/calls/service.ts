// Calls (通话记录 / 来电, SPEC §10): registering and recognising calls, the phone system's
// reports (records.ts), the screen pop (lookup.ts), lists and statistics (queries.ts).
import './messages.ts';

export * from './records.ts';
export * from './queries.ts';
export * from './lookup.ts';
export { parseCallNumber, maskNumber } from './numbers.ts';
export { companyDate as companyToday } from '../../dates.ts';
