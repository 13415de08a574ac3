// `clubcrm demo-data`, part two: two years of club life on top of the demo staff and customers —
// members joining at every level, cards (some upgraded, some with sub cards, one lost), points
// earned at activities over the years (some already expired, some expiring soon), redemptions
// (delivered, cancelled, waiting), activities with participants, costs and notices, care (done and
// to do), complaints in every state, partner merchants with rated services, leave requests.
//
// Everything goes through the modules' service functions, one business action per transaction,
// so every rule, audit line and ledger invariant holds. History is dated: complaints, merchants,
// participations, care given by staff, approvals (`at`: the joining day) and the expiry of points
// (`at`: the hour after a lot fell due) take their time; activity participation takes the
// service's clock (its points are earned that day). Services that take no time of their own (cards,
// redemptions), or give the ledger none (a complaint's goodwill points), are called as the console
// calls them, and what they wrote is dated right after, in the same transaction (dateCardAction,
// dateEntries): a member's card on their joining day, upgrades, sub cards and losses on a later
// day, redemptions over the months after joining, each with its ledger entry and lots. Points are
// spent and expire in time order (see the redemptions below), so `clubcrm verify-ledger` holds and
// no one spends points they did not hold on the day. Member numbers carry the year the member
// joined (the approval's `at`). The audit log keeps the time each line was written (the day the
// demo was loaded). Still dated today: leave requests, the VIP birthday SMS, and what the jobs run
// at the end do (expiry falling due within the last hour, the points summary, the member analysis
// and the member values).
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/index.ts';
import { rows, sql } from '../db/index.ts';
import { AppError } from '../http/errors.ts';
import '../http/routes.ts'; // every module, with its jobs and points sources
import { runJobNow } from '../jobs/scheduler.ts';
import { addCost } from '../modules/activities/costs.ts';
import { notifyMembers } from '../modules/activities/notices.ts';
import { recordParticipant } from '../modules/activities/participants.ts';
import { approveActivity, closeActivity, createActivity, rejectActivity } from '../modules/activities/service.ts';
import { systemActor, type Actor } from '../modules/auth/actor.ts';
import { issueCard, lapseSubCards, memberLevels, memberCards, replaceCard, reportLoss } from '../modules/cards/service.ts';
import { createCareAction, listCareMembers, recordCareResults } from '../modules/care/service.ts';
import { addStep, closeComplaint, finishStep, grantGoodwill, receiveComplaint } from '../modules/complaints/service.ts';
import { listApplications, submitApplication, type ApplicationQuery } from '../modules/membership/applications.ts';
import { membershipEnv, companyDate, type MembershipEnv } from '../modules/membership/env.ts';
import { approveLeave, rejectLeave, requestLeave } from '../modules/membership/leave.ts';
import { listMembers, type MemberQuery } from '../modules/membership/members.ts';
import { approveApplication } from '../modules/membership/review.ts';
import { quarterOf, recordFeedback, recordParticipation } from '../modules/merchants/activity.ts';
import { createMerchant, createService } from '../modules/merchants/service.ts';
import { expirePoints } from '../modules/points/expiry.ts';
import { lotExpiry } from '../modules/points/ledger.ts';
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

  // ---------- cards: upgrades to VIP, sub cards, a lost card — each on a day after joining ----------
  /** A moment `lo`…`hi` days after `from` (its time of day, give or take), before now; null when that window has passed nothing. */
  const after = (from: Date, lo: number, hi: number): Date | null => {
    const last = Math.min(hi, Math.floor((now.getTime() - from.getTime()) / DAY) - 1);
    if (last < lo) return null;
    return new Date(from.getTime() + randomInt(rng, lo, last) * DAY + randomInt(rng, lo ? -60 : 5, 240) * 60_000);
  };
  /** `days` after `from`, but before now */
  const later = (from: Date, days: number) => new Date(Math.min(from.getTime() + days * DAY, now.getTime() - 3_600_000));
  let cardSeq = 0;
  const newCardNo = (prefix: string) => `${prefix}${String(opts.seed % 1000).padStart(3, '0')}${String(++cardSeq).padStart(6, '0')}`;
  /** when each upgraded member became VIP (their redemptions come after it, at the level they redeem at) */
  const upgradedAt = new Map<number, Date>();
  for (const m of joined) {
    const roll = rng();
    if (roll < 0.22) {
      const at = after(m.joinedAt, 60, 420);
      if (!at) continue;
      await tx1(async (tx) => {
        const main = (await memberCards(tx, m.id)).cards.find((c) => c.kind === 'main' && c.status === 'active');
        if (!main || main.typeCode !== 'normal') return;
        const r = await replaceCard(tx, actor, main.id, { newCardNo: newCardNo('V'), typeCode: 'vip', note: '积分达标升级' }, 'upgrade');
        await dateCardAction(tx, at, [r.card.id], [r.old.id]);
        upgradedAt.set(m.id, at);
        result.upgraded++;
      });
    } else if (roll < 0.36) {
      const at = after(m.joinedAt, 3, 300);
      if (!at) continue;
      await tx1(async (tx) => {
        const card = await issueCard(tx, actor, { memberId: m.id, cardNo: newCardNo('S'), typeCode: rng() < 0.5 ? 'discount' : 'co_brand' });
        await dateCardAction(tx, at, [card.id], []);
      });
      result.subCards++;
    } else if (roll < 0.38) {
      const at = after(m.joinedAt, 30, 500);
      if (!at) continue;
      await tx1(async (tx) => {
        const main = (await memberCards(tx, m.id)).cards.find((c) => c.kind === 'main' && c.status === 'active');
        if (!main) return;
        const r = await reportLoss(tx, actor, main.id, { newCardNo: newCardNo('L'), note: '会员来电挂失' });
        await dateCardAction(tx, at, r.card ? [r.card.id] : [], [r.old.id]);
      });
    }
  }
  // sub cards past their validity lapsed on their day, as the daily job would have had them
  const due = await rows<{ at: Date | string }>(db.db, sql`
    SELECT DISTINCT valid_until AS at FROM cards WHERE kind = 'sub' AND status = 'active' AND valid_until <= ${now.toISOString()}::timestamptz ORDER BY 1`);
  for (const d of due) await tx1((tx) => lapseSubCards(tx, new Date(d.at)));

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
  const complaintDays: number[] = [];
  for (let d = HISTORY_DAYS - 30; d > 0; d -= randomInt(rng, 12, 30)) complaintDays.push(d);
  for (const [i, d] of complaintDays.entries()) {
    const receivedAt = daysAgo(d, randomInt(rng, 9, 17));
    const who = joined.filter((m) => m.joinedAt < receivedAt);
    if (!who.length) continue;
    const type = pick(rng, Object.keys(complaintTexts));
    const m = pick(rng, who);
    // older ones mostly done; the latest is still waiting for its first step
    const state = i === complaintDays.length - 1 ? 'pending' : d > 45 ? (rng() < 0.85 ? 'done' : 'processing') : pick(rng, ['pending', 'processing', 'processing', 'done'] as const);
    await tx1(async (tx) => {
      const c = await receiveComplaint(tx, actor, {
        channel: pick(rng, ['written', 'phone', 'phone', 'email', 'visit', 'website']), type, memberId: m.id, content: pick(rng, complaintTexts[type]),
        receiverId: pick(rng, service).id, receivedAt, importance: pick(rng, ['low', 'normal', 'normal', 'high', 'urgent'] as const),
      }, receivedAt, tz);
      result.complaints[state]++;
      if (state === 'pending') return;
      const stepAt = new Date(Math.min(receivedAt.getTime() + randomInt(rng, 2, 30) * 3_600_000, now.getTime() - 2 * 3_600_000)); // nothing after now
      const step = await addStep(tx, actor, c.id, {
        stepAt, handlerId: pick(rng, handlers).id, opinion: pick(rng, ['已联系业主，安排工程部上门查看', '转物业公司处理并跟进', '核实情况后答复业主']),
        expectedFinishAt: new Date(stepAt.getTime() + randomInt(rng, 3, 10) * DAY),
      }, stepAt, tz);
      if (state === 'processing') return; // its step may be overdue: the overdue list shows it
      const finishedAt = new Date(Math.min(stepAt.getTime() + randomInt(rng, 1, 8) * DAY, now.getTime() - 3_600_000));
      await finishStep(tx, actor, c.id, step.id, { finishedAt, note: '已处理完毕，业主确认' }, finishedAt, tz);
      if (rng() < 0.25) {
        const g = await grantGoodwill(tx, actor, c.id, { points: pick(rng, [100, 200, 500]), reason: '致歉积分' }, finishedAt);
        // the grant takes its time, its ledger entry the clock: dated with the grant
        if (g.entryId) await dateEntries(tx, finishedAt, [Number(g.entryId)]);
      }
      await closeComplaint(tx, actor, c.id, { note: '回访满意' }, finishedAt);
    });
  }

  // ---------- redemptions: plans, members spending their points over the months, points expiring on their day ----------
  // The ledger takes lots oldest expiry first, so history is replayed in time order: every earning
  // is booked by now (each lot dated), and a redemption on day T only spends points the member held
  // on day T — lots earned by then and not expired by then. Each lot that fell due is expired as of
  // the hour after its expiry (the hourly job would have), before anything later is spent.
  const planStart = daysAgo(HISTORY_DAYS, 9);
  const planIds: number[] = [];
  for (const p of plans) {
    planIds.push(await tx1(async (tx) => {
      const plan = await createPlan(tx, actor, { ...p, description: `${p.item}，凭积分兑换。`, visibleOnWebsite: true, startsOn: companyDate(tz, planStart) });
      // on offer since the history began (the redemption service takes no time: its row is dated here)
      await rows(tx, sql`UPDATE redemption_plans SET created_at = ${planStart.toISOString()}::timestamptz, updated_at = ${planStart.toISOString()}::timestamptz WHERE id = ${plan.id}`);
      return plan.id;
    }));
  }
  const redeemers = sample(rng, joined, Math.ceil(joined.length * 0.4));
  const lots = await rows<{ memberId: number; amount: number; earnedAt: Date | string; expiresAt: Date | string | null }>(db.db, sql`
    SELECT member_id AS "memberId", amount, earned_at AS "earnedAt", expires_at AS "expiresAt" FROM points_lots
    WHERE member_id = ANY(${sql.param(redeemers.map((m) => m.id))}::int[])`);
  /** what a member held at `at`: lots earned by then and not yet expired (nobody has spent anything yet) */
  const heldAt = (memberId: number, at: Date) => lots
    .filter((l) => l.memberId === memberId && new Date(l.earnedAt) <= at && (l.expiresAt === null || new Date(l.expiresAt) > at))
    .reduce((sum, l) => sum + l.amount, 0);
  type Step = { at: Date; run?: () => Promise<void> };
  const steps: Step[] = [];
  for (const m of redeemers) {
    const fate = rng();
    const from = upgradedAt.get(m.id) ?? m.joinedAt; // a VIP redeems as one
    const level = upgradedAt.has(m.id) ? 'vip' : 'normal';
    let chosen: { at: Date; plan: number } | null = null;
    for (let attempt = 0; attempt < 6 && !chosen; attempt++) {
      // a redemption still waiting for delivery is recent; the others fall any time after joining
      const at = fate >= 0.8 ? after(new Date(Math.max(from.getTime(), now.getTime() - 20 * DAY)), 0, 20) : after(from, 10, HISTORY_DAYS);
      if (!at) break;
      const held = heldAt(m.id, at);
      const affordable = plans.map((p, i) => ({ p, i })).filter((x) => x.p.pointsCost <= held && (!x.p.eligibleLevels.length || x.p.eligibleLevels.includes(level)));
      if (affordable.length) chosen = { at, plan: pick(rng, affordable).i };
    }
    if (!chosen) continue;
    const { at, plan } = chosen;
    let redemptionId: number | null = null;
    const settledAt = new Date(Math.min(at.getTime() + randomInt(rng, 1, 10) * DAY + randomInt(rng, -120, 120) * 60_000, now.getTime() - 3_600_000));
    steps.push({
      at, run: () => tx1(async (tx) => {
        try {
          const r = await redeemPlan(tx, actor, { planId: planIds[plan], memberId: m.id, channel: 'console' });
          redemptionId = r.redemption.id;
          // the redemption service takes no time: the redemption and its ledger entry are dated here
          await rows(tx, sql`UPDATE redemptions SET created_at = ${at.toISOString()}::timestamptz WHERE id = ${r.redemption.id}`);
          await dateEntries(tx, at, [r.redemption.entryId!]);
          if (fate < 0.6) {
            await deliverRedemption(tx, actor, r.redemption.id, { note: '已领取' });
            await rows(tx, sql`UPDATE redemptions SET delivered_at = ${settledAt.toISOString()}::timestamptz WHERE id = ${r.redemption.id}`);
            result.redemptions.delivered++;
          } else if (fate >= 0.8) result.redemptions.waiting++;
        } catch (e) {
          if (!(e instanceof AppError && ['LEVEL_NOT_ELIGIBLE', 'OUT_OF_STOCK'].includes(e.code))) throw e; // a plan for another level, or gone: nothing redeemed
        }
      }),
    });
    if (fate >= 0.6 && fate < 0.8) {
      // cancelled a few days later: the points go back to their lots (which may have expired meanwhile: the next hour expires them)
      steps.push({
        at: settledAt, run: () => (redemptionId === null ? Promise.resolve() : tx1(async (tx) => {
          const c = await cancelRedemption(tx, actor, redemptionId!, { reason: '会员改选其他礼品' });
          await rows(tx, sql`UPDATE redemptions SET cancelled_at = ${settledAt.toISOString()}::timestamptz WHERE id = ${redemptionId}`);
          await dateEntries(tx, settledAt, [c.redemption.refundEntryId!]);
          result.redemptions.cancelled++;
        })),
      });
      steps.push({ at: nextHour(settledAt) });
    }
  }
  const dueHours = await rows<{ at: Date | string }>(db.db, sql`
    SELECT DISTINCT date_trunc('hour', expires_at) + interval '1 hour' AS at FROM points_lots WHERE remaining > 0 AND expires_at <= ${now.toISOString()}::timestamptz`);
  for (const h of dueHours) steps.push({ at: new Date(h.at) });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of steps) {
    if (step.at >= now) continue; // what falls due from here is the expiry job's, below
    await expirePoints(db, step.at, { at: step.at });
    await step.run?.();
  }

  // ---------- care: a letter every Spring Festival, the club magazine every Mid-Autumn (results recorded for most), an SMS greeting ----------
  const occasions: { at: Date; title: string; channel: string; body: string }[] = [];
  for (let y = new Date(now.getTime() - HISTORY_DAYS * DAY).getUTCFullYear(); y <= now.getUTCFullYear(); y++) {
    occasions.push(
      { at: new Date(Date.UTC(y, 0, 20, 2)), title: `${y} 新春贺卡`, channel: 'letter', body: '{name}，新春快乐！感谢您一年来对客户会的支持。' },
      { at: new Date(Date.UTC(y, 8, 10, 2)), title: `${y} 秋季会刊·中秋特辑`, channel: 'magazine', body: '{name}，中秋将至，随刊附上客户会的祝福。' },
    );
  }
  const given = occasions.filter((o) => o.at.getTime() > now.getTime() - (HISTORY_DAYS - 60) * DAY && o.at.getTime() < now.getTime() - DAY);
  for (const [i, o] of given.entries()) {
    const audience = sample(rng, joined.filter((m) => m.joinedAt < o.at), 40).map((m) => m.id);
    if (!audience.length) continue;
    const latest = i === given.length - 1;
    await tx1(async (tx) => {
      const care = await createCareAction(tx, actor, { title: o.title, channel: o.channel, body: o.body, points: 0, filters: { memberIds: audience } }, tz, companyDate(tz, o.at), o.at);
      const ids = (await listCareMembers(tx, { page: 1, pageSize: 100, careId: care.id })).items.map((r: { memberId: number }) => r.memberId);
      // staff record the results over the following days; the latest care still has some to do
      const done = ids.slice(0, Math.floor(ids.length * (latest ? 0.7 : 0.95)));
      const unreached = done.slice(done.length - 3);
      const reached = done.slice(0, done.length - 3);
      const half = Math.ceil(reached.length / 2);
      for (const [part, days] of [[reached.slice(0, half), randomInt(rng, 3, 8)], [reached.slice(half), randomInt(rng, 9, 20)]] as const) {
        if (part.length) await recordCareResults(tx, actor, care.id, { members: [...part], result: 'reached' }, later(o.at, days));
      }
      if (unreached.length) await recordCareResults(tx, actor, care.id, { members: unreached, result: 'unreached', note: '地址无人签收' }, later(o.at, randomInt(rng, 10, 25)));
      result.care.done += done.length;
      result.care.toDo += ids.length - done.length;
    });
    result.care.actions++;
  }
  const today = companyDate(tz, now);
  const greeted = await tx1((tx) => createCareAction(tx, actor, {
    title: 'VIP 会员生日祝福', channel: 'sms', body: '{name}，客户会祝您生日快乐！赠送 {points} 积分。', points: 100, filters: { levels: ['vip'] },
  }, tz, today).then(() => true, (e: unknown) => { if (!(e instanceof AppError && e.code === 'NO_MEMBERS')) throw e; return false; })); // no VIP member yet: no greeting
  if (greeted) result.care.actions++;

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

