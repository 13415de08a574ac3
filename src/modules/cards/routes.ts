import { z } from 'zod';
import { exportRoute } from '../../http/export.ts';
import { exportPageSize, keysetRows } from '../../db/keyset.ts';
import { cardColumns } from './export.ts';
import type { App, Ctx } from '../../http/context.ts';
import { longText, requiredLongText } from '../../http/schemas.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, idField, idParam } from '../../http/schemas.ts';
import { invalidField } from '../../http/errors.ts';
import { memberByNo } from '../points/members.ts';
import { assertMemberInScope } from '../points/scope.ts';
import * as cardsService from './service.ts';
import { getCardChange, replaceOrRequest } from './changes.ts';
import { t as translate } from '../../i18n/index.ts';
import './jobs.ts';
import { cardKinds, cardStatuses, upgradeStatuses } from './schema.ts';

const cardStatus = z.enum(cardStatuses);
const kind = z.enum(cardKinds);
const upgradeStatus = z.enum(upgradeStatuses);
export const cardReply = z.object({
  id: z.number(), cardNo: z.string(), memberId: z.number(), typeCode: z.string(), kind,
  mainCardId: z.number().nullable(), status: cardStatus, issuedAt: isoDate, validUntil: isoDate.nullable(), endedAt: isoDate.nullable(),
  replacedById: z.number().nullable(), issuedBy: z.string(), note: z.string().nullable(), createdAt: isoDate, updatedAt: isoDate,
});
const listedCard = cardReply.extend({ memberNo: z.string().nullable(), memberName: z.string().nullable() });
const cardEvent = z.object({
  id: z.number(), cardId: z.number(), memberId: z.number(), at: isoDate, kind: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(),
  relatedCardId: z.number().nullable(), actorName: z.string(), note: z.string().nullable(),
});
const cardType = z.object({
  code: z.string(), kind, rank: z.number(), basePoints: z.number(), upgradeThreshold: z.number().nullable(),
  validityMonths: z.number().nullable(), coBrandMerchant: z.string().nullable(), active: z.boolean(), createdAt: isoDate, updatedAt: isoDate,
});
const upgrade = z.object({
  id: z.number(), memberId: z.number(), fromCardId: z.number(), fromType: z.string(), toType: z.string(), balance: z.number(),
  status: upgradeStatus, proposedAt: isoDate, decidedBy: z.string().nullable(), decidedAt: isoDate.nullable(),
  decisionNote: z.string().nullable(), newCardId: z.number().nullable(),
  requestedBy: z.string().nullable().describe('staff requests: who asked (null: proposed by the points rule)'),
  requestedCardNo: z.string().nullable().describe('staff requests: the new card\'s number'), requestNote: z.string().nullable(),
});
const direction = z.enum(['upgrade', 'downgrade']).describe('a higher or a lower main type than the card held');
const cardNoField = z.string().trim().min(1).max(64).describe('card number as printed or swiped (spaces and dashes are ignored)');
const note = longText.nullish();
const replaceReply = z.object({ old: cardReply, card: cardReply.nullable(), endedSubCards: z.number() });
const replaceOrRequestReply = replaceReply.extend({
  outcome: z.enum(['replaced', 'requested']).describe('replaced: done now (same type); requested: a change request waits for card.approve'),
  request: upgrade.extend({ direction }).nullable().describe('the pending change request (outcome requested)'),
  message: z.string().describe('what happened, in the language of the request'),
});

