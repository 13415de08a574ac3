// The duplicate screening's rules at their edges, as a reviewer sees them: each reason shown and the
// score of a candidate (scoreCandidate, the pure rule), then the lists of the review screen — the
// most likely first, the evidence beside each candidate, and only what the reader's scope holds.
// Written against the survivors of mutation testing (issue 17, reports/mutation/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { apply, newMember, nextId, staff, type Staff } from '../../../test/helpers/membership.ts';
import { scoreCandidate } from './candidates.ts';

const score = (why: string[], nameSim: number, pinyinSim: number, sameBirthday?: boolean) =>
  sameBirthday === undefined ? scoreCandidate(new Set(why), nameSim, pinyinSim) : scoreCandidate(new Set(why), nameSim, pinyinSim, sameBirthday);

describe('the score and the reasons of a candidate', () => {
  it('the same ID number, mobile or home phone alone: one reason each, scores 0.98, 0.85 and 0.6', () => {
    expect(score(['id'], 0, 0)).toEqual({ score: 0.98, reasons: ['idNumber='] });
    expect(score(['mobile'], 0, 0)).toEqual({ score: 0.85, reasons: ['mobile='] });
    expect(score(['homePhone'], 0, 0)).toEqual({ score: 0.6, reasons: ['homePhone='] });
  });

  it('the same name and pinyin: name= and pinyin=, 0.88 (independent evidence combined)', () => {
    expect(score(['name'], 1, 1)).toEqual({ score: 0.88, reasons: ['name=', 'pinyin='] });
  });

  it('a similarity of 0.999 is the same name; below it the similarity is shown', () => {
    expect(score(['name'], 0.999, 0)).toEqual({ score: 0.7, reasons: ['name='] });
    expect(score(['name'], 0.99, 0)).toEqual({ score: 0.69, reasons: ['name≈0.99'] });
  });

  it('a name found otherwise is shown from a similarity of 0.3; a name found by the name probe always', () => {
    expect(score(['mobile'], 0.3, 0)).toEqual({ score: 0.88, reasons: ['mobile=', 'name≈0.30'] });
    expect(score(['mobile'], 0.29, 0).reasons).toEqual(['mobile=']);
    expect(score(['name'], 0.2, 0)).toEqual({ score: 0.14, reasons: ['name≈0.20'] });
  });

  it('the pinyin: the same (from 0.999) before the same sound before close pinyin (from 0.5)', () => {
    expect(score(['name'], 0.4, 0.999)).toEqual({ score: 0.71, reasons: ['name≈0.40', 'pinyin='] });
    expect(score(['sound'], 0.5, 1)).toEqual({ score: 0.74, reasons: ['name≈0.50', 'pinyin='] });
    expect(score(['sound'], 0.5, 0.7)).toEqual({ score: 0.74, reasons: ['name≈0.50', 'sound='] });
    expect(score(['mobile'], 0, 0.6)).toEqual({ score: 0.9, reasons: ['mobile=', 'pinyin≈0.60'] });
    expect(score(['mobile'], 0, 0.5).reasons).toEqual(['mobile=', 'pinyin≈0.50']);
    expect(score(['mobile'], 0, 0.49).reasons).toEqual(['mobile=']);
  });

  it('the same birthday counts beside other evidence only, and only when said', () => {
    expect(score(['sound', 'birthday'], 0.5, 0.7, true)).toEqual({ score: 0.87, reasons: ['name≈0.50', 'sound=', 'birthday='] });
    expect(score(['sound', 'birthday'], 0.5, 0.7, false)).toEqual({ score: 0.74, reasons: ['name≈0.50', 'sound='] });
    expect(score([], 0.1, 0.1, true)).toEqual({ score: 0.07, reasons: [] });
    expect(score(['mobile'], 0, 0)).toEqual({ score: 0.85, reasons: ['mobile='] });
  });
});

