// Service desk (服务台, SPEC §10): tickets, their timeline, assignment and complaint hand-over
// (tickets.ts), satisfaction surveys (tickets.ts) and statistics (stats.ts), the SLA (sla.ts),
// the knowledge base (articles.ts).
import './messages.ts';

export * from './tickets.ts';
export * from './articles.ts';
export * from './stats.ts';
export * from './sla.ts';
