// The summaries within a minute of an import (issue 13 item 6): the summaries-after-import job (every
// 30 s) sees that an import finished since it last looked and runs the member-analysis and
// member-value jobs at once, so the analysis and value pages count what changed; with no new import
// it does nothing. (After `clubcrm demo-data` both jobs run at its end: src/cli/demo-club.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { createMembers } from '../../../test/helpers/members.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
});
afterAll(async () => { await t?.close(); });

const run = async (name: string) => {
  const r = await admin.post(`/api/v1/jobs/${name}/run`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const figures = async () => {
  const analysis = (await admin.get('/api/v1/analysis/members')).body;
  const value = (await admin.get('/api/v1/value/overview')).body;
  return { members: analysis.composition.total, analysisAsOf: analysis.asOf, valueMembers: value.members, valueAsOf: value.asOf };
};

describe('summaries after an import', () => {
  it('nothing imported: the job leaves the summaries as they are', async () => {
    await createMembers(t.db, 3, { prefix: 'RA' });
    await run('member-analysis');
    await run('member-value');
    const before = await figures();
    expect(before).toMatchObject({ members: 3, valueMembers: 3 });
    expect((await run('summaries-after-import')).result).toEqual({ refreshed: false });
    expect(await figures()).toEqual(before);
  });

  it('an import finished: the next run counts the members again (analysis and value), once', async () => {
    const before = await figures();
    await createMembers(t.db, 2, { prefix: 'RB' });
    expect(await figures()).toEqual(before); // the kept summaries do not see them yet
    const imp = await admin.post('/api/v1/customers/import?kind=customers&wait=120', '姓名,手机\n导入甲,13600001001\n导入乙,13600001002\n', { 'content-type': 'text/csv' });
    expect(imp.status, JSON.stringify(imp.body)).toBe(200);
    expect(imp.body).toMatchObject({ status: 'done', customersCreated: 2 });
    const r = await run('summaries-after-import');
    expect(r.result).toMatchObject({ refreshed: true });
    const after = await figures();
    expect(after).toMatchObject({ members: 5, valueMembers: 5 });
    expect(new Date(after.analysisAsOf).getTime()).toBeGreaterThan(new Date(before.analysisAsOf).getTime());
    expect(new Date(after.valueAsOf).getTime()).toBeGreaterThan(new Date(before.valueAsOf).getTime());
    // both jobs' runs are on record, asked for by the import
    const runs = (await admin.get('/api/v1/jobs/member-value/runs')).body;
    expect((runs.items ?? runs)[0]).toMatchObject({ requestedBy: 'import' });
    expect((await run('summaries-after-import')).result).toEqual({ refreshed: false });
  });
});
