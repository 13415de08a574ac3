// `clubcrm demo-data`, part two: two years of club life on top of the demo staff and customers —
// members joining at every level, cards (some upgraded, some with sub cards, one lost), points
// earned at activities over the years (some already expired, some expiring soon), redemptions
// (delivered, cancelled, waiting), activities with participants, costs and notices, care (done and
// to do), complaints in every state, partner merchants with rated services, leave requests.
//
// Everything goes through the modules' service functions, one business action per transaction,
// so every rule, audit line and ledger invariant holds. History is dated where the services take
// a time: complaints, merchants and participations take theirs; activity participation takes the
// service's clock (its points are earned that day); approvals take `at` (the joining day). What
// has no time of its own (cards, redemptions, care) happens today. At the end the jobs that keep
// figures run: points expiry (lots older than the demo's 12 months of validity) and the summary.
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../http/errors.ts';
import '../http/routes.ts'; // every module, with its jobs and points sources
import { runJobNow } from '../jobs/scheduler.ts';
import { addCost } from '../modules/activities/costs.ts';
import { notifyMembers } from '../modules/activities/notices.ts';
import { recordParticipant } from '../modules/activities/participants.ts';
import { approveActivity, closeActivity, createActivity, rejectActivity } from '../modules/activities/service.ts';
import { systemActor, type Actor } from '../modules/auth/actor.ts';
import { issueCard, memberLevels, memberCards, replaceCard, reportLoss } from '../modules/cards/service.ts';
import { createCareAction, listCareMembers, recordCareResults } from '../modules/care/service.ts';
import { addStep, closeComplaint, finishStep, grantGoodwill, receiveComplaint } from '../modules/complaints/service.ts';
import { listApplications, submitApplication, type ApplicationQuery } from '../modules/membership/applications.ts';
import { membershipEnv, companyDate, type MembershipEnv } from '../modules/membership/env.ts';
import { approveLeave, rejectLeave, requestLeave } from '../modules/membership/leave.ts';
import { listMembers, type MemberQuery } from '../modules/membership/members.ts';
import { approveApplication } from '../modules/membership/review.ts';
import { quarterOf, recordFeedback, recordParticipation } from '../modules/merchants/activity.ts';
import { createMerchant, createService } from '../modules/merchants/service.ts';
import { balanceOf } from '../modules/points/ledger.ts';
import { cancelRedemption, createPlan, deliverRedemption, redeemPlan } from '../modules/points/redemption.ts';
import { updateSettings } from '../modules/points/rules.ts';
import type { Crypto } from '../pii.ts';
import { pick, randomInt, seededRng, type DemoPerson, type Rng } from './demo-people.ts';

const DAY = 86_400_000;
/** How far back the club's history goes. */
const HISTORY_DAYS = 730;

export interface DemoStaffRef { id: number; login: string; department: string; roles: string[] }

export interface DemoClubResult {
  /** why nothing was loaded (the club has members already), or null */
  skipped: string | null;
  members: number;
  levels: Record<string, number>;
  upgraded: number;
  subCards: number;
  activities: number;
  participants: number;
  redemptions: { delivered: number; cancelled: number; waiting: number };
  care: { actions: number; done: number; toDo: number };
  complaints: Record<'pending' | 'processing' | 'done', number>;
  merchants: number;
  services: number;
  serviceUses: number;
  leaveRequests: number;
  jobs: Record<string, unknown>;
}

interface Joined { id: number; memberNo: string; cardNo: string; joinedAt: Date }

const merchantsData = [
  { code: 'SJ001', name: '湖畔咖啡', type: '餐饮', services: [{ name: '会员咖啡 8 折', discount: 80, levels: ['normal', 'vip'] }] },
  { code: 'SJ002', name: '悦动健身中心', type: '健身', services: [{ name: '免费体验课', discount: null, levels: ['normal', 'vip'] }, { name: '年卡 85 折', discount: 85, levels: ['vip'] }] },
  { code: 'SJ003', name: '安居家政服务', type: '家政', services: [{ name: '新房开荒保洁 9 折', discount: 90, levels: ['normal', 'vip'] }] },
  { code: 'SJ004', name: '西湖眼科诊所', type: '医疗', services: [{ name: '年度免费视力检查', discount: null, levels: ['vip'] }] },
  { code: 'SJ005', name: '绿城园艺', type: '园艺', services: [{ name: '阳台花园设计', discount: 88, levels: ['normal', 'vip'] }] },
  { code: 'SJ006', name: '钱塘少儿美术', type: '教育', services: [{ name: '亲子美术体验课', discount: null, levels: ['normal', 'vip'] }] },
] as const;

