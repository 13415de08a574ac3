// Service statistics of the tickets created in [from, to] (company days) within the data scope:
// first-response and resolution times (average and median, hours), resolution rate, on-time
// rates against the SLA due times, average satisfaction — in all, by type and by company month.
import { rows, sql, type Tx } from '../../db/index.ts';
import { invalidField } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { timeBound } from '../../dates.ts';
import { monthRange } from '../complaints/queries.ts';
import { serviceTickets } from './schema.ts';
import { ticketScope } from './tickets.ts';
import './messages.ts';

export interface ServiceStatsQuery { from?: string; to?: string }

interface Cell {
  key: string; tickets: number; responded: number; response_on_time: number; resolved: number; resolved_on_time: number;
  response_avg: number | null; response_median: number | null; resolution_avg: number | null; resolution_median: number | null;
  surveys: number; score_sum: number | null;
}

const round1 = (n: number | null) => (n == null ? null : Math.round(n * 10) / 10);
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);

function figures(c: Cell | undefined) {
  const z = c ?? { tickets: 0, responded: 0, response_on_time: 0, resolved: 0, resolved_on_time: 0, response_avg: null, response_median: null, resolution_avg: null, resolution_median: null, surveys: 0, score_sum: null };
  return {
    tickets: z.tickets,
    resolved: z.resolved,
    resolutionRate: ratio(z.resolved, z.tickets),
    onTimeRate: ratio(z.resolved_on_time, z.resolved),
    firstResponseOnTimeRate: ratio(z.response_on_time, z.responded),
    firstResponseHours: { average: round1(z.response_avg), median: round1(z.response_median) },
    resolutionHours: { average: round1(z.resolution_avg), median: round1(z.resolution_median) },
    surveys: z.surveys,
    satisfaction: z.surveys ? Math.round(((z.score_sum ?? 0) / z.surveys) * 100) / 100 : null,
  };
}

export async function serviceStatistics(tx: Tx, actor: Actor, q: ServiceStatsQuery, timeZone: string) {
  if (q.from && q.to && q.from > q.to) throw invalidField('from', 'service.rangeReversed');
  const conds = [ticketScope(actor), timeBound(serviceTickets.createdAt, q.from, 'from', timeZone), timeBound(serviceTickets.createdAt, q.to, 'to', timeZone)]
    .filter((c): c is NonNullable<typeof c> => c != null);
  const where = conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const done = sql`service_tickets.status IN ('resolved', 'closed')`;
  const respH = sql`extract(epoch FROM service_tickets.first_response_at - service_tickets.created_at) / 3600`;
  const resH = sql`extract(epoch FROM service_tickets.resolved_at - service_tickets.created_at) / 3600`;
  const grouped = (key: ReturnType<typeof sql>) => rows<Cell>(tx, sql`
    SELECT ${key} AS key,
      count(*)::int AS tickets,
      count(*) FILTER (WHERE service_tickets.first_response_at IS NOT NULL)::int AS responded,
      count(*) FILTER (WHERE service_tickets.first_response_at <= service_tickets.first_response_due_at)::int AS response_on_time,
      count(*) FILTER (WHERE ${done})::int AS resolved,
      count(*) FILTER (WHERE ${done} AND service_tickets.resolved_at <= service_tickets.resolution_due_at)::int AS resolved_on_time,
      (avg(${respH}))::float8 AS response_avg,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${respH}))::float8 AS response_median,
      (avg(${resH}) FILTER (WHERE ${done}))::float8 AS resolution_avg,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${resH}) FILTER (WHERE ${done}))::float8 AS resolution_median,
      coalesce(sum(sv.n), 0)::int AS surveys,
      (sum(sv.s))::float8 AS score_sum
    FROM service_tickets
    LEFT JOIN (SELECT ticket_id, sum(score) AS s, count(*) AS n FROM service_surveys GROUP BY ticket_id) sv ON sv.ticket_id = service_tickets.id
    ${where}
    GROUP BY 1 ORDER BY 1`);
  const [all, byType, byMonth] = await Promise.all([
    grouped(sql`''`),
    grouped(sql`service_tickets.type`),
    grouped(sql`to_char(service_tickets.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM')`),
  ]);
  const months = monthRange(byMonth.map((m) => m.key));
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    ...figures(all[0]),
    byType: byType.map((c) => ({ type: c.key, ...figures(c) })).sort((a, b) => b.tickets - a.tickets || a.type.localeCompare(b.type)),
    byMonth: months.map((month) => ({ month, ...figures(byMonth.find((m) => m.key === month)) })),
  };
}