/**
 * Dates what a card action of this transaction wrote (the cards service takes no time of its own):
 * the cards it issued (issue time, a sub card's validity counted from then), the cards it ended (and the sub cards ending with them), their history lines,
 * and the base points the new cards credited — the entry and its lot, whose expiry is counted from
 * the earning as the ledger counts it.
 */
async function dateCardAction(tx: Tx, at: Date, issued: number[], ended: number[]): Promise<void> {
  const t = sql`${at.toISOString()}::timestamptz`;
  const ids = (list: number[]) => sql`${sql.param(list)}::int[]`;
  await rows(tx, sql`
    UPDATE cards c SET issued_at = ${t}, created_at = ${t}, updated_at = ${t},
      valid_until = CASE WHEN c.valid_until IS NULL THEN NULL ELSE ${t} + make_interval(months => ct.validity_months) END
    FROM card_types ct WHERE ct.code = c.type_code AND c.id = ANY(${ids(issued)})`);
  await rows(tx, sql`UPDATE cards SET ended_at = ${t}, updated_at = ${t} WHERE id = ANY(${ids(ended)}) OR (main_card_id = ANY(${ids(ended)}) AND ended_at = now())`);
  await rows(tx, sql`UPDATE card_events SET at = ${t} WHERE member_id IN (SELECT member_id FROM cards WHERE id = ANY(${ids([...issued, ...ended])})) AND at = now()`);
  const entries = await rows<{ id: number }>(tx, sql`SELECT id FROM points_entries WHERE source_type = 'card' AND source_id = ANY(${sql.param(issued)}::bigint[]) AND created_at = now()`);
  await dateEntries(tx, at, entries.map((e) => Number(e.id)));
}

