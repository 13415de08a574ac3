import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Session, type TestApp } from '../../../test/helpers/app.ts';
import { ensureMainCardType, makeMember, type FixtureMember } from '../complaints/test-fixtures.ts';
import { quarterDays, quarterOf, summarise } from './activity.ts';
import { assertMerchantExists, getMerchant } from './service.ts';

let t: TestApp;
let admin: Session;
let staff: Session;
let vipMember: FixtureMember;
let normalMember: FixtureMember;
let noCard: FixtureMember;
let website: Record<string, string>;

const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

async function merchant(body: Record<string, unknown>) {
  const r = await staff.post('/api/v1/merchants', { name: '商家', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
async function service(merchantId: number, body: Record<string, unknown>) {
  const r = await staff.post(`/api/v1/merchants/${merchantId}/services`, { name: '服务', startsOn: daysFromNow(-30), eligibleLevels: ['vip'], ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn();
  staff = await t.userWithRoles('kefu', ['service']);
  await ensureMainCardType(t, 'normal');
  await ensureMainCardType(t, 'vip');
  vipMember = await makeMember(t, { name: '王贵宾', level: 'vip' });
  normalMember = await makeMember(t, { name: '陈普通', level: 'normal' });
  noCard = await makeMember(t, { name: '无卡', level: null });
  const roles = (await admin.get('/api/v1/roles')).body as { id: number; code: string }[];
  const tok = await admin.post('/api/v1/api-tokens', { name: 'website', roleId: roles.find((r) => r.code === 'integration')!.id });
  website = { authorization: `Bearer ${tok.body.token}` };
});
afterAll(async () => { await t?.close(); });

describe('merchants (商家)', () => {
  it('records a merchant with every SPEC §8 field, audited; the code is unique (409 naming it); bad dates are 400', async () => {
    const m = await merchant({
      code: 'M001', name: '悦榕健身会所', contact: '刘经理', address: '滨江路 88 号', phone1: '0571-88886666', phone2: '13811112222',
      parentCompany: '悦榕集团', type: '健身', importance: 'high', contractEndsOn: '2030-12-31',
    });
    expect(m).toMatchObject({ code: 'M001', phone2: '13811112222', parentCompany: '悦榕集团', importance: 'high', contractEndsOn: '2030-12-31', deletedAt: null });
    const dup = await staff.post('/api/v1/merchants', { code: 'M001', name: '另一家' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].field).toBe('code');
    expect(dup.body.error.message).toBe(`商家编码 M001 已被使用（商家 #${m.id}）`);
    const badDate = await staff.post('/api/v1/merchants', { code: 'M002', name: 'x', contractEndsOn: '2030-02-30' }, { 'accept-language': 'en' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toBe('Invalid request: contract end date (contractEndsOn) must be a valid date, e.g. 2025-03-14');
    const audit = await admin.get(`/api/v1/audit?entityType=merchant&entityId=${m.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'merchant.create' });
    expect((await staff.get('/api/v1/merchants?q=M002')).body.total).toBe(0);
  });

  it('for other modules (co-branded card types): getMerchant by id or code; assertMerchantExists is a 400 naming their field for an unknown or deleted merchant', async () => {
    const m = await merchant({ code: 'COBRAND1', name: '联名银行' });
    await t.db.transaction(async (tx) => {
      expect((await getMerchant(tx, 'COBRAND1')).id).toBe(m.id);
      expect((await assertMerchantExists(tx, m.id, 'coBrandMerchant')).code).toBe('COBRAND1');
      await expect(assertMerchantExists(tx, 'NOPE', 'coBrandMerchant')).rejects.toMatchObject({ status: 400, details: [{ field: 'coBrandMerchant' }] });
    });
    await staff.delete(`/api/v1/merchants/${m.id}`);
    await t.db.transaction(async (tx) => {
      await expect(assertMerchantExists(tx, 'COBRAND1', 'coBrandMerchant')).rejects.toMatchObject({ status: 400, details: [{ field: 'coBrandMerchant', key: 'merchant.deleted' }] });
    });
  });

  it('deletes logically and restores; a deleted merchant is out of lists and takes no new service', async () => {
    const m = await merchant({ code: 'DEL1', name: '即将关闭的花店' });
    expect((await staff.delete(`/api/v1/merchants/${m.id}`)).body.deletedAt).toBeTruthy();
    expect((await staff.get('/api/v1/merchants?q=花店')).body.total).toBe(0);
    expect((await staff.get('/api/v1/merchants?q=花店&deleted=only')).body.items[0].id).toBe(m.id);
    const r = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '插花', startsOn: daysFromNow(0), eligibleLevels: ['vip'] });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('MERCHANT_DELETED');
    expect((await staff.post(`/api/v1/merchants/${m.id}/restore`)).body.deletedAt).toBeNull();
    expect((await staff.get('/api/v1/merchants?q=花店')).body.total).toBe(1);
    expect((await staff.post(`/api/v1/merchants/${m.id}/restore`)).body.error.code).toBe('MERCHANT_NOT_DELETED');
  });

  it('searches by name (fuzzy), code, parent company, type, importance, contract end and by service name', async () => {
    const a = await merchant({ code: 'S-YOGA', name: '静心瑜伽馆', type: '健身', importance: 'normal', contractEndsOn: daysFromNow(20) });
    const b = await merchant({ code: 'S-CAFE', name: 'Blue Bottle Coffee', parentCompany: '蓝瓶咖啡（中国）', type: '餐饮', importance: 'low' });
    await service(a.id, { name: '会员专享瑜伽体验课' });
    await service(b.id, { name: 'Free pour-over tasting' });
    const codes = async (q: string) => (await staff.get(`/api/v1/merchants?pageSize=100&${q}`)).body.items.map((m: { code: string }) => m.code);
    expect(await codes(`q=${encodeURIComponent('瑜伽')}`)).toEqual(['S-YOGA']);
    expect(await codes(`q=${encodeURIComponent('静心瑜')}`)).toEqual(['S-YOGA']);
    expect(await codes('q=coffe')).toEqual(['S-CAFE']);
    expect(await codes('q=s-cafe')).toEqual(['S-CAFE']);
    expect(await codes(`q=${encodeURIComponent('蓝瓶')}`)).toEqual(['S-CAFE']);
    expect(await codes(`type=${encodeURIComponent('餐饮')}`)).toEqual(['S-CAFE']);
    expect(await codes(`contractEndsBy=${daysFromNow(30)}`)).toEqual(['S-YOGA']);
    expect(await codes(`service=${encodeURIComponent('瑜伽课')}`)).toEqual(['S-YOGA']);
    expect(await codes('service=tasting')).toEqual(['S-CAFE']);
    expect((await staff.get('/api/v1/merchants/types')).body).toEqual(expect.arrayContaining(['健身', '餐饮']));
  });
});

describe('services (商家服务)', () => {
  let m: { id: number };
  beforeAll(async () => { m = await merchant({ code: 'SVC', name: '海景酒店' }); });

  it('refuses a negative discount, an unknown level, an end before the start, no level — naming the field, changing nothing', async () => {
    const before = (await staff.get(`/api/v1/merchant-services?merchantId=${m.id}`)).body.total;
    const neg = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '住房折扣', startsOn: '2025-01-01', eligibleLevels: ['vip'], discountPercent: -5 });
    expect(neg.status).toBe(400);
    expect(neg.body.error.details).toEqual([{ field: 'discountPercent', issue: '折扣应在 0 到 100（%）之间，如 15 表示八五折' }]);
    expect(neg.body.error.message).toBe('请求有误：折扣（%）（discountPercent）：折扣应在 0 到 100（%）之间，如 15 表示八五折');
    const over = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '住房折扣', startsOn: '2025-01-01', eligibleLevels: ['vip'], discountPercent: 120 }, { 'accept-language': 'en' });
    expect(over.body.error.message).toBe('Invalid request: discount (%) (discountPercent) must be between 0 and 100 (%), e.g. 15 for 15% off');
    const level = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '住房折扣', startsOn: '2025-01-01', eligibleLevels: ['vip', 'diamond'] });
    expect(level.body.error.details).toEqual([{ field: 'eligibleLevels.1', issue: '不是有效的主卡类型（会员等级）：diamond' }]);
    const sub = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '住房折扣', startsOn: '2025-01-01', eligibleLevels: ['discount'] });
    expect(sub.body.error.details[0].field).toBe('eligibleLevels.0');
    const ends = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '住房折扣', startsOn: '2025-06-01', endsOn: '2025-05-31', eligibleLevels: ['vip'] });
    expect(ends.body.error.details[0]).toEqual({ field: 'endsOn', issue: '结束日期不能早于开始日期 2025-06-01' });
    const none = await staff.post(`/api/v1/merchants/${m.id}/services`, { name: '住房折扣', startsOn: '2025-06-01', eligibleLevels: [] });
    expect(none.body.error.details[0].field).toBe('eligibleLevels');
    const s = await service(m.id, { name: '住房折扣', discountPercent: 15, discountNote: '八五折' });
    const badEdit = await staff.patch(`/api/v1/merchant-services/${s.id}`, { discountPercent: -1 });
    expect(badEdit.status).toBe(400);
    expect((await staff.get(`/api/v1/merchant-services/${s.id}`)).body.discountPercent).toBe(15);
    expect((await staff.get(`/api/v1/merchant-services?merchantId=${m.id}`)).body.total).toBe(before + 1);
  });

  it('searches services by fuzzy name, merchant, level and whether they run today', async () => {
    const x = await merchant({ code: 'SPA', name: '云端水疗中心' });
    const cur = await service(x.id, { name: '精油按摩体验', eligibleLevels: ['vip', 'normal'] });
    const past = await service(x.id, { name: '温泉浴票', startsOn: '2020-01-01', endsOn: '2020-12-31' });
    const ids = async (q: string) => (await staff.get(`/api/v1/merchant-services?pageSize=100&${q}`)).body.items.map((s: { id: number }) => s.id);
    expect(await ids(`name=${encodeURIComponent('按摩')}`)).toEqual([cur.id]);
    expect(await ids(`name=${encodeURIComponent('精油体验')}`)).toEqual([cur.id]);
    expect(await ids(`merchant=${encodeURIComponent('水疗')}`)).toEqual([past.id, cur.id]);
    expect(await ids(`merchantId=${x.id}&status=current`)).toEqual([cur.id]);
    expect(await ids(`merchantId=${x.id}&level=normal`)).toEqual([cur.id]);
    const list = (await staff.get(`/api/v1/merchant-services?merchantId=${x.id}`)).body.items;
    expect(list.find((s: { id: number }) => s.id === past.id).current).toBe(false);
  });

  it('offers the main card types as levels, lowest first', async () => {
    const levels = (await staff.get('/api/v1/merchants/levels')).body;
    expect(levels.map((l: { code: string }) => l.code).slice(0, 2)).toEqual(['normal', 'vip']);
    expect(levels[1]).toMatchObject({ code: 'vip', labelZh: 'VIP卡', labelEn: 'VIP card' });
  });

  it('a level used by a live service cannot be deleted from the dictionary', async () => {
    const gold = await admin.post('/api/v1/dictionaries', { kind: 'card_type', code: 'gold', labelZh: '金卡', labelEn: 'Gold card' });
    await ensureMainCardType(t, 'gold');
    await service(m.id, { name: '金卡专享', eligibleLevels: ['gold'] });
    const del = await admin.delete(`/api/v1/dictionaries/${gold.body.id}`);
    expect(del.status).toBe(422);
    expect(del.body.error.code).toBe('DICTIONARY_VALUE_IN_USE');
  });
});

describe('eligibility by level (participation and the website)', () => {
  let vipOnly: { id: number }, everyone: { id: number }, expired: { id: number }, future: { id: number }, suspended: { id: number };
  let gone: { id: number };
  beforeAll(async () => {
    const m = await merchant({ code: 'ELIG', name: '星河影城', address: '星河路 1 号', phone1: '0571-11112222', type: '娱乐' });
    vipOnly = await service(m.id, { name: 'VIP 观影厅免费升舱', eligibleLevels: ['vip'], discountPercent: 100 });
    everyone = await service(m.id, { name: '会员购票九折', eligibleLevels: ['normal', 'vip'], discountPercent: 10, discountNote: '九折' });
    expired = await service(m.id, { name: '去年的活动', startsOn: '2020-01-01', endsOn: daysFromNow(-2), eligibleLevels: ['normal', 'vip'] });
    future = await service(m.id, { name: '明年的活动', startsOn: daysFromNow(30), eligibleLevels: ['normal', 'vip'] });
    suspended = await service(m.id, { name: '暂停的服务', eligibleLevels: ['normal', 'vip'], active: false });
    const other = await merchant({ code: 'GONE', name: '已关门的餐厅' });
    gone = await service(other.id, { name: '免费甜品', eligibleLevels: ['normal', 'vip'] });
    await staff.delete(`/api/v1/merchants/${other.id}`);
  });

  it('records participation for an eligible member; refuses another level, no card, out of period, suspended — nothing written', async () => {
    const ok = await staff.post(`/api/v1/merchant-services/${vipOnly.id}/participations`, { cardNo: vipMember.cardNo, note: '周末观影', rating: 2 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ memberId: vipMember.id, memberNo: vipMember.memberNo, level: 'vip', rating: 2 });
    const wrong = await staff.post(`/api/v1/merchant-services/${vipOnly.id}/participations`, { memberId: normalMember.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'MERCHANT_LEVEL_NOT_ELIGIBLE' });
    expect(wrong.body.error.message).toBe(`会员 ${normalMember.memberNo} 的等级（normal）不能使用服务“VIP 观影厅免费升舱”（适用等级：vip）`);
    const nocard = await staff.post(`/api/v1/merchant-services/${everyone.id}/participations`, { memberNo: noCard.memberNo }, { 'accept-language': 'en' });
    expect(nocard.body.error.message).toBe(`Member ${noCard.memberNo} (level no active main card) may not use service "会员购票九折" (open to: normal, vip)`);
    const old = await staff.post(`/api/v1/merchant-services/${expired.id}/participations`, { memberId: normalMember.id });
    expect(old.body.error.code).toBe('MERCHANT_SERVICE_OUT_OF_PERIOD');
    const backdated = await staff.post(`/api/v1/merchant-services/${expired.id}/participations`, { memberId: normalMember.id, participatedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(), rating: -1 });
    expect(backdated.status).toBe(200);
    expect((await staff.post(`/api/v1/merchant-services/${suspended.id}/participations`, { memberId: normalMember.id })).body.error.code).toBe('MERCHANT_SERVICE_INACTIVE');
    expect((await staff.post(`/api/v1/merchant-services/${gone.id}/participations`, { memberId: normalMember.id })).body.error.code).toBe('MERCHANT_SERVICE_INACTIVE');
    const unknown = await staff.post(`/api/v1/merchant-services/${everyone.id}/participations`, { memberNo: 'M-NOPE' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toEqual({ field: 'memberNo', issue: '没有这个会员：M-NOPE' });
    const badRating = await staff.post(`/api/v1/merchant-services/${everyone.id}/participations`, { memberId: normalMember.id, rating: 3 });
    expect(badRating.body.error.details[0].field).toBe('rating');
    const list = await staff.get(`/api/v1/merchant-participations?serviceId=${vipOnly.id}`);
    expect(list.body.items.map((p: { memberName: string }) => p.memberName)).toEqual(['王贵宾']);
    expect((await staff.get(`/api/v1/merchant-participations?memberId=${normalMember.id}`)).body.total).toBe(1);
  });

  it('the website lists, for a member, only active services in period whose levels include theirs', async () => {
    const vip = await t.anonymous.get(`/api/v1/website/members/${vipMember.memberNo}/merchant-services`, website);
    expect(vip.status).toBe(200);
    expect(vip.body.level).toBe('vip');
    const vipIds = vip.body.items.map((s: { serviceId: number }) => s.serviceId);
    expect(vipIds).toEqual(expect.arrayContaining([vipOnly.id, everyone.id]));
    for (const hidden of [expired.id, future.id, suspended.id, gone.id]) expect(vipIds).not.toContain(hidden);
    const nine = vip.body.items.find((s: { serviceId: number }) => s.serviceId === everyone.id);
    expect(nine).toMatchObject({ discountPercent: 10, discountNote: '九折', merchant: { code: 'ELIG', name: '星河影城', address: '星河路 1 号', phone1: '0571-11112222' } });

    const normal = await t.anonymous.get(`/api/v1/website/members/${normalMember.memberNo}/merchant-services`, website);
    const normalIds = normal.body.items.map((s: { serviceId: number }) => s.serviceId);
    expect(normalIds).toContain(everyone.id);
    expect(normalIds).not.toContain(vipOnly.id);
    expect(normalIds).not.toContain(expired.id);

    expect((await t.anonymous.get(`/api/v1/website/members/${noCard.memberNo}/merchant-services`, website)).body).toEqual({ memberNo: noCard.memberNo, level: null, items: [] });
    const missing = await t.anonymous.get('/api/v1/website/members/M-NOPE/merchant-services', website);
    expect(missing.status).toBe(404);
    expect((await staff.get(`/api/v1/website/members/${vipMember.memberNo}/merchant-services`)).status).toBe(403);
    expect((await t.anonymous.get(`/api/v1/website/members/${vipMember.memberNo}/merchant-services`)).status).toBe(401);
  });
});

describe('quarterly feedback and ratings (褒贬度)', () => {
  it('records one feedback per quarter (correctable), refuses quarters outside the period; ratings aggregate per service and merchant', async () => {
    const m = await merchant({ code: 'RATE', name: '书香书店' });
    const s = await service(m.id, { name: '会员购书八折', startsOn: '2024-01-01', endsOn: '2030-12-31', eligibleLevels: ['normal', 'vip'] });
    const q1 = await staff.post(`/api/v1/merchant-services/${s.id}/feedback`, { quarter: '2024-Q1', feedback: '参与踊跃', participationCount: 35, rating: 1 });
    expect(q1.status).toBe(200);
    const fixed = await staff.post(`/api/v1/merchant-services/${s.id}/feedback`, { quarter: '2024-Q1', feedback: '参与踊跃，会员好评', participationCount: 38, rating: 2 });
    expect(fixed.body).toMatchObject({ id: q1.body.id, participationCount: 38, rating: 2 });
    const outside = await staff.post(`/api/v1/merchant-services/${s.id}/feedback`, { quarter: '2023-Q4', feedback: 'x', participationCount: 1 });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0]).toEqual({ field: 'quarter', issue: '2023-Q4 不在服务期内（2024-01-01 至 2030-12-31）' });
    const badQuarter = await staff.post(`/api/v1/merchant-services/${s.id}/feedback`, { quarter: '2024-Q5', feedback: 'x', participationCount: 1 });
    expect(badQuarter.body.error.details[0].field).toBe('quarter');
    const negative = await staff.post(`/api/v1/merchant-services/${s.id}/feedback`, { quarter: '2024-Q2', feedback: 'x', participationCount: -3 });
    expect(negative.body.error.details[0].field).toBe('participationCount');

    const p1 = await staff.post(`/api/v1/merchant-services/${s.id}/participations`, { memberId: vipMember.id, rating: 1 });
    await staff.post(`/api/v1/merchant-services/${s.id}/participations`, { memberId: normalMember.id, rating: -2 });
    const p3 = await staff.post(`/api/v1/merchant-services/${s.id}/participations`, { memberId: normalMember.id });
    expect((await staff.patch(`/api/v1/merchant-participations/${p3.body.id}`, { rating: 0 })).body.rating).toBe(0);
    const mistaken = await staff.post(`/api/v1/merchant-services/${s.id}/participations`, { memberId: vipMember.id, rating: -2 });
    expect((await staff.delete(`/api/v1/merchant-participations/${mistaken.body.id}`)).status).toBe(200);

    const page = (await staff.get(`/api/v1/merchant-services/${s.id}`)).body;
    // feedback 2 (2024-Q1) + participations 1, −2, 0 → 4 ratings, mean 0.25 → 0.3
    expect(page.rating).toEqual({ count: 4, average: 0.3, positive: 2, neutral: 1, negative: 1, distribution: { '-2': 1, '-1': 0, '0': 1, '1': 1, '2': 1 } });
    expect(page.participationCount).toBe(3);
    const thisQuarter = page.quarters.find((q: { quarter: string }) => q.quarter !== '2024-Q1');
    expect(thisQuarter).toMatchObject({ feedback: null, recordedParticipations: 3 });
    expect(page.quarters.find((q: { quarter: string }) => q.quarter === '2024-Q1')).toMatchObject({ feedback: { participationCount: 38, rating: 2 }, recordedParticipations: 0 });

    const mp = (await staff.get(`/api/v1/merchants/${m.id}`)).body;
    expect(mp.rating.count).toBe(4);
    expect(mp.participationCount).toBe(3);
    expect(mp.services[0]).toMatchObject({ id: s.id, current: true, participationCount: 3 });
    const audit = await admin.get(`/api/v1/audit?entityType=merchant_service&entityId=${s.id}&pageSize=50`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['merchant.feedback.create', 'merchant.feedback.update', 'merchant.participation.create']));
    expect(p1.body.level).toBe('vip');
  });

  it('quarter helpers and the rating summary', () => {
    expect(quarterDays('2024-Q1')).toEqual({ first: '2024-01-01', last: '2024-03-31' });
    expect(quarterDays('2024-Q4')).toEqual({ first: '2024-10-01', last: '2024-12-31' });
    expect(quarterOf('2025-06-30')).toBe('2025-Q2');
    expect(summarise([])).toMatchObject({ count: 0, average: null });
    expect(summarise([{ rating: 2, n: 3 }, { rating: -1, n: 1 }])).toMatchObject({ count: 4, average: 1.3, positive: 3, negative: 1 });
  });

  it('needs merchant.manage', async () => {
    const sales = await t.userWithRoles('sales2', ['sales']);
    expect((await sales.get('/api/v1/merchants')).status).toBe(403);
    expect((await sales.post('/api/v1/merchants', { code: 'X', name: 'x' })).status).toBe(403);
  });
});
