// Permissions: the expected allow/deny of every documented operation for every built-in role,
// from a table written here (operation → the permission it needs). The table must name every
// operation of the OpenAPI document, so a new route cannot ship without a decision. Also:
// unauthenticated callers are refused everywhere but the public operations, and a sales office
// (department data scope) sees its own department's customers and members only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffPassword, startTestApp, type Session, type TestApp } from '../helpers/app.ts';
import { builtInRoles, type Permission } from '../../src/modules/auth/permissions.ts';
import { nextId } from '../helpers/membership.ts';
import { clubMember } from '../helpers/club.ts';
import { MEMBER_COOKIE, portalCookie } from '../helpers/portal.ts';

type Need = Permission | 'signed-in' | 'public' | 'member';

/**
 * What each operation needs. 'signed-in': any signed-in caller; 'public': nobody needs to sign in;
 * 'member': a club member's own session of the members' portal — no staff session or token reaches it
 * (401), and a member session reaches nothing else.
 */
const required: Record<string, Need> = {
  'POST /api/v1/auth/sign-in': 'public',
  // the members' portal (src/modules/portal): its sign-in is public, the rest needs a member session
  'POST /api/v1/portal/auth/code': 'public',
  'POST /api/v1/portal/auth/sign-in': 'public',
  'POST /api/v1/portal/auth/sign-out': 'member',
  'GET /api/v1/portal/me': 'member',
  'GET /api/v1/portal/cards': 'member',
  'GET /api/v1/portal/points': 'member',
  'GET /api/v1/portal/redemption-plans': 'member',
  'POST /api/v1/portal/redemptions': 'member',
  'GET /api/v1/portal/redemptions': 'member',
  'POST /api/v1/portal/redemptions/{id}/cancel': 'member',
  'GET /api/v1/portal/my-data': 'member',
  'GET /api/v1/portal/complaints': 'member',
  'GET /api/v1/portal/offers': 'member',
  'POST /api/v1/auth/sign-out': 'signed-in',
  'GET /api/v1/auth/me': 'signed-in',
  'POST /api/v1/auth/password': 'signed-in',
  'GET /api/v1/users': 'user.manage',
  'POST /api/v1/users': 'user.manage',
  'GET /api/v1/users/{id}': 'user.manage',
  'PATCH /api/v1/users/{id}': 'user.manage',
  'POST /api/v1/users/{id}/reset-password': 'user.manage',
  'POST /api/v1/users/{id}/unlock': 'user.manage',
  'GET /api/v1/permissions': 'signed-in',
  'GET /api/v1/roles': 'signed-in',
  'POST /api/v1/roles': 'role.manage',
  'PATCH /api/v1/roles/{id}': 'role.manage',
  'DELETE /api/v1/roles/{id}': 'role.manage',
  'GET /api/v1/api-tokens': 'token.manage',
  'POST /api/v1/api-tokens': 'token.manage',
  'DELETE /api/v1/api-tokens/{id}': 'token.manage',
  'GET /api/v1/webhooks': 'webhook.manage',
  'POST /api/v1/webhooks': 'webhook.manage',
  'GET /api/v1/webhooks/{id}': 'webhook.manage',
  'PATCH /api/v1/webhooks/{id}': 'webhook.manage',
  'DELETE /api/v1/webhooks/{id}': 'webhook.manage',
  'POST /api/v1/webhooks/{id}/rotate-secret': 'webhook.manage',
  'POST /api/v1/webhooks/{id}/test': 'webhook.manage',
  'GET /api/v1/webhooks/deliveries': 'webhook.manage',
  'POST /api/v1/webhooks/deliveries/{id}/redeliver': 'webhook.manage',
  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/jobs': 'job.run',
  'GET /api/v1/jobs/{name}/runs': 'job.run',
  'POST /api/v1/jobs/{name}/run': 'job.run',
  'GET /api/v1/dictionaries/kinds': 'signed-in',
  'GET /api/v1/dictionaries': 'signed-in',
  'POST /api/v1/dictionaries': 'dictionary.manage',
  'PATCH /api/v1/dictionaries/{id}': 'dictionary.manage',
  'DELETE /api/v1/dictionaries/{id}': 'dictionary.manage',
  'GET /api/v1/customers': 'customer.read',
  'GET /api/v1/customers/facets': 'customer.read',
  // exports (src/http/export.ts): the list's own permission and data scope; personal data masked without pii.export
  'GET /api/v1/customers/export': 'customer.read',
  'GET /api/v1/members/export': 'member.read',
  'GET /api/v1/applications/export': 'member.read',
  'GET /api/v1/cards/export': 'member.read',
  'GET /api/v1/points/entries/export': 'points.read',
  'GET /api/v1/redemptions/export': 'points.read',
  'GET /api/v1/activities/{id}/participants/export': 'member.read',
  'GET /api/v1/activities/{id}/costs/export': 'report.read',
  'GET /api/v1/care/actions/{id}/members/export': 'care.manage',
  'GET /api/v1/care/tasks/export': 'care.manage',
  'GET /api/v1/complaints/export': 'complaint.manage',
  'GET /api/v1/merchants/export': 'merchant.manage',
  'GET /api/v1/audit/export': 'audit.read',
  'GET /api/v1/analysis/members': 'report.read',
  'GET /api/v1/analysis/members/composition/export': 'report.read',
  'GET /api/v1/analysis/members/months/export': 'report.read',
  'GET /api/v1/analysis/members/cohorts/export': 'report.read',
  'GET /api/v1/analysis/members/level-moves/export': 'report.read',
  'GET /api/v1/merchants/participation': 'report.read',
  'GET /api/v1/merchants/participation/by-level/export': 'report.read',
  'GET /api/v1/merchants/participation/quarters/export': 'report.read',
  'POST /api/v1/customers': 'customer.write',
  'GET /api/v1/customers/{id}': 'customer.read',
  'PATCH /api/v1/customers/{id}': 'customer.write',
  'DELETE /api/v1/customers/{id}': 'customer.write',
  'POST /api/v1/customers/{id}/restore': 'customer.write',
  'GET /api/v1/purchases': 'customer.read',
  'POST /api/v1/customers/{id}/purchases': 'purchase.write',
  'GET /api/v1/purchases/{id}': 'customer.read',
  'PATCH /api/v1/purchases/{id}': 'purchase.write',
  'DELETE /api/v1/purchases/{id}': 'purchase.write',
  'POST /api/v1/purchases/{id}/restore': 'purchase.write',
  'POST /api/v1/purchases/{id}/payments': 'purchase.write',
  'POST /api/v1/payments/{id}/void': 'purchase.write',
  'POST /api/v1/purchases/{id}/refunds': 'purchase.write',
  'POST /api/v1/purchases/{id}/cancel': 'purchase.write',
  'GET /api/v1/customers/imports': 'customer.import',
  'GET /api/v1/customers/imports/{id}': 'customer.import',
  'GET /api/v1/customers/imports/{id}/report': 'customer.import',
  'GET /api/v1/customers/imports/{id}/issues': 'customer.import',
  'POST /api/v1/customers/imports/{id}/cancel': 'customer.import',
  'POST /api/v1/integration/sales/customers': 'integration.sales',
  'POST /api/v1/integration/sales/purchases': 'integration.sales',
  'POST /api/v1/integration/sales/payments': 'integration.sales',
  'POST /api/v1/integration/sales/refunds': 'integration.sales',
  'GET /api/v1/applications': 'member.read',
  'POST /api/v1/applications': 'member.apply',
  'GET /api/v1/applications/{id}': 'member.read',
  'GET /api/v1/applications/{id}/candidates': 'member.read',
  'POST /api/v1/applications/{id}/approve': 'member.approve',
  'POST /api/v1/applications/{id}/reject': 'member.approve',
  'POST /api/v1/customers/import': 'customer.import',
  'POST /api/v1/website/applications': 'integration.website',
  'GET /api/v1/members': 'member.read',
  'GET /api/v1/members/unreached': 'notify.manage',
  'GET /api/v1/members/{id}': 'member.read',
  'PATCH /api/v1/members/{id}': 'member.edit',
  'POST /api/v1/members/{id}/data-error': 'member.edit',
  'POST /api/v1/members/{id}/notices/send': 'notify.manage',
  'POST /api/v1/members/{id}/notices/record': 'notify.manage',
  'GET /api/v1/leave-requests': 'member.read',
  'POST /api/v1/members/{id}/leave-requests': 'member.leave',
  'POST /api/v1/leave-requests/{id}/approve': 'member.leave.approve',
  'POST /api/v1/leave-requests/{id}/reject': 'member.leave.approve',
  'POST /api/v1/leave-requests/run-rules': 'member.leave',
  'GET /api/v1/notices': 'notify.manage',
  'GET /api/v1/notices/delivery': 'signed-in', // whether SMS / e-mail really leave: the console says 'recorded, not sent'
  'GET /api/v1/home': 'signed-in', // each count and figure inside it needs its own permission (src/modules/home)
  'GET /api/v1/card-types': 'signed-in',
  'POST /api/v1/card-types': 'points.rules',
  'PATCH /api/v1/card-types/{code}': 'points.rules',
  'GET /api/v1/cards': 'member.read',
  'GET /api/v1/cards/lookup': 'member.read',
  'GET /api/v1/cards/{id}': 'member.read',
  'GET /api/v1/members/{id}/cards': 'member.read',
  'POST /api/v1/cards': 'card.manage',
  'POST /api/v1/cards/batch': 'card.manage',
  'POST /api/v1/cards/{id}/replace': 'card.manage',
  'POST /api/v1/cards/{id}/loss': 'card.manage',
  'GET /api/v1/card-upgrades': 'member.read',
  'POST /api/v1/card-upgrades/{id}/approve': 'card.approve',
  'POST /api/v1/card-upgrades/{id}/reject': 'card.approve',
  'GET /api/v1/members/{id}/points': 'points.read',
  'GET /api/v1/points/members/find': 'points.read',
  'GET /api/v1/members/{id}/points/lots': 'points.read',
  'GET /api/v1/points/entries': 'points.read',
  'GET /api/v1/points/entries/{id}': 'points.read',
  'POST /api/v1/points/entries': 'points.adjust',
  'POST /api/v1/points/entries/{id}/approve': 'points.approve',
  'POST /api/v1/points/entries/{id}/reject': 'points.approve',
  'POST /api/v1/points/entries/{id}/correct': 'points.approve',
  'GET /api/v1/points/events': 'points.read',
  'POST /api/v1/points/batches': 'points.adjust',
  'GET /api/v1/points/batches': 'points.read',
  'GET /api/v1/points/batches/{id}': 'points.read',
  'POST /api/v1/points/batches/{id}/resume': 'points.approve',
  'POST /api/v1/points/batches/{id}/revert': 'points.approve',
  'GET /api/v1/points/rules': 'points.read',
  'POST /api/v1/points/rules': 'points.rules',
  'PATCH /api/v1/points/rules/{id}': 'points.rules',
  'GET /api/v1/points/settings': 'points.read',
  'PATCH /api/v1/points/settings': 'points.rules',
  'GET /api/v1/points/stats': 'report.read',
  'GET /api/v1/points/dashboard': 'points.read',
  'GET /api/v1/points/verify': 'points.rules',
  'POST /api/v1/card-reader/points': 'integration.cardReader',
  'GET /api/v1/redemption-plans': 'points.read',
  'POST /api/v1/redemption-plans': 'redemption.manage',
  'PATCH /api/v1/redemption-plans/{id}': 'redemption.manage',
  'GET /api/v1/redemptions': 'points.read',
  'POST /api/v1/redemptions': 'redemption.manage',
  'POST /api/v1/redemptions/{id}/deliver': 'redemption.manage',
  'POST /api/v1/redemptions/{id}/cancel': 'redemption.manage',
  'GET /api/v1/redemptions/stats': 'report.read',
  'GET /api/v1/website/redemption-plans': 'integration.website',
  'GET /api/v1/website/points/{memberNo}': 'integration.website',
  'GET /api/v1/website/points/{memberNo}/redemptions': 'integration.website',
  'POST /api/v1/website/points/{memberNo}/redemptions': 'integration.website',
  'GET /api/v1/activities': 'signed-in',
  'GET /api/v1/activities/statistics': 'signed-in',
  'GET /api/v1/activities/{id}': 'signed-in',
  'POST /api/v1/activities': 'activity.manage',
  'PATCH /api/v1/activities/{id}': 'activity.manage',
  'POST /api/v1/activities/{id}/approve': 'activity.approve',
  'POST /api/v1/activities/{id}/reject': 'activity.approve',
  'POST /api/v1/activities/{id}/close': 'activity.manage',
  'GET /api/v1/activities/{id}/participants': 'member.read', // members' names and cards: not for any signed-in caller,
  'POST /api/v1/activities/{id}/participants': 'activity.manage',
  'POST /api/v1/activities/{id}/participants/batch': 'activity.manage',
  'POST /api/v1/activities/{id}/costs': 'activity.manage',
  'DELETE /api/v1/activities/{id}/costs/{costId}': 'activity.manage',
  'POST /api/v1/activities/{id}/notices': 'activity.manage',
  'GET /api/v1/members/{id}/activities': 'member.read',
  'POST /api/v1/care/preview': 'care.manage',
  'GET /api/v1/value/overview': 'segment.read',
  'GET /api/v1/value/members': 'segment.read',
  'GET /api/v1/value/settings': 'segment.read',
  'PATCH /api/v1/value/settings': 'value.settings',
  'POST /api/v1/segments/count': 'segment.read',
  'GET /api/v1/segments': 'segment.read',
  'POST /api/v1/segments': 'segment.manage',
  'GET /api/v1/segments/{id}': 'segment.read',
  'PATCH /api/v1/segments/{id}': 'segment.manage',
  'DELETE /api/v1/segments/{id}': 'segment.manage',
  'GET /api/v1/segments/{id}/members': 'segment.read',
  'GET /api/v1/segments/{id}/members/export': 'segment.read',
  'GET /api/v1/care/actions': 'care.manage',
  'POST /api/v1/care/actions': 'care.manage',
  'GET /api/v1/care/actions/{id}': 'care.manage',
  'GET /api/v1/care/actions/{id}/members': 'care.manage',
  'POST /api/v1/care/actions/{id}/results': 'care.manage',
  'GET /api/v1/care/tasks': 'care.manage',
  'GET /api/v1/members/{id}/care': 'care.manage',
  'GET /api/v1/members/{id}/summary': 'member.read',
  'GET /api/v1/members/{id}/history': 'audit.read',
  'GET /api/v1/care/statistics': 'care.manage',
  'GET /api/v1/care/triggers': 'care.manage',
  'PATCH /api/v1/care/triggers/{trigger}': 'care.manage',
  'POST /api/v1/care/triggers/run': 'care.manage',
  'GET /api/v1/complaints': 'complaint.manage',
  'POST /api/v1/complaints': 'complaint.manage',
  'GET /api/v1/complaints/staff': 'complaint.manage',
  'GET /api/v1/complaints/overdue': 'complaint.manage',
  'POST /api/v1/complaints/overdue/remind': 'complaint.manage',
  'GET /api/v1/complaints/statistics': 'complaint.manage',
  'GET /api/v1/complaints/{id}': 'complaint.manage',
  'PATCH /api/v1/complaints/{id}': 'complaint.manage',
  'POST /api/v1/complaints/{id}/steps': 'complaint.manage',
  'POST /api/v1/complaints/{id}/steps/{stepId}/finish': 'complaint.manage',
  'POST /api/v1/complaints/{id}/close': 'complaint.manage',
  'POST /api/v1/complaints/{id}/reopen': 'complaint.manage',
  'POST /api/v1/complaints/{id}/goodwill': 'complaint.manage',
  // sales (SPEC §10): read / write / assign; data scope in the services (src/modules/sales/sales.test.ts)
  'GET /api/v1/sales/leads': 'sales.read',
  'GET /api/v1/sales/leads/export': 'sales.read',
  'POST /api/v1/sales/leads': 'sales.write',
  'GET /api/v1/sales/leads/{id}': 'sales.read',
  'PATCH /api/v1/sales/leads/{id}': 'sales.write',
  'POST /api/v1/sales/leads/{id}/follow-ups': 'sales.write',
  'POST /api/v1/sales/leads/{id}/lose': 'sales.write',
  'POST /api/v1/sales/leads/{id}/convert': 'sales.write',
  'POST /api/v1/sales/leads/{id}/assign': 'sales.assign',
  'POST /api/v1/sales/leads/assign': 'sales.assign',
  'GET /api/v1/sales/opportunities': 'sales.read',
  'GET /api/v1/sales/opportunities/export': 'sales.read',
  'POST /api/v1/sales/opportunities': 'sales.write',
  'GET /api/v1/sales/opportunities/{id}': 'sales.read',
  'PATCH /api/v1/sales/opportunities/{id}': 'sales.write',
  'POST /api/v1/sales/opportunities/{id}/stage': 'sales.write',
  'POST /api/v1/sales/opportunities/{id}/reopen': 'sales.write',
  'POST /api/v1/sales/opportunities/{id}/follow-ups': 'sales.write',
  'POST /api/v1/sales/opportunities/{id}/assign': 'sales.assign',
  'POST /api/v1/sales/opportunities/assign': 'sales.assign',
  'GET /api/v1/sales/follow-ups/due': 'sales.read',
  'GET /api/v1/sales/funnel': 'sales.read',
  'GET /api/v1/sales/staff': 'sales.read',
  // calls (SPEC §10): read / write; data scope by handler and department in the services (src/modules/calls/calls.test.ts)
  'GET /api/v1/calls': 'calls.read',
  'GET /api/v1/calls/export': 'calls.read',
  'GET /api/v1/calls/lookup': 'calls.read',
  'GET /api/v1/calls/stats': 'calls.read',
  'GET /api/v1/calls/handlers': 'calls.read',
  'POST /api/v1/calls': 'calls.write',
  'GET /api/v1/calls/{id}': 'calls.read',
  'PATCH /api/v1/calls/{id}': 'calls.write',
  'POST /api/v1/calls/{id}/delete': 'calls.write',
  'POST /api/v1/calls/{id}/lead': 'calls.write',
  'POST /api/v1/integration/calls': 'integration.calls',
  // service desk (SPEC §10): read / write / assign / manage; data scope in the services (src/modules/service/service.test.ts)
  'GET /api/v1/service/tickets': 'service.read',
  'GET /api/v1/service/tickets/export': 'service.read',
  'POST /api/v1/service/tickets': 'service.write',
  'GET /api/v1/service/tickets/{id}': 'service.read',
  'PATCH /api/v1/service/tickets/{id}': 'service.write',
  'POST /api/v1/service/tickets/{id}/messages': 'service.write',
  'POST /api/v1/service/tickets/{id}/status': 'service.write',
  'POST /api/v1/service/tickets/{id}/resolve': 'service.write',
  'POST /api/v1/service/tickets/{id}/survey': 'service.write',
  'POST /api/v1/service/tickets/{id}/close': 'service.write',
  'POST /api/v1/service/tickets/{id}/reopen': 'service.write',
  'POST /api/v1/service/tickets/{id}/complaint': 'service.write',
  'POST /api/v1/service/tickets/{id}/assign': 'service.assign',
  'POST /api/v1/service/tickets/assign': 'service.assign',
  'POST /api/v1/service/tickets/{id}/articles': 'service.write',
  'DELETE /api/v1/service/tickets/{id}/articles/{articleId}': 'service.write',
  'GET /api/v1/service/staff': 'service.read',
  'GET /api/v1/service/statistics': 'service.read',
  'GET /api/v1/service/sla': 'service.read',
  'PATCH /api/v1/service/sla': 'service.manage',
  'GET /api/v1/service/articles': 'service.read',
  'POST /api/v1/service/articles': 'service.write',
  'GET /api/v1/service/articles/{id}': 'service.read',
  'PATCH /api/v1/service/articles/{id}': 'service.write',
  'POST /api/v1/service/articles/{id}/publish': 'service.manage',
  'POST /api/v1/service/articles/{id}/unpublish': 'service.manage',
  'DELETE /api/v1/service/articles/{id}': 'service.manage',
  'GET /api/v1/merchants': 'merchant.manage',
  'GET /api/v1/merchants/types': 'merchant.manage',
  'GET /api/v1/merchants/levels': 'merchant.manage',
  'POST /api/v1/merchants': 'merchant.manage',
  'GET /api/v1/merchants/{id}': 'merchant.manage',
  'PATCH /api/v1/merchants/{id}': 'merchant.manage',
  'DELETE /api/v1/merchants/{id}': 'merchant.manage',
  'POST /api/v1/merchants/{id}/restore': 'merchant.manage',
  'POST /api/v1/merchants/{id}/services': 'merchant.manage',
  'GET /api/v1/merchant-services': 'merchant.manage',
  'GET /api/v1/merchant-services/{id}': 'merchant.manage',
  'PATCH /api/v1/merchant-services/{id}': 'merchant.manage',
  'DELETE /api/v1/merchant-services/{id}': 'merchant.manage',
  'POST /api/v1/merchant-services/{id}/feedback': 'merchant.manage',
  'POST /api/v1/merchant-services/{id}/participations': 'merchant.manage',
  'GET /api/v1/merchant-participations': 'merchant.manage',
  'PATCH /api/v1/merchant-participations/{id}': 'merchant.manage',
  'DELETE /api/v1/merchant-participations/{id}': 'merchant.manage',
  'GET /api/v1/website/members/{memberNo}/merchant-services': 'integration.website',
  'POST /api/v1/activities/{id}/participants/upload': 'activity.manage',
  'POST /api/v1/card-reader/activities/{id}/participants': 'integration.cardReader',
};