const activityKinds = [
  { type: 'salon', names: ['家居收纳沙龙', '理财讲座', '茶艺沙龙', '健康养生讲座', '插花沙龙'], place: '会所多功能厅' },
  { type: 'gathering', names: ['业主中秋联谊会', '新春团拜会', '邻里家宴', '亲子运动会'], place: '中央花园' },
  { type: 'onsite', names: ['样板间开放日', '工地开放日', '交房验房指导', '园林导赏'], place: '售楼处' },
  { type: 'other', names: ['公益植树', '社区读书会'], place: '社区活动中心' },
] as const;

const complaintTexts: Record<string, string[]> = {
  house_quality: ['卫生间地漏返味，维修两次仍未解决', '客厅墙面出现裂缝，要求上门查看', '窗户密封条老化，下雨天渗水'],
  property_management: ['小区门禁经常失灵', '地下车库照明不足，晚上不安全', '垃圾清运不及时，楼道有异味'],
  sales_service: ['置业顾问承诺的车位优惠未兑现', '交房时间比合同晚了两个月，无人解释', '售楼处电话长时间无人接听'],
  non_service: ['会员积分到账慢，希望说明规则', '活动报名名额太少，希望增加场次'],
};

const plans = [
  { item: '电影票两张', pointsCost: 300, stockTotal: 200, eligibleLevels: [] as string[] },
  { item: '超市购物卡 100 元', pointsCost: 1000, stockTotal: 100, eligibleLevels: [] as string[] },
  { item: '物业费抵扣券 200 元', pointsCost: 1800, stockTotal: null, eligibleLevels: [] as string[] },
  { item: '家电深度清洗一次', pointsCost: 2500, stockTotal: 50, eligibleLevels: ['vip'] },
  { item: '亲子农场一日游', pointsCost: 4000, stockTotal: 20, eligibleLevels: ['vip'] },
];

/**
 * Loads the club's two years into a database that has the demo customers and staff and no
 * members yet; a club with members is left alone (the result says why).
 */
