// Identifiers as people type them on Chinese keyboards (issue 11, item 8): full-width digits and
// letters, spaces, dashes and +86 / 0086 are normalised before anything is stored or compared, the
// same way through the API, the customer import, membership applications, searches and card look-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember } from '../src/modules/complaints/test-fixtures.ts';
import { startTestApp, type Session, type TestApp } from './helpers/app.ts';
import { apply, newMember, staff, type Staff } from './helpers/membership.ts';
import { residentId, residentIdEndingInX } from './helpers/people.ts';

/** As typed with a full-width input method: ASCII letters, digits and signs → U+FF01…U+FF5E, space → U+3000. */
const fullWidth = (s: string) => [...s].map((c) => (c === ' ' ? '\u3000' : c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

let t: TestApp;
let st: Staff;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  admin = st.admin;
});
afterAll(async () => { await t?.close(); });

const createCustomer = async (body: Record<string, unknown>) => {
  const r = await admin.post('/api/v1/customers', body);
  return r;
};
const customersWhere = async (query: string) => {
  const r = await admin.get(`/api/v1/customers?pageSize=50&${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as { id: number; name: string; mobile: string | null }[]).map((c) => c.id).sort((a, b) => a - b);
};

describe('mobiles', () => {
  let first: number;
  it('a mobile typed in full width with spaces and a dash is stored as its 11 digits', async () => {
    expect(fullWidth('138 0000-1234')).toBe('１３８　００００－１２３４');
    const r = await createCustomer({ name: '王小明', mobile: '１３８ ００００-１２３４' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.mobile).toBe('13800001234');
    first = r.body.id;
    const wide = await createCustomer({ name: '王小红', mobile: fullWidth('138 0000-1235') });
    expect(wide.body.mobile).toBe('13800001235');
  });

  it('+86 and 0086 prefixes, full-width plus and brackets are dropped: the same mobile as 13800001234', async () => {
    const plus = await createCustomer({ name: '王晓明', mobile: '+86 138 0000 1234' });
    expect(plus.status, JSON.stringify(plus.body)).toBe(200);
    expect(plus.body.mobile).toBe('13800001234');
    const wide = await createCustomer({ name: '汪小明', mobile: '（＋８６）１３８－００００－１２３４' });
    expect(wide.body.mobile).toBe('13800001234');
    const zeros = await createCustomer({ name: '王小名', mobile: '0086-13800001234' });
    expect(zeros.body.mobile).toBe('13800001234');
    // found as one and the same mobile, however the search is typed
    const all = [first, plus.body.id, wide.body.id, zeros.body.id].sort((a, b) => a - b);
    expect(await customersWhere('mobile=13800001234')).toEqual(all);
    expect(await customersWhere(`mobile=${encodeURIComponent('+86 １３８ ００００ １２３４')}`)).toEqual(all);
    expect(await customersWhere(`q=${encodeURIComponent('１３８００００１２３４')}`)).toEqual(all);
    // the last digits (尾号) typed in full width
    expect(await customersWhere(`q=${encodeURIComponent('１２３４')}`)).toEqual(expect.arrayContaining(all));
  });

  it('a mobile that is not one is still refused, naming the field', async () => {
    const r = await createCustomer({ name: '错号', mobile: '１３８ ００００' }, );
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toEqual(['mobile']);
  });

  it('a home phone typed in full width keeps its digits; +86 becomes the area code’s 0', async () => {
    const r = await createCustomer({ name: '赵座机', homePhone: '０５７１－８８８８ ０００１' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.homePhone).toBe('057188880001');
    const intl = await createCustomer({ name: '钱座机', homePhone: '+86 571 8888 0002' });
    expect(intl.body.homePhone).toBe('057188880002');
  });
});

describe('ID numbers', () => {
  const id = residentIdEndingInX('19700101');
  let owner: number;
  it('an ID number typed in full width with a lower-case x is the same person as the ASCII one (keyed hash)', async () => {
    const r = await createCustomer({ name: '李雷', idNumber: id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    owner = r.body.id;
    const typed = fullWidth(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14).toLowerCase()}`);
    expect(typed).toMatch(/ｘ$/);
    const again = await createCustomer({ name: '李雷', idNumber: typed });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CUSTOMER_ID_NUMBER_TAKEN');
    expect(await customersWhere(`idNumber=${encodeURIComponent(typed)}`)).toEqual([owner]);
    expect(await customersWhere(`q=${encodeURIComponent(fullWidth(id.toLowerCase()))}`)).toEqual([owner]);
  });

  it('a full-width ID number is valid (check digit and birth date read) and stored like the ASCII one', async () => {
    const other = residentId('19820305', 321);
    const r = await createCustomer({ name: '韩梅梅', idNumber: fullWidth(other) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ birthday: '1982-03-05', idNumberMasked: `${other.slice(0, 4)}**********${other.slice(14)}` });
  });
});