let t: TestApp;
let doc: Record<string, any>;
const sessions: Record<string, Session> = {};
const roles = builtInRoles.map((r) => r.code);

beforeAll(async () => {
  t = await startTestApp();
  for (const r of roles) sessions[r] = r === 'admin' ? await t.signIn() : await t.userWithRoles(`perm_${r}`, [r]);
  doc = (await t.anonymous.get('/api/docs/json')).body;
});
afterAll(async () => { await t?.close(); });

const documented = () => Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();

function allowed(role: string, need: Need): boolean {
  if (need === 'public' || need === 'signed-in') return true;
  if (need === 'member') return false;
  return builtInRoles.find((r) => r.code === role)!.permissions.includes(need);
}

/**
 * A request that passes the permission check without doing anything: ids that do not exist and a
 * body that fails validation (the check runs before validation), so "allowed" shows as 400/404/422.
 */
function probe(op: string): { method: string; url: string; body?: unknown } {
  const [method, path] = op.split(' ');
  const url = path.replace(/\{(\w+)\}/g, (_, n) => (/id$/i.test(n) ? '987654' : 'NO-SUCH-9'));
  return { method, url, body: method === 'GET' || method === 'DELETE' ? undefined : { __probe: true } };
}

async function send(s: Session, p: ReturnType<typeof probe>) {
  if (p.method === 'GET') return s.get(p.url);
  if (p.method === 'DELETE') return s.delete(p.url);
  if (p.method === 'PATCH') return s.patch(p.url, p.body);
  return s.post(p.url, p.body);
}