export async function loadDemoClub(db: Db, config: Config, pii: Crypto, opts: { people: DemoPerson[]; staff: DemoStaffRef[]; seed: number; now?: Date }): Promise<DemoClubResult> {
  const result: DemoClubResult = {
    skipped: null, members: 0, levels: {}, upgraded: 0, subCards: 0, activities: 0, participants: 0,
    redemptions: { delivered: 0, cancelled: 0, waiting: 0 }, care: { actions: 0, done: 0, toDo: 0 },
    complaints: { pending: 0, processing: 0, done: 0 }, merchants: 0, services: 0, serviceUses: 0, leaveRequests: 0, jobs: {},
  };
  const actor = systemActor('demo-data');
  const env = membershipEnv(config, pii);
  const { total } = await db.transaction((tx) => listMembers(tx, actor, env, { page: 1, pageSize: 1 } as MemberQuery));
  if (total > 0) {
    result.skipped = `the club already has ${total} members: its two years of history are loaded only into a club without members (a fresh database)`;
    return result;
  }
  const now = opts.now ?? new Date();
  const rng = seededRng(opts.seed + 2);
  const tz = config.timeZone;
  const daysAgo = (d: number, hour = 10) => new Date(now.getTime() - d * DAY + (hour - 12) * 3_600_000);
  const tx1 = <T>(fn: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<T>) => db.transaction(fn);
  const service = opts.staff.filter((s) => s.department === '客服中心');

  // The club's rule: points are valid 12 months, members reminded 30 days before.
  await tx1((tx) => updateSettings(tx, actor, { expiryMode: 'months', expiryMonths: 12, reminderDays: 30 }));

  // ---------- members: applications over two years, approved on their day, a card each ----------
  const joined = await joinMembers(db, actor, env, opts.people, rng, daysAgo);
  result.members = joined.length;

  // ---------- cards: upgrades to VIP, sub cards, a lost card ----------
  let cardSeq = 0;
  const newCardNo = (prefix: string) => `${prefix}${String(opts.seed % 1000).padStart(3, '0')}${String(++cardSeq).padStart(6, '0')}`;
  for (const m of joined) {
    const roll = rng();
    if (roll < 0.22) {
      await tx1(async (tx) => {
        const main = (await memberCards(tx, m.id)).cards.find((c) => c.kind === 'main' && c.status === 'active');
        if (!main || main.typeCode !== 'normal') return;
        await replaceCard(tx, actor, main.id, { newCardNo: newCardNo('V'), typeCode: 'vip', note: '积分达标升级' }, 'upgrade');
        result.upgraded++;
      });
    } else if (roll < 0.36) {
      await tx1(async (tx) => issueCard(tx, actor, { memberId: m.id, cardNo: newCardNo('S'), typeCode: rng() < 0.5 ? 'discount' : 'co_brand' }));
      result.subCards++;
    } else if (roll < 0.38) {
      await tx1(async (tx) => {
        const main = (await memberCards(tx, m.id)).cards.find((c) => c.kind === 'main' && c.status === 'active');
        if (main) await reportLoss(tx, actor, main.id, { newCardNo: newCardNo('L'), note: '会员来电挂失' });
      });
    }
  }

  // ---------- activities: about two a month, participants recorded on the day (their points earned then) ----------
  const activityIds: number[] = [];
  for (let d = HISTORY_DAYS - 20; d > 3; d -= randomInt(rng, 10, 20)) {
    const kind = pick(rng, activityKinds);
    const day = companyDate(tz, daysAgo(d));
    const eligible = joined.filter((m) => m.joinedAt.getTime() < daysAgo(d).getTime());
    if (eligible.length < 3) continue;
    const points = pick(rng, [50, 100, 100, 150, 200, 300]);
    const id = await tx1(async (tx) => {
      const a = await createActivity(tx, actor, {
        name: `${pick(rng, kind.names)}（${day.slice(0, 7)}）`, type: kind.type, startsOn: day, endsOn: day, pointsPerParticipant: points,
        place: kind.place, expectedHeadcount: randomInt(rng, 10, 40), planText: '会员专享，凭会员卡入场。', budgetFen: randomInt(rng, 20, 120) * 100_000,
      });
      await approveActivity(tx, actor, a.id, '同意');
      return a.id;
    });
    const chosen = sample(rng, eligible, randomInt(rng, 3, Math.min(18, eligible.length)));
    await tx1(async (tx) => {
      for (const m of chosen) {
        await recordParticipant(tx, actor, id, { memberId: m.id }, { timeZone: tz, now: new Date(daysAgo(d, 15).getTime() + randomInt(rng, 0, 90) * 60_000) });
      }
      await addCost(tx, actor, id, { basis: 'per_participant', item: '茶歇与伴手礼', costFen: randomInt(rng, 30, 150) * 100 });
      await addCost(tx, actor, id, { basis: 'shared', item: '场地布置', costFen: randomInt(rng, 8, 60) * 100_00 });
      if (rng() < 0.3) await notifyMembers(tx, actor, id, { audience: 'participants', channels: ['sms'], body: '感谢您参加本次活动，欢迎下次再来！' }, tz);
      await closeActivity(tx, actor, id);
    });
    activityIds.push(id);
    result.participants += chosen.length;
  }
  // coming up: one approved (open for recording), one waiting for approval, one turned down
  const soon = (d: number) => companyDate(tz, new Date(now.getTime() + d * DAY));
  await tx1(async (tx) => {
    const open = await createActivity(tx, actor, { name: '业主篮球友谊赛', type: 'gathering', startsOn: soon(0), endsOn: soon(7), pointsPerParticipant: 100, place: '社区篮球场', expectedHeadcount: 30, budgetFen: 500_000 });
    await approveActivity(tx, actor, open.id, null);
    await createActivity(tx, actor, { name: '年终答谢晚宴', type: 'gathering', startsOn: soon(20), endsOn: soon(20), pointsPerParticipant: 200, place: '酒店宴会厅', expectedHeadcount: 120, budgetFen: 8_000_000 });
    const no = await createActivity(tx, actor, { name: '海外游学说明会', type: 'salon', startsOn: soon(10), endsOn: soon(10), pointsPerParticipant: 50, place: '会所', expectedHeadcount: 20 });
    await rejectActivity(tx, actor, no.id, '与会员需求不符');
  });
  result.activities = activityIds.length + 3;

  // ---------- merchants and their services, used and rated by members ----------
  for (const md of merchantsData) {
    const since = daysAgo(randomInt(rng, 600, HISTORY_DAYS));
    const merchant = await tx1((tx) => createMerchant(tx, actor, {
      code: md.code, name: md.name, type: md.type, contact: pick(rng, ['王经理', '李店长', '陈女士', '周先生']), phone1: `0571${randomInt(rng, 80000000, 89999999)}`,
      address: `杭州市${pick(rng, ['西湖区', '滨江区', '上城区', '拱墅区'])}${pick(rng, ['文三路', '江南大道', '庆春路', '莫干山路'])}${randomInt(rng, 1, 300)}号`,
      importance: pick(rng, ['high', 'normal', 'low'] as const), contractEndsOn: companyDate(tz, new Date(now.getTime() + randomInt(rng, -30, 400) * DAY)),
    }, since));
    result.merchants++;
    for (const sd of md.services) {
      const s = await tx1((tx) => createService(tx, actor, merchant.id, {
        name: sd.name, startsOn: companyDate(tz, since), content: `${sd.name}，出示会员卡即可享受。`, eligibleLevels: [...sd.levels], discountPercent: sd.discount,
      }, since));
      result.services++;
      const users = sample(rng, joined.filter((m) => m.joinedAt > since), randomInt(rng, 4, 12));
      await tx1(async (tx) => {
        for (const m of users) {
          const at = new Date(Math.max(m.joinedAt.getTime(), since.getTime()) + randomInt(rng, 1, 200) * DAY);
          if (at >= now) continue;
          try {
            await recordParticipation(tx, actor, s.id, { memberId: m.id, participatedAt: at, rating: pick(rng, [2, 2, 1, 1, 1, 0, -1, -2]), note: null }, now, tz);
            result.serviceUses++;
          } catch (e) {
            if (!(e instanceof AppError && e.code === 'MERCHANT_LEVEL_NOT_ELIGIBLE')) throw e; // a service not open to this member's level
          }
        }
        for (let q = 1; q <= 3; q++) {
          const day = companyDate(tz, new Date(now.getTime() - q * 92 * DAY));
          if (day < companyDate(tz, since)) break;
          await recordFeedback(tx, actor, s.id, { quarter: quarterOf(day), feedback: pick(rng, ['会员反馈良好', '使用人数稳定', '希望延长营业时间', '服务满意度高']), participationCount: randomInt(rng, 3, 40), rating: randomInt(rng, 0, 2) }, now);
        }
      });
    }
  }

  // ---------- complaints over two years, in every state ----------
  const handlers = [...service, ...opts.staff.filter((s) => s.roles.includes('manager'))];
  for (let d = HISTORY_DAYS - 30; d > 0; d -= randomInt(rng, 12, 30)) {
    const receivedAt = daysAgo(d, randomInt(rng, 9, 17));
    const who = joined.filter((m) => m.joinedAt < receivedAt);
    if (!who.length) continue;
    const type = pick(rng, Object.keys(complaintTexts));
    const m = pick(rng, who);
    const state = d > 45 ? (rng() < 0.85 ? 'done' : 'processing') : pick(rng, ['pending', 'processing', 'processing', 'done'] as const);
    await tx1(async (tx) => {
      const c = await receiveComplaint(tx, actor, {
        channel: pick(rng, ['written', 'phone', 'phone', 'email', 'visit', 'website']), type, memberId: m.id, content: pick(rng, complaintTexts[type]),
        receiverId: pick(rng, service).id, receivedAt, importance: pick(rng, ['low', 'normal', 'normal', 'high', 'urgent'] as const),
      }, receivedAt, tz);
      result.complaints[state]++;
      if (state === 'pending') return;
      const stepAt = new Date(receivedAt.getTime() + randomInt(rng, 2, 30) * 3_600_000);
      const step = await addStep(tx, actor, c.id, {
        stepAt, handlerId: pick(rng, handlers).id, opinion: pick(rng, ['已联系业主，安排工程部上门查看', '转物业公司处理并跟进', '核实情况后答复业主']),
        expectedFinishAt: new Date(stepAt.getTime() + randomInt(rng, 3, 10) * DAY),
      }, stepAt > now ? now : stepAt, tz);
      if (state === 'processing') return; // its step may be overdue: the overdue list shows it
      const finishedAt = new Date(stepAt.getTime() + randomInt(rng, 1, 8) * DAY);
      await finishStep(tx, actor, c.id, step.id, { finishedAt, note: '已处理完毕，业主确认' }, finishedAt, tz);
      if (rng() < 0.25) await grantGoodwill(tx, actor, c.id, { points: pick(rng, [100, 200, 500]), reason: '致歉积分' }, finishedAt);
      await closeComplaint(tx, actor, c.id, { note: '回访满意' }, finishedAt);
    });
  }

  // ---------- redemptions: plans, members spending their points ----------
  const planIds: number[] = [];
  for (const p of plans) {
    planIds.push((await tx1((tx) => createPlan(tx, actor, { ...p, description: `${p.item}，凭积分兑换。`, visibleOnWebsite: true, startsOn: companyDate(tz, daysAgo(HISTORY_DAYS)) }))).id);
  }
  for (const m of sample(rng, joined, Math.ceil(joined.length * 0.4))) {
    await tx1(async (tx) => {
      const balance = await balanceOf(tx, m.id);
      const affordable = plans.map((p, i) => ({ p, id: planIds[i] })).filter((x) => x.p.pointsCost <= balance);
      if (!affordable.length) return;
      const choice = pick(rng, affordable);
      try {
        const r = await redeemPlan(tx, actor, { planId: choice.id, memberId: m.id, channel: 'console' });
        const fate = rng();
        if (fate < 0.6) { await deliverRedemption(tx, actor, r.redemption.id, { note: '已领取' }); result.redemptions.delivered++; }
        else if (fate < 0.8) { await cancelRedemption(tx, actor, r.redemption.id, { reason: '会员改选其他礼品' }); result.redemptions.cancelled++; }
        else result.redemptions.waiting++;
      } catch (e) {
        if (!(e instanceof AppError && ['LEVEL_NOT_ELIGIBLE', 'OUT_OF_STOCK'].includes(e.code))) throw e; // a plan for another level, or gone: nothing redeemed
      }
    });
  }

  // ---------- care: letters (results recorded for most), an SMS greeting ----------
  const today = companyDate(tz, now);
  const letter = await tx1((tx) => createCareAction(tx, actor, {
    title: '新春贺卡', channel: 'letter', body: '{name}，新春快乐！感谢您一年来对客户会的支持。', points: 0,
    filters: { memberIds: sample(rng, joined, Math.min(40, joined.length)).map((m) => m.id) },
  }, tz, today));
  await tx1(async (tx) => {
    const ids = (await listCareMembers(tx, { page: 1, pageSize: 100, careId: letter.id })).items.map((r: { memberId: number }) => r.memberId);
    const done = ids.slice(0, Math.floor(ids.length * 0.7));
    await recordCareResults(tx, actor, letter.id, { members: done.slice(0, done.length - 3), result: 'reached' });
    await recordCareResults(tx, actor, letter.id, { members: done.slice(done.length - 3), result: 'unreached', note: '地址无人签收' });
    result.care.done += done.length;
    result.care.toDo += ids.length - done.length;
  });
  await tx1((tx) => createCareAction(tx, actor, {
    title: 'VIP 会员生日祝福', channel: 'sms', body: '{name}，客户会祝您生日快乐！赠送 {points} 积分。', points: 100, filters: { levels: ['vip'] },
  }, tz, today).catch((e: unknown) => { if (!(e instanceof AppError && e.code === 'NO_MEMBERS')) throw e; })); // no VIP member yet: no greeting
  result.care.actions = 2;

  // ---------- leaving: approved, rejected and waiting requests ----------
  const leavers = sample(rng, joined, Math.min(6, Math.floor(joined.length / 10)));
  for (const [i, m] of leavers.entries()) {
    await tx1(async (tx) => {
      const req = await requestLeave(tx, actor, m.id, { reason: pick(rng, ['normal', 'invalid_contact', 'expired']), note: '会员申请退会' });
      if (i % 3 === 0) await approveLeave(tx, actor, env, req.id, '同意退会');
      else if (i % 3 === 1) await rejectLeave(tx, actor, req.id, '会员改变主意，继续保留会籍');
    });
    result.leaveRequests++;
  }

  // ---------- the jobs that keep the figures: expiry, then the points summary, the member analysis and the member values ----------
  const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
  for (const name of ['points-expiry', 'card-lapse', 'points-summary', 'member-analysis', 'member-value']) {
    const out = await runJobNow({ db, config, log }, name, { trigger: 'cli', by: 'demo-data' });
    result.jobs[name] = out.result;
  }
  const levels = await tx1((tx) => memberLevels(tx, joined.map((m) => m.id)));
  for (const level of levels.values()) result.levels[level] = (result.levels[level] ?? 0) + 1;
  return result;
}