describe('on the review screen', () => {
  let t: TestApp;
  let st: Staff;
  beforeAll(async () => {
    t = await startTestApp();
    st = await staff(t);
  });
  afterAll(async () => { await t?.close(); });

  interface Candidate { kind: string; id: number; number: string; name: string; score: number; reasons: string[]; [k: string]: unknown }
  const candidates = async (s: Session, id: number, query = '') => {
    const r = await s.get(`/api/v1/applications/${id}/candidates${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { members: Candidate[]; applications: Candidate[] };
  };
  const applied = async (s: Session, body: Record<string, unknown>) => {
    const a = await apply(s, body);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    return a.body.application as { id: number; applicationNo: string; createdAt: string; method: string };
  };

  it('the most likely first, equal scores in the order they joined; ?limit= keeps the first ones', async () => {
    const byMobile = await newMember(st, { name: '欧阳青', idNumber: nextId('19700101'), mobile: '13612340001' });
    const first = await newMember(st, { name: '司马远', idNumber: nextId('19710202') });
    const second = await newMember(st, { name: '司马远', idNumber: nextId('19720303') });
    const a = await applied(st.service, { name: '司马远', idNumber: nextId('19800404'), mobile: '13612340001' });
    const c = await candidates(st.manager, a.id);
    expect(c.members.map((m) => [m.id, m.score, m.reasons])).toEqual([
      [first.memberId, 0.88, ['name=', 'pinyin=']],
      [second.memberId, 0.88, ['name=', 'pinyin=']],
      [byMobile.memberId, 0.85, ['mobile=']],
    ]);
    expect(c.applications).toEqual([]);
    expect((await candidates(st.manager, a.id, '?limit=2')).members.map((m) => m.id)).toEqual([first.memberId, second.memberId]);
    await st.manager.post(`/api/v1/applications/${a.id}/reject`, { reason: '测试' });
  });

  it('each candidate carries what the reviewer compares; pending applications are listed apart, never the application itself', async () => {
    const m = await newMember(st, {
      name: '上官燕', gender: 'female', idNumber: nextId('19860606'), mobile: '13612340011', homePhone: '057186002222', address: '杭州市上城区解放路 8 号', subChannel: 'exhibition',
    });
    const other = await applied(st.service, { name: '上官艳', idNumber: nextId('19900909'), mobile: '13612340012', subChannel: 'referral' });
    const a = await applied(st.service, { name: '上官燕', idNumber: nextId('19860606'), homePhone: '0571-86002222' });
    const c = await candidates(st.manager, a.id);
    const member = (await st.manager.get(`/api/v1/members/${m.memberId}`)).body;
    const joinedAt = member.joinedAt ?? member.member?.joinedAt;
    const customerId = member.customerId ?? member.member?.customerId;
    expect(joinedAt).toMatch(/^\d{4}-/);
    expect(c.members).toEqual([{
      kind: 'member', id: m.memberId, number: m.memberNo, name: '上官燕', gender: 'female', birthday: '1986-06-06', mobile: '13612340011',
      homePhone: '057186002222', idNumber: expect.stringMatching(/^3301\*+\d{3}[\dX]$/), address: '杭州市上城区解放路 8 号', status: 'active',
      method: null, channel: 'service_center', subChannel: 'exhibition', at: joinedAt, customerId,
      score: 0.98, reasons: ['homePhone=', 'name=', 'pinyin=', 'birthday='],
    }]);
    expect(c.applications).toMatchObject([{
      kind: 'application', id: other.id, number: other.applicationNo, name: '上官艳', birthday: '1990-09-09', mobile: '13612340012', status: 'pending',
      method: other.method, channel: 'service_center', subChannel: 'referral', at: other.createdAt, customerId: null, reasons: ['name≈0.33', 'pinyin='],
    }]);
    expect(c.applications.some((x) => x.id === a.id)).toBe(false);
    for (const id of [a.id, other.id]) await st.manager.post(`/api/v1/applications/${id}/reject`, { reason: '测试' });
  });

  it('no birthday on either side (passports) is not the same birthday', async () => {
    const m = await newMember(st, { name: '慕容雪', idType: 'passport', idNumber: 'E12345671' });
    const a = await applied(st.service, { name: '慕容雪', idType: 'passport', idNumber: 'E12345672' });
    const c = await candidates(st.manager, a.id);
    expect(c.members.map((x) => [x.id, x.birthday, x.reasons])).toEqual([[m.memberId, null, ['name=', 'pinyin=']]]);
    await st.manager.post(`/api/v1/applications/${a.id}/reject`, { reason: '测试' });
  });

  it('a sales office sees only its own similar members and applications; scope all sees them all', async () => {
    const officeA = await t.userWithRoles('cand_a', ['sales'], { department: '东区案场' });
    const officeB = await t.userWithRoles('cand_b', ['sales'], { department: '西区案场' });
    const sales = (s: Session, body: Record<string, unknown>) => applied(s, { channel: 'sales_office', subChannel: null, ...body });
    const approve = async (id: number) => {
      const r = await st.manager.post(`/api/v1/applications/${id}/approve`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.member.id as number;
    };
    const memberA = await approve((await sales(officeA, { name: '诸葛明', idNumber: nextId('19750505') })).id);
    const memberB = await approve((await sales(officeB, { name: '诸葛明', idNumber: nextId('19760606') })).id);
    const pendingA = await sales(officeA, { name: '诸葛明', idNumber: nextId('19770707') });
    const pendingB = await sales(officeB, { name: '诸葛明', idNumber: nextId('19780808') });
    const a = await sales(officeA, { name: '诸葛明', idNumber: nextId('19790909') });
    const mine = await candidates(officeA, a.id);
    expect(mine.members.map((x) => x.id)).toEqual([memberA]);
    expect(mine.applications.map((x) => x.id)).toEqual([pendingA.id]);
    const all = await candidates(st.manager, a.id);
    expect(all.members.map((x) => x.id)).toEqual([memberA, memberB]);
    expect(all.applications.map((x) => x.id)).toEqual([pendingA.id, pendingB.id]);
  });
});