// Operations whose probe would end the caller's own session: checked with a session of their own.
const endsSession = new Set(['POST /api/v1/auth/sign-out', 'POST /api/v1/portal/auth/sign-out']);

describe('the permission table', () => {
  it('names every operation of the OpenAPI document, and only those', () => {
    expect(Object.keys(required).sort()).toEqual(documented());
  });

  it('every role is allowed exactly what the table and its permissions say', async () => {
    const wrong: string[] = [];
    for (const op of Object.keys(required)) {
      for (const role of roles) {
        const s = endsSession.has(op) ? (role === 'admin' ? await t.signIn() : await t.signIn(`perm_${role}`, staffPassword)) : sessions[role];
        const r = await send(s, probe(op));
        const expectAllow = allowed(role, required[op]);
        const denied = r.status === 403 && r.body?.error?.code === 'FORBIDDEN';
        if (required[op] === 'member') {
          // no staff session reaches the members' portal: 401, as if not signed in at all
          if (r.status !== 401 || r.body?.error?.code !== 'UNAUTHENTICATED') wrong.push(`${op} as ${role}: ${r.status}, expected 401 (member session only)`);
          continue;
        }
        if (r.status === 401 || r.status >= 500) wrong.push(`${op} as ${role}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        else if (expectAllow && denied) wrong.push(`${op} as ${role}: denied, expected allowed (${required[op]})`);
        else if (!expectAllow && !denied) wrong.push(`${op} as ${role}: ${r.status}, expected 403 (needs ${required[op]})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('without signing in, everything but the public operations answers 401 in the error format', async () => {
    const wrong: string[] = [];
    for (const op of Object.keys(required)) {
      if (required[op] === 'public') continue;
      const r = await send(t.anonymous, probe(op));
      if (r.status !== 401 || r.body?.error?.code !== 'UNAUTHENTICATED') wrong.push(`${op}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    // a member's session of the portal: every member operation, and nothing else but the public ones
    const staff = { service: sessions.service, manager: sessions.manager };
    const mobile = '13977770001';
    await clubMember(staff, { name: '权限会员', mobile });
    const cookie = await portalCookie(t, mobile);
    const signOutLast = (op: string) => (op === 'POST /api/v1/portal/auth/sign-out' ? 1 : 0);
    for (const op of Object.keys(required).sort((a, b) => signOutLast(a) - signOutLast(b))) {
      if (required[op] === 'public') continue;
      const p = probe(op);
      const res = await t.app.inject({
        method: p.method as never, url: p.url, payload: p.body as never, headers: { cookie: `${MEMBER_COOKIE}=${cookie}` },
      });
      const ok = required[op] === 'member' ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500 : res.statusCode === 401;
      if (!ok) wrong.push(`${op} with a member session: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    // a made-up bearer token is no better
    const bad = await t.anonymous.get('/api/v1/customers', { authorization: 'Bearer not-a-token' });
    expect(bad.status).toBe(401);
  });
});

describe('data scope of a sales office', () => {
  it('a 西溪案场 salesperson lists and opens only 西溪案场 customers and members', async () => {
    const xixi = await t.userWithRoles('sales_xixi', ['sales'], { department: '西溪案场' });
    const liangzhu = await t.userWithRoles('sales_liangzhu', ['sales'], { department: '良渚案场' });
    const manager = sessions.manager;
    const mine = await xixi.post('/api/v1/customers', { name: '西溪客户', mobile: '13911112222' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const theirs = await liangzhu.post('/api/v1/customers', { name: '良渚客户', mobile: '13933334444' });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(200);
    expect(theirs.body.department).toBe('良渚案场');
    // each office enters an application for a buyer of its own; the manager approves both
    const members: Record<string, number> = {};
    for (const [who, s, name] of [['xixi', xixi, '西溪会员'], ['liangzhu', liangzhu, '良渚会员']] as const) {
      const idNumber = nextId();
      const c = await s.post('/api/v1/customers', { name, idType: 'resident_id', idNumber });
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      const a = await s.post('/api/v1/applications', { channel: 'sales_office', customerId: c.body.id, name, idType: 'resident_id', idNumber, birthday: '1985-03-15', mobile: null });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      const ok = await manager.post(`/api/v1/applications/${a.body.application.id}/approve`, {});
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      members[who] = ok.body.member.id;
    }
    const customers = await xixi.get('/api/v1/customers?pageSize=500');
    const names = customers.body.items.map((c: { name: string }) => c.name);
    expect(names).toContain('西溪客户');
    expect(names).not.toContain('良渚客户');
    expect(names).not.toContain('良渚会员');
    expect([403, 404]).toContain((await xixi.get(`/api/v1/customers/${theirs.body.id}`)).status);
    expect((await xixi.get(`/api/v1/customers/${mine.body.id}`)).status).toBe(200);

    const list = await xixi.get('/api/v1/members?pageSize=500');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((m: { id: number }) => m.id);
    expect(ids).toContain(members.xixi);
    expect(ids).not.toContain(members.liangzhu);
    expect([403, 404]).toContain((await xixi.get(`/api/v1/members/${members.liangzhu}`)).status);
    expect((await xixi.get(`/api/v1/members/${members.xixi}`)).status).toBe(200);
    // the points of another office's member are not readable either
    expect([403, 404]).toContain((await xixi.get(`/api/v1/members/${members.liangzhu}/points`)).status);
    // and the service centre (scope: all) sees both
    const all = await sessions.service.get('/api/v1/members?pageSize=500');
    expect(all.body.items.map((m: { id: number }) => m.id)).toEqual(expect.arrayContaining([members.xixi, members.liangzhu]));
  });
});