/** k members drawn without repetition (the same seed draws the same). */
function sample<T>(rng: Rng, list: readonly T[], k: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, Math.max(0, k));
}

/**
 * Members join over two years: the buyers' automatic applications and manual ones from the
 * service centre and the sales offices, each approved on its day with a main card; a tenth of the
 * applications are left waiting for review.
 */
async function joinMembers(db: Db, actor: Actor, env: MembershipEnv, people: DemoPerson[], rng: Rng, daysAgo: (d: number) => Date): Promise<Joined[]> {
  const ids: number[] = [];
  const automatic = await db.transaction((tx) => listApplications(tx, actor, env, { page: 1, pageSize: 500, status: 'pending' } as ApplicationQuery));
  ids.push(...automatic.items.map((a: { id: number }) => a.id));
  for (const p of people.filter((x) => x.source !== 'sales_system')) {
    if (rng() < 0.35) continue; // a customer who never applied
    const channel = p.department === '客服中心' ? { channel: 'service_center', subChannel: pick(rng, ['magazine', 'event', 'exhibition', 'referral', 'property', 'merchant']) } : { channel: 'sales_office', subChannel: null };
    const r = await db.transaction((tx) => submitApplication(tx, actor, env, {
      name: p.name, gender: p.gender, birthday: p.birthday, idType: p.idType, idNumber: p.idNumber, mobile: p.mobile, homePhone: p.homePhone, email: p.email, address: p.address,
      ...channel,
    }));
    if (r.screening === 'pending') ids.push(r.application.id);
  }
  const order = sample(rng, ids, ids.length);
  const approve = order.slice(0, Math.floor(order.length * 0.9));
  const days = approve.map(() => randomInt(rng, 1, HISTORY_DAYS)).sort((a, b) => b - a); // oldest first
  const joined: Joined[] = [];
  for (const [i, id] of approve.entries()) {
    const at = new Date(daysAgo(days[i]).getTime() + randomInt(rng, -90, 420) * 60_000); // office hours, give or take
    const cardNo = `8${String(id).padStart(9, '0')}`;
    const r = await db.transaction((tx) => approveApplication(tx, actor, env, id, { cardNo, at, note: '资料齐全，同意入会' }));
    joined.push({ id: r.member.id, memberNo: r.member.memberNo, cardNo, joinedAt: at });
  }
  return joined;
}