describe('the customer import', () => {
  it('full-width mobiles and ID numbers in a file are duplicates of the ASCII ones already there; +86 is dropped', async () => {
    const id = residentId('19750505', 777);
    const known = await createCustomer({ name: '周导入', idNumber: id });
    expect(known.status).toBe(200);
    const knownMobile = await createCustomer({ name: '吴导入', mobile: '13911112222' });
    expect(knownMobile.status).toBe(200);
    const csv = [
      '姓名,手机,证件号码',
      `周导入,,${fullWidth(id.toLowerCase())}`,
      `吴导入,${fullWidth('139 1111-2222')},`,
      `郑导入,＋８６ １３９ ０５７１ ２２３３,${fullWidth(residentId('19760606', 778))}`,
      `冯导入,0086 139 0571 2233,`,
    ].join('\n');
    const r = await admin.post('/api/v1/customers/import?kind=customers&fileName=typed.csv&wait=60', csv, { 'content-type': 'text/csv' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'done', customersCreated: 1, duplicateRows: 3, errorRows: 0 });
    const issues = (await admin.get(`/api/v1/customers/imports/${r.body.id}/issues?pageSize=50`)).body.items as { row: number; field: string; level: string; key: string }[];
    expect(issues.map((i) => `${i.row}:${i.field}:${i.level}:${i.key}`)).toEqual([
      '2:idNumber:duplicate:import.existingId',
      '3:mobile:duplicate:import.existingMobile',
      '5:mobile:duplicate:import.duplicateMobileInFile',
    ]);
    const zheng = (await admin.get(`/api/v1/customers?name=${encodeURIComponent('郑导入')}`)).body.items;
    expect(zheng).toHaveLength(1);
    expect(zheng[0]).toMatchObject({ mobile: '13905712233', birthday: '1976-06-06' });
  });
});

describe('membership applications and member searches', () => {
  it('an application typed in full width finds the customer with the same ID number and stores the plain mobile', async () => {
    const id = residentId('19880808', 801);
    const c = await createCustomer({ name: '孙申请', idNumber: id, mobile: '13722223333' });
    expect(c.status).toBe(200);
    const a = await apply(st.service, { name: '孙申请', idNumber: fullWidth(id), mobile: '+86 １３７ ２２２２ ３３３３', homePhone: '０２１－５５５５ ６６６６' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.application).toMatchObject({ customerId: c.body.id, mobile: '13722223333', homePhone: '02155556666' });
  });

  it('a new application with a mobile typed in full width has the member with that mobile among its candidates', async () => {
    const m = await newMember(st, { name: '蒋会员', idNumber: residentId('19660606', 802), mobile: '13633334444' });
    const a = await apply(st.service, { name: '蒋惠园', idNumber: residentId('19670707', 803), mobile: fullWidth('136-3333-4444') });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const cands = (await st.manager.get(`/api/v1/applications/${a.body.application.id}/candidates`)).body;
    const hit = cands.members.find((x: { id: number }) => x.id === m.memberId);
    expect(hit, JSON.stringify(cands)).toBeDefined();
    expect(hit.reasons).toContain('mobile=');
    // the member search takes the same typing
    const found = (await st.manager.get(`/api/v1/members?q=${encodeURIComponent(fullWidth('136 3333 4444'))}`)).body.items;
    expect(found.map((x: { id: number }) => x.id)).toEqual([m.memberId]);
    const byMobile = (await st.manager.get(`/api/v1/members?mobile=${encodeURIComponent('+86 136 3333 4444')}`)).body.items;
    expect(byMobile.map((x: { id: number }) => x.id)).toEqual([m.memberId]);
  });
});

describe('card numbers', () => {
  it('a card is found by its number typed in full width, with spaces or dashes: look-up, points, complaints', async () => {
    const m = await makeMember(t, { name: '褚持卡', mobile: '13544445555', cardNo: 'VC20260001' });
    const typed = fullWidth('vc 2026-0001');
    const look = await admin.get(`/api/v1/cards/lookup?cardNo=${encodeURIComponent(typed)}`);
    expect(look.status, JSON.stringify(look.body)).toBe(200);
    expect(look.body).toMatchObject({ memberId: m.id, card: { cardNo: 'VC20260001' } });
    const find = await admin.get(`/api/v1/points/members/find?q=${encodeURIComponent(typed)}`);
    expect(find.status, JSON.stringify(find.body)).toBe(200);
    expect(find.body).toMatchObject({ memberId: m.id, swipedCardNo: 'VC20260001' });
    const members = (await admin.get(`/api/v1/members?q=${encodeURIComponent(typed)}`)).body.items;
    expect(members.map((x: { id: number }) => x.id)).toEqual([m.id]);
    const complaint = await admin.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', content: '刷卡受理', cardNo: typed });
    expect(complaint.status, JSON.stringify(complaint.body)).toBe(200);
    expect(complaint.body).toMatchObject({ memberId: m.id, cardNo: 'VC20260001' });
    const listed = (await admin.get(`/api/v1/complaints?cardNo=${encodeURIComponent(typed)}`)).body.items;
    expect(listed.map((x: { id: number }) => x.id)).toEqual([complaint.body.id]);
  });
});
