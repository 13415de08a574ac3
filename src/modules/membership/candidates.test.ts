// Duplicate screening that understands Chinese input (issue 11, items 9–11): the review's similar
// members compare names in simplified characters (張偉 = 张伟), find homophones from the pinyin of
// the whole name in both directions for every character (张珊 ↔ 张三, 曾 read zeng as a surname,
// rare characters too), and a member born the same day is not crowded out by a common name.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { apply, newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { rows, sql } from '../../db/index.ts';
import { fillMissingNameForms } from '../customers/name-forms.ts';
import { namePinyin } from '../customers/service.ts';
import { findCandidates, type Probe } from './candidates.ts';

let t: TestApp;
let st: Staff;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
});
afterAll(async () => { await t?.close(); });

interface Candidate { id: number; name: string; reasons: string[]; birthday: string | null }
let mobileSeq = 0;
const mobile = () => `1360000${String(++mobileSeq).padStart(4, '0')}`;

/** The similar members of a new application for `name` (as the review screen asks for them). */
async function similarMembers(name: string, body: Record<string, unknown> = {}): Promise<Candidate[]> {
  const a = await apply(st.service, { name, idNumber: nextId('19700101'), mobile: mobile(), ...body });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const r = await st.manager.get(`/api/v1/applications/${a.body.application.id}/candidates`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  // leave the queue, so that later tests see only the members they make
  await st.manager.post(`/api/v1/applications/${a.body.application.id}/reject`, { reason: '测试' });
  return r.body.members;
}

const member = (name: string, birth = '19850315') => newMember(st, { name, idNumber: nextId(birth), mobile: mobile() });

describe('traditional and simplified characters are the same name', () => {
  it('張偉 finds the member 张伟 and 张伟 finds the member 張偉, as the same name', async () => {
    const simplified = await member('张伟');
    const found = (await similarMembers('張偉')).find((c) => c.id === simplified.memberId);
    expect(found?.reasons).toContain('name=');
    const traditional = await member('劉德華');
    const back = (await similarMembers('刘德华')).find((c) => c.id === traditional.memberId);
    expect(back?.name).toBe('劉德華');
    expect(back?.reasons).toContain('name=');
  });
});

describe('homophones in both directions, from the pinyin of the whole name', () => {
  it('张三 finds the member 张珊 and 张珊 finds the member 张三 (the same sound)', async () => {
    const shan = await member('张珊');
    expect((await similarMembers('张三')).find((c) => c.id === shan.memberId)?.reasons).toContain('sound=');
    const san = await member('张三');
    expect((await similarMembers('张珊')).find((c) => c.id === san.memberId)?.reasons).toContain('sound=');
  });

  it('rare characters too: 陈嫱 and 陈蔷 find each other', async () => {
    const a = await member('陈嫱');
    expect((await similarMembers('陈蔷')).map((c) => c.id)).toContain(a.memberId);
    const b = await member('陈蔷');
    expect((await similarMembers('陈嫱')).map((c) => c.id)).toContain(b.memberId);
  });

  it('曾 as a surname is read zeng: 曾伟 and 增伟 find each other, 层伟 (ceng) does not sound like 曾伟', async () => {
    const zeng = await member('曾伟');
    expect((await similarMembers('增伟')).find((c) => c.id === zeng.memberId)?.reasons).toContain('sound=');
    const zeng2 = await member('增伟');
    expect((await similarMembers('曾伟')).find((c) => c.id === zeng2.memberId)?.reasons).toContain('sound=');
    expect((await similarMembers('层伟')).some((c) => c.id === zeng.memberId && c.reasons.includes('sound='))).toBe(false);
  });

  it('the candidate relation is symmetric: if A is a similar member for B, B is one for A (generated names)', async () => {
    // common and rare characters, sound-alikes, polyphones (乐 单 曾), traditional forms (陳 偉 張)
    const surnames = [...'张章曾增陈陳乐'];
    const given = [...'珊三姗伟偉薇乐悦明铭宁林嫱蔷强倩'];
    const name = fc.tuple(fc.constantFrom(...surnames), fc.constantFrom(...given), fc.option(fc.constantFrom(...given), { nil: '', freq: 3 }))
      .map(([s, g1, g2]) => s + g1 + g2);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(name, { minLength: 2, maxLength: 5 }), async (names) => {
      const made: { name: string; memberId: number; customerId: number }[] = [];
      for (const n of names) {
        const m = await member(n);
        const [c] = await rows<{ customer_id: number }>(t.db.db, sql`SELECT customer_id FROM members WHERE id = ${m.memberId}`);
        made.push({ name: n, memberId: m.memberId, customerId: c.customer_id });
      }
      try {
        const similar = new Map<number, Set<number>>();
        for (const m of made) {
          const probe: Probe = { name: m.name, namePinyin: namePinyin(m.name), birthday: null, idNumberHash: null, mobile: null, homePhone: null };
          const found = await findCandidates(t.db.db, probe, null, 50);
          similar.set(m.memberId, new Set(found.members.map((c) => c.id)));
        }
        for (const a of made) {
          for (const b of made) {
            if (a === b) continue;
            expect(similar.get(a.memberId)!.has(b.memberId), `${b.name} for ${a.name} ⇔ ${a.name} for ${b.name}`).toBe(similar.get(b.memberId)!.has(a.memberId));
          }
        }
      } finally {
        // the next run's names meet only each other
        await rows(t.db.db, sql`UPDATE customers SET deleted_at = now() WHERE id = ANY(${sql.param(made.map((m) => m.customerId))}::int[])`);
      }
      // besides the generated ones, a pair a list of common sound-alike characters got wrong one way (强 listed, 嫱 not)
    }), { numRuns: 12, examples: [[['陈嫱', '陈强']]] });
  }, 240_000);
});