export default function routes(app: App, ctx: Ctx) {
  const tags = ['cards'];

  app.get('/card-types', {
    schema: { tags, summary: 'Card types (main: levels; sub: under a main card)', response: { 200: z.array(cardType.extend({ labelZh: z.string(), labelEn: z.string() })), ...commonErrors } },
  }, async () => cardsService.listCardTypes(ctx.db.db));

  const typeFields = {
    rank: z.number().int().min(0).max(100).nullish(), basePoints: z.number().int().min(0).max(1_000_000).optional(),
    upgradeThreshold: z.number().int().min(1).max(100_000_000).nullish(), validityMonths: z.number().int().min(1).max(600).nullish(),
    coBrandMerchant: z.string().trim().max(100).nullish(), active: z.boolean().optional(),
  };
  app.post('/card-types', {
    config: { permission: 'points.rules' },
    schema: {
      tags, summary: 'Configure a card type (its code is a value of dictionary card_type)',
      body: z.object({ code: z.string().min(1).max(32), kind, ...typeFields }),
      response: { 200: cardType, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => cardsService.createCardType(tx, actor, req.body)));

  app.patch('/card-types/:code', {
    config: { permission: 'points.rules' },
    schema: {
      tags, summary: 'Edit a card type (its kind never changes)', params: z.object({ code: z.string().max(32) }),
      body: z.object(typeFields).strict(), response: { 200: cardType, ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => cardsService.updateCardType(tx, actor, req.params.code, req.body)));

  const cardQuery = pageQuery.extend({
    cardNo: z.string().max(64).optional(), memberId: idParam.optional(), status: cardStatus.optional(),
    typeCode: z.string().max(32).optional(), kind: kind.optional(),
  });
  app.get('/cards', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'Cards (search by number prefix, member, state, type)',
      querystring: cardQuery,
      response: { 200: paged(listedCard), ...commonErrors },
    },
  }, async (req) => cardsService.listCards(ctx.db.db, req.query, req.actor!));

  exportRoute(app, ctx, { path: '/cards/export', permission: 'member.read', tags, query: cardQuery }, {
    list: 'cards', title: ['会员卡', 'Cards'], columns: cardColumns, dictionaries: ['card_type'],
    rows: (q, actor, _params, db) => keysetRows((before) => cardsService.listCards(db, { ...q, page: 1, pageSize: exportPageSize, before }, actor)),
  });

  app.get('/cards/lookup', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'Find a card by its number (card-reader swipe): card, member, level, balance',
      querystring: z.object({ cardNo: cardNoField }),
      response: { 200: z.object({ card: cardReply, memberId: z.number(), memberNo: z.string().nullable(), memberName: z.string().nullable(), level: z.string().nullable(), balance: z.number() }), ...commonErrors },
    },
  }, async (req) => {
    const found = await cardsService.lookupCard(ctx.db.db, req.query.cardNo);
    await assertMemberInScope(ctx.db.db, req.actor!, found.memberId);
    return found;
  });

  app.get('/cards/:id', {
    config: { permission: 'member.read' },
    schema: { tags, summary: 'A card with its history', params: idParams, response: { 200: listedCard.extend({ history: z.array(cardEvent) }), ...commonErrors } },
  }, async (req) => {
    const card = await cardsService.cardWithHistory(ctx.db.db, req.params.id);
    await assertMemberInScope(ctx.db.db, req.actor!, card.memberId);
    return card;
  });

  app.get('/members/:id/cards', {
    config: { permission: 'member.read' },
    schema: { tags, summary: "A member's cards and level", params: idParams, response: { 200: z.object({ level: z.string().nullable(), cards: z.array(cardReply) }), ...commonErrors } },
  }, async (req) => {
    await assertMemberInScope(ctx.db.db, req.actor!, req.params.id);
    return cardsService.memberCards(ctx.db.db, req.params.id);
  });

  app.post('/cards', {
    config: { permission: 'card.manage' },
    schema: {
      tags, summary: 'Issue a card (main: default the lowest level; sub: needs an active main card); base points are credited',
      body: z.object({
        memberId: idField.nullish(), memberNo: z.string().trim().min(1).max(32).nullish().describe('instead of memberId'),
        cardNo: cardNoField, typeCode: z.string().max(32).nullish(), note,
      }),
      response: { 200: cardReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const { memberNo, memberId, ...rest } = req.body;
    let id = memberId ?? null;
    if (!id && memberNo) {
      const m = await memberByNo(tx, memberNo);
      if (!m) throw invalidField('memberNo', 'points.memberNoUnknown', { memberNo });
      id = m.id;
    }
    if (!id) throw invalidField('memberId', 'validation.required');
    await assertMemberInScope(tx, actor, id);
    return cardsService.issueCard(tx, actor, { ...rest, memberId: id });
  }));

  app.post('/cards/batch', {
    config: { permission: 'card.manage' },
    schema: {
      tags, summary: 'Issue cards of one type to many members, all or nothing (each bad line is named)',
      body: z.object({
        typeCode: z.string().max(32), note,
        items: z.array(z.object({ memberNo: z.string().trim().max(32).nullish(), memberId: idField.nullish(), cardNo: cardNoField }))
          .min(1).max(cardsService.maxBatchCards),
      }),
      response: { 200: z.object({ issued: z.number(), cards: z.array(cardReply) }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => cardsService.issueCards(tx, actor, req.body)));

  app.post('/cards/:id/replace', {
    config: { permission: 'card.manage' },
    schema: {
      tags, summary: 'Replace a main card (换卡): the same type is replaced now (its sub cards end); another main type becomes a change request for card.approve',
      params: idParams, body: z.object({ newCardNo: cardNoField, typeCode: z.string().max(32).nullish().describe('default: the same type'), note }),
      response: { 200: replaceOrRequestReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await assertMemberInScope(tx, actor, (await cardsService.getCard(tx, req.params.id)).memberId);
    const done = await replaceOrRequest(tx, actor, req.params.id, req.body);
    if (done.outcome === 'replaced') return { ...done, message: translate(req.lang, 'card.replacedNow', { cardNo: done.card.cardNo }) };
    const type = (await cardsService.listCardTypes(tx)).find((x) => x.code === done.request.toType);
    const label = type ? (req.lang === 'en' ? type.labelEn : type.labelZh) : done.request.toType;
    return { ...done, message: translate(req.lang, 'card.changeRequested', { id: done.request.id, type: label }) };
  }));

  app.post('/cards/:id/loss', {
    config: { permission: 'card.manage' },
    schema: {
      tags, summary: 'Report a card lost (挂失): a main card is replaced by a new number and blocked; a sub card is cancelled',
      params: idParams, body: z.object({ newCardNo: cardNoField.nullish(), note }),
      response: { 200: replaceReply, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await assertMemberInScope(tx, actor, (await cardsService.getCard(tx, req.params.id)).memberId);
    return cardsService.reportLoss(tx, actor, req.params.id, req.body);
  }));

  app.get('/card-upgrades', {
    config: { permission: 'member.read' },
    schema: {
      tags, summary: 'Card change requests: upgrade proposals (raised when points reach a higher level) and staff requests to change a card\'s type',
      querystring: pageQuery.extend({ status: upgradeStatus.optional(), memberId: idParam.optional() }),
      response: { 200: paged(upgrade.extend({ direction, fromCardNo: z.string(), memberNo: z.string().nullable(), memberName: z.string().nullable() })), ...commonErrors },
    },
  }, async (req) => cardsService.listUpgrades(ctx.db.db, req.query, req.actor!));

  app.post('/card-upgrades/:id/approve', {
    config: { permission: 'card.approve' },
    schema: {
      tags, summary: 'Approve a card change: issues the new main card (number given here, else the one the request named) and credits its type\'s base points once',
      params: idParams, body: z.object({ cardNo: cardNoField.nullish().describe('required unless the request named the new card\'s number'), note }),
      response: { 200: z.object({ upgrade, card: cardReply }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await assertMemberInScope(tx, actor, (await getCardChange(tx, req.params.id)).memberId);
    return cardsService.approveUpgrade(tx, actor, req.params.id, req.body);
  }));

  app.post('/card-upgrades/:id/reject', {
    config: { permission: 'card.approve' },
    schema: { tags, summary: 'Reject a card change (nothing changes)', params: idParams, body: z.object({ note: requiredLongText }), response: { 200: upgrade, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await assertMemberInScope(tx, actor, (await getCardChange(tx, req.params.id)).memberId);
    return cardsService.rejectUpgrade(tx, actor, req.params.id, req.body);
  }));
}
