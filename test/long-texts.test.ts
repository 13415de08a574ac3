// Long texts (issue 11, item 7): a written complaint or a legal letter can be many pages. Free prose
// (complaint content, step opinions, notes, reasons) takes 100 000 characters — stored, read back
// intact and searched — while names and codes keep their short limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longTextMax } from '../src/http/schemas.ts';
import { longTextMax as consoleLongTextMax } from '../web/src/limits.ts';
import { startTestApp, type Session, type TestApp } from './helpers/app.ts';
import { apply, staff, type Staff } from './helpers/membership.ts';
import { residentId } from './helpers/people.ts';

let t: TestApp;
let st: Staff;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  st = await staff(t);
  admin = st.admin;
});
afterAll(async () => { await t?.close(); });

/** A letter of exactly `length` characters, Chinese with some Latin, ending with `tail`. */
function letter(length: number, tail = ''): string {
  const page = '尊敬的物业服务中心：我家卫生间天花板持续漏水，墙面发霉起皮，多次报修仍未解决，影响正常居住。Page of the letter. ';
  let body = '';
  while (body.length < length - tail.length) body += page;
  return (body.slice(0, length - tail.length).trimEnd().padEnd(length - tail.length, '。') + tail);
}

const fieldsOf = (r: { body: { error?: { details: { field: string }[] } } }) => r.body.error?.details.map((d) => d.field);

it('the console allows what the API allows', () => {
  expect(longTextMax).toBe(100_000);
  expect(consoleLongTextMax).toBe(longTextMax);
});

describe('a complaint of many pages', () => {
  const tail = '随函附上律师函件一份，请于十五日内书面答复。';
  const content = letter(100_000, tail);
  let id: number;

  it('100 000 characters are stored and read back intact', async () => {
    expect(content).toHaveLength(100_000);
    const r = await admin.post('/api/v1/complaints', { channel: 'written', type: 'house_quality', complainantName: '王律师', content });
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    id = r.body.id;
    const back = await admin.get(`/api/v1/complaints/${id}`);
    expect(back.status).toBe(200);
    expect(back.body.content).toHaveLength(100_000);
    expect(back.body.content === content).toBe(true);
  });

  it('is found by a word near its end, and only it', async () => {
    const other = await admin.post('/api/v1/complaints', { channel: 'phone', type: 'house_quality', complainantName: '李四', content: '楼道灯不亮' });
    expect(other.status).toBe(200);
    const hits = (await admin.get(`/api/v1/complaints?content=${encodeURIComponent('律师函件')}`)).body.items as { id: number }[];
    expect(hits.map((h) => h.id)).toEqual([id]);
    const latin = (await admin.get(`/api/v1/complaints?content=${encodeURIComponent('letter')}`)).body.items as { id: number }[];
    expect(latin.map((h) => h.id)).toEqual([id]);
  });

  it('a step opinion and a closing note take a letter as long', async () => {
    const me = (await admin.get('/api/v1/complaints/staff?search=admin')).body[0];
    const opinion = letter(100_000, '工程部意见完毕。');
    const step = await admin.post(`/api/v1/complaints/${id}/steps`, { handlerId: me.id, opinion });
    expect(step.status, JSON.stringify(step.body).slice(0, 500)).toBe(200);
    const fin = await admin.post(`/api/v1/complaints/${id}/steps/${step.body.id}/finish`, { note: letter(100_000) });
    expect(fin.status).toBe(200);
    const closed = await admin.post(`/api/v1/complaints/${id}/close`, { note: letter(100_000, '结案。') });
    expect(closed.status).toBe(200);
    const back = (await admin.get(`/api/v1/complaints/${id}`)).body;
    expect(back.steps[0].opinion === opinion).toBe(true);
    expect(back.closeNote).toHaveLength(100_000);
  });

  it('100 001 characters are refused naming the field, and nothing is stored', async () => {
    const before = (await admin.get('/api/v1/complaints?pageSize=1')).body.total;
    const r = await admin.post('/api/v1/complaints', { channel: 'written', type: 'house_quality', complainantName: '王律师', content: letter(100_001) });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(['content']);
    const en = await admin.post('/api/v1/complaints', { channel: 'written', type: 'house_quality', complainantName: '王律师', content: letter(100_001) }, { 'accept-language': 'en' });
    expect(en.body.error.message).toContain('content');
    expect((await admin.get('/api/v1/complaints?pageSize=1')).body.total).toBe(before);
  });

  it('a name over its limit is still refused', async () => {
    const r = await admin.post('/api/v1/complaints', { channel: 'written', type: 'house_quality', complainantName: '王'.repeat(61), content: '短' });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(['complainantName']);
  });
});

describe('notes of customers and applications', () => {
  it('a customer note of 100 000 characters is kept; a name of 65 characters is refused', async () => {
    const note = letter(100_000, '备注完。');
    const r = await admin.post('/api/v1/customers', { name: '赵长文', note });
    expect(r.status).toBe(200);
    expect((await admin.get(`/api/v1/customers/${r.body.id}`)).body.customer.note === note).toBe(true);
    const tooLong = await admin.post('/api/v1/customers', { name: '赵长文', note: letter(100_001) });
    expect(fieldsOf(tooLong)).toEqual(['note']);
    const badName = await admin.post('/api/v1/customers', { name: '赵'.repeat(65) });
    expect(badName.status).toBe(400);
    expect(fieldsOf(badName)).toEqual(['name']);
  });

  it('the customer import takes a long note and still refuses a long name', async () => {
    const note = letter(5_000, '导入备注完。');
    const csv = ['姓名,手机,备注', `钱长注,13955556666,${note}`, `${'孙'.repeat(65)},13955556667,短`].join('\n');
    const r = await admin.post('/api/v1/customers/import?kind=customers&fileName=notes.csv&wait=60', csv, { 'content-type': 'text/csv' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'done', customersCreated: 1, errorRows: 1 });
    const issues = (await admin.get(`/api/v1/customers/imports/${r.body.id}/issues`)).body.items as { row: number; field: string }[];
    expect(issues.map((i) => `${i.row}:${i.field}`)).toEqual(['3:name']);
    const c = (await admin.get('/api/v1/customers?mobile=13955556666')).body.items[0];
    expect(c.note === note).toBe(true);
  });

  it('an application note of 100 000 characters is kept', async () => {
    const note = letter(100_000, '申请说明完。');
    const a = await apply(st.service, { name: '周长信', idNumber: residentId('19900909', 901), note });
    expect(a.status, JSON.stringify(a.body).slice(0, 300)).toBe(200);
    expect(a.body.application.note === note).toBe(true);
  });
});