describe('recall: a common name does not crowd out the member born the same day', () => {
  it('of 30 members sounding like 王威, the one born the applicant\'s birthday is listed, its birthday among the reasons', async () => {
    for (let i = 0; i < 30; i++) await member(['王伟', '王薇', '王巍'][i % 3], `19${60 + (i % 30)}0606`);
    const target = await member('王维', '19920229');
    const found = await similarMembers('王威', { idNumber: nextId('19920229') });
    const hit = found.find((c) => c.id === target.memberId);
    expect(hit?.birthday).toBe('1992-02-29');
    // 王维 and 王威 are both "wang wei": the same pinyin (a sound-alike of another reading would say sound=)
    expect(hit?.reasons).toEqual(expect.arrayContaining(['pinyin=', 'birthday=']));
    expect(found[0].id).toBe(target.memberId);
  });
});

describe('rows written before the name forms existed', () => {
  it('are filled at start (fillMissingNameForms): a member whose record has no forms is then found by 张伟 and by sound', async () => {
    // as a database migrated from before 0027 holds them: a name, no simplified form, no sound keys
    const [c] = await rows<{ id: number }>(t.db.db, sql`INSERT INTO customers (name, name_pinyin, mobile) VALUES ('張偉明', 'zhang wei ming', '13600009999') RETURNING id`);
    const [m] = await rows<{ id: number }>(t.db.db, sql`INSERT INTO members (member_no, customer_id) VALUES ('M2026OLD001', ${c.id}) RETURNING id`);
    await rows(t.db.db, sql`UPDATE customers SET member_id = ${m.id} WHERE id = ${c.id}`);
    expect((await similarMembers('张伟明')).some((x) => x.id === m.id)).toBe(false);
    expect(await fillMissingNameForms(t.db, 'customers')).toBeGreaterThanOrEqual(1);
    const [filled] = await rows<{ name_simplified: string; name_keys: string[] }>(t.db.db, sql`SELECT name_simplified, name_keys FROM customers WHERE id = ${c.id}`);
    expect(filled).toEqual({ name_simplified: '张伟明', name_keys: ['zhang wei min'] });
    expect((await similarMembers('张伟明')).find((x) => x.id === m.id)?.reasons).toContain('name=');
    expect((await similarMembers('张薇敏')).find((x) => x.id === m.id)?.reasons).toContain('sound=');
    // nothing left to fill
    expect(await fillMissingNameForms(t.db, 'customers')).toBe(0);
  });
});