/**
 * Dates ledger entries booked in this transaction by a service that gives the ledger no time (card
 * base points, a complaint's goodwill, a redemption, its refund): created (and, if booked, posted)
 * at `at`; an earning's lot earned then and expiring as the settings count it from then. Spending
 * and refunds have no lot of their own.
 */
async function dateEntries(tx: Tx, at: Date, entryIds: number[]): Promise<void> {
  if (!entryIds.length) return;
  const t = sql`${at.toISOString()}::timestamptz`;
  await rows(tx, sql`
    UPDATE points_entries SET posted_at = CASE WHEN posted_at IS NULL THEN NULL ELSE ${t} END, created_at = ${t} WHERE id = ANY(${sql.param(entryIds)}::bigint[])`);
  await rows(tx, sql`
    UPDATE points_lots l SET earned_at = ${t}, expires_at = ${lotExpiry(t)}
    FROM points_settings s WHERE s.id = 1 AND l.entry_id = ANY(${sql.param(entryIds)}::bigint[])`);
}

/** The next full hour at or after `at` (when the hourly expiry job would next run). */
const nextHour = (at: Date) => new Date(Math.ceil(at.getTime() / 3_600_000) * 3_600_000);

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
    const r = await db.transaction(async (tx) => {
      const approved = await approveApplication(tx, actor, env, id, { cardNo, at, note: '资料齐全，同意入会' });
      // The approval takes `at` for the joining day; the card its listener issues (with its base
      // points) and the member's history lines take the clock: dated on the joining day here.
      const cards = await rows<{ id: number }>(tx, sql`SELECT id FROM cards WHERE member_id = ${approved.member.id}`);
      await dateCardAction(tx, at, cards.map((c) => c.id), []);
      await rows(tx, sql`UPDATE member_events SET at = ${at.toISOString()}::timestamptz WHERE member_id = ${approved.member.id} AND at = now()`);
      return approved;
    });
    joined.push({ id: r.member.id, memberNo: r.member.memberNo, cardNo, joinedAt: at });
  }
  return joined;
}
