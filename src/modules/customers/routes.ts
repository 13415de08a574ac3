// HTTP for customers (客户), purchases (购房记录) and payments, the export, the imports
// (import-routes.ts) and the sales-system integration API.
import { z } from 'zod';
import type { App, Ctx } from '../../http/context.ts';
import { forbidden } from '../../http/errors.ts';
import { idNumberInput, longText, mobileInput, phoneInput, requiredLongText, searchInput } from '../../http/schemas.ts';
import { commonErrors, idParams, isoDate, pageQuery, paged, totalExactField, idField, idParam } from '../../http/schemas.ts';
import { can } from '../auth/actor.ts';
import { exportRoute } from '../../http/export.ts';
import { auditableCustomerFilters, customerColumns, customerExportRows } from './export.ts';
import importRoutes from './import-routes.ts';
import { recordSalesPayment, recordSalesRefund, upsertSalesCustomer, upsertSalesPurchase } from './integration.ts';
import {
  addPayment, cancelPurchase, createPurchase, deletePurchase, enteredStatuses, getPurchaseDetail, listProjects, listPurchases, purchaseStatuses,
  refundPayment, restorePurchase, updatePurchase, voidPayment,
} from './purchases.ts';
import { customerFacets, listCustomerOwners, listCustomers } from './list.ts';
import { createCustomer, customerDetail, deleteCustomer, getCustomerInScope, presentCustomer, restoreCustomer, updateCustomer, withOwnerNames } from './service.ts';

// ---------- shapes ----------

const text = (max: number) => z.string().trim().max(max);
const dateOnly = z.string().max(10).describe('YYYY-MM-DD');

const customerOut = z.object({
  id: z.number(), name: z.string(), namePinyin: z.string(), gender: z.string().nullable(), birthday: z.string().nullable(),
  idType: z.string().nullable(),
  idNumber: z.string().nullable().describe('masked (3301**********1234) unless revealed'), idNumberMasked: z.string().nullable(),
  idNumberRevealed: z.boolean(),
  mobile: z.string().nullable(), homePhone: z.string().nullable(), email: z.string().nullable(), address: z.string().nullable(),
  note: z.string().nullable(), source: z.string(), tags: z.array(z.string()), ownerId: z.number().nullable(),
  ownerName: z.string().nullable().optional(), department: z.string().nullable(), isBuyer: z.boolean(), memberId: z.number().nullable(),
  mergedIntoId: z.number().nullable(), externalSystem: z.string().nullable(), externalId: z.string().nullable(), importId: z.number().nullable(),
  importRow: z.number().nullable().describe('row of the import file it came from'), createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
});
const paymentOut = z.object({
  id: z.number(), purchaseId: z.number(), amountFen: z.number(), paidAt: isoDate, receiptNo: z.string().nullable(), note: z.string().nullable(),
  externalSystem: z.string().nullable(), externalId: z.string().nullable(), voidedAt: isoDate.nullable(), voidReason: z.string().nullable(),
  createdAt: isoDate,
});
const purchaseOut = z.object({
  id: z.number(), customerId: z.number(), project: z.string(), unit: z.string(), contractNo: z.string().nullable(), contractDate: z.string().nullable(),
  priceFen: z.number().nullable(), receivedFen: z.number(), status: z.string().describe(purchaseStatuses.join(' / ')), origin: z.string().describe('sale / property_import'),
  fullyPaidAt: isoDate.nullable(), note: z.string().nullable(), externalSystem: z.string().nullable(), externalId: z.string().nullable(),
  importId: z.number().nullable(), importRow: z.number().nullable(), createdAt: isoDate, updatedAt: isoDate, deletedAt: isoDate.nullable(),
});
const refundOut = z.object({
  id: z.number(), purchaseId: z.number(), amountFen: z.number(), refundedAt: isoDate, reason: z.string(), receiptNo: z.string().nullable(),
  externalSystem: z.string().nullable(), externalId: z.string().nullable(), createdAt: isoDate,
});
const purchaseWithPayments = purchaseOut.extend({ payments: z.array(paymentOut), refunds: z.array(refundOut) });
/** What a refund, a void or a cancellation did to the purchase points (null: the purchase was not fully paid). */
const pointsReversal = z.object({
  memberId: z.number().nullable().describe('the member who held the purchase points; null: the buyer was not a member'),
  reversed: z.number().describe('points taken back now by corrections of the purchase points'),
  notReversed: z.number().describe('points the member had spent: not taken back, queued for a decision'),
  pendingEntryIds: z.array(z.number()).describe('pending corrections in the points approval queue holding what was not taken back'),
  withdrawn: z.number().describe('pending purchase points (awaiting approval) withdrawn'),
  dueCancelled: z.boolean().describe('points owed to a buyer who had not joined yet are no longer owed'),
}).nullable();
const reasonText = z.string().trim().min(1).max(2000);
const auditOut = z.object({
  id: z.number(), at: isoDate, actorKind: z.string(), actorId: z.number().nullable(), actorName: z.string(), action: z.string(),
  entityType: z.string(), entityId: z.string().nullable(), changes: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(), ip: z.string().nullable(),
});
const personFields = {
  name: text(64).min(1),
  gender: z.enum(['male', 'female']).nullish(),
  birthday: dateOnly.nullish(),
  idType: text(32).nullish().describe('dictionary id_type; resident_id when an ID number is given without it'),
  idNumber: idNumberInput.nullish(),
  mobile: mobileInput.nullish(),
  homePhone: phoneInput.nullish(),
  email: text(128).nullish(),
  address: text(200).nullish(),
};
const customerBody = z.object({
  ...personFields,
  note: longText.nullish(),
  source: text(32).optional().describe('dictionary customer_source; manual by default'),
  tags: z.array(text(32).min(1)).max(20).optional(),
  ownerId: idField.nullish(),
  department: text(64).nullish(),
}).strict();

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const customerFilters = z.object({
  q: searchInput(64).optional().describe('a name (fuzzy, pinyin too), a mobile / phone or its last digits, or a full ID number'),
  name: searchInput(64).optional(), mobile: mobileInput.optional(), idNumber: idNumberInput.optional().describe('exact, through the keyed hash'),
  tag: text(32).optional(), ownerId: idParam.optional(), department: text(64).optional(),
  source: text(32).optional(), project: text(100).optional(), isBuyer: bool.optional(), isMember: bool.optional(),
  deleted: z.enum(['exclude', 'include', 'only']).optional(),
});
const revealQuery = z.object({ reveal: z.enum(['idNumber']).optional().describe('idNumber: show the full ID number (needs pii.view; audited)') });

const purchaseBody = z.object({
  project: text(100).min(1), unit: text(64).min(1), contractNo: text(64).nullish(), contractDate: z.iso.date().nullish(),
  priceFen: z.number().int().positive().max(1e13).describe('price in fen (分)'), status: z.enum(['subscribed', 'contracted']).optional(),
  note: longText.nullish(),
}).strict();
const paymentBody = z.object({
  amountFen: z.number().int().positive().max(1e13), paidAt: z.iso.datetime({ offset: true }).optional(),
  receiptNo: text(64).nullish(), note: longText.nullish(),
}).strict();

const upsertOut = <T extends z.ZodType>(record: T) => z.object({ id: z.number(), created: z.boolean(), changed: z.boolean(), record });
const refundBody = z.object({
  amountFen: z.number().int().positive().max(1e13), refundedAt: z.iso.datetime({ offset: true }).optional(),
  reason: reasonText, receiptNo: text(64).nullish(),
}).strict();

export default function routes(app: App, ctx: Ctx) {
  const tags = ['customers'];
  const ptags = ['purchases'];
  const pii = ctx.crypto;

  // ----- customers -----
  app.get('/customers', {
    config: { permission: 'customer.read' },
    schema: { tags, summary: 'List and search customers (within the data scope; ID numbers masked)', querystring: pageQuery.extend(customerFilters.shape), response: { 200: paged(customerOut).extend({ totalExact: totalExactField }), ...commonErrors } },
  }, async (req) => listCustomers(ctx.db.db, req.actor!, pii, req.query));

  app.get('/customers/facets', {
    config: { permission: 'customer.read', replica: true },
    schema: {
      tags, summary: 'Values for the list filters: tags, departments, owners and projects in use',
      response: { 200: z.object({ tags: z.array(z.string()), departments: z.array(z.string()), owners: z.array(z.object({ id: z.number(), name: z.string() })), projects: z.array(z.object({ project: z.string(), count: z.number() })) }), ...commonErrors },
    },
  }, async (req) => ctx.read(req, async (db, actor) => (
    { ...(await customerFacets(db, actor)), owners: await listCustomerOwners(db, actor), projects: await listProjects(db, actor) })));

  exportRoute(app, ctx, { path: '/customers/export', permission: 'customer.read', tags, query: customerFilters.extend(revealQuery.shape) }, {
    list: 'customers', title: ['客户', 'Customers'], columns: customerColumns, dictionaries: ['customer_source', 'id_type'],
    rows: (q, actor, _params, db) => customerExportRows(db, actor, pii, q),
    auditFilters: auditableCustomerFilters,
    auditFacts: (q, actor) => ({ idNumbers: q.reveal === 'idNumber' && can(actor, 'pii.export') ? 'full' : 'masked' }),
  });

  app.post('/customers', {
    config: { permission: 'customer.write' },
    schema: { tags, summary: 'Create a customer (validated and normalised; a known ID number is refused)', body: customerBody, response: { 200: customerOut, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const [c] = await withOwnerNames(tx, [presentCustomer(await createCustomer(tx, actor, pii, req.body), actor, pii)]);
    return c;
  }));

  app.get('/customers/:id', {
    config: { permission: 'customer.read' },
    schema: {
      tags, summary: 'The customer page: record, purchases with payments, membership link, history', params: idParams, querystring: revealQuery,
      response: {
        200: z.object({
          customer: customerOut, purchases: z.array(purchaseWithPayments), memberId: z.number().nullable(),
          member: z.object({ id: z.number(), memberNo: z.string(), status: z.string(), joinedAt: isoDate }).nullable().describe('the club member this person is (数据关联)'),
          pendingApplication: z.object({ id: z.number(), applicationNo: z.string(), createdAt: isoDate }).nullable()
            .describe('not a member: the oldest of their membership applications waiting for review (待审核), if any'),
          mergedIntoId: z.number().nullable(), history: z.array(auditOut),
        }),
        ...commonErrors,
      },
    },
  }, async (req) => ctx.act(req, (tx, actor) => customerDetail(tx, actor, pii, req.params.id, { reveal: req.query.reveal === 'idNumber' })));

  app.patch('/customers/:id', {
    config: { permission: 'customer.write' },
    schema: { tags, summary: 'Edit a customer', params: idParams, body: customerBody.partial().strict(), response: { 200: customerOut, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    await getCustomerInScope(tx, actor, req.params.id);
    const { customer } = await updateCustomer(tx, actor, pii, req.params.id, req.body);
    const [c] = await withOwnerNames(tx, [presentCustomer(customer, actor, pii)]);
    return c;
  }));

  app.delete('/customers/:id', {
    config: { permission: 'customer.write' },
    schema: { tags, summary: 'Delete a customer (logical; can be restored)', params: idParams, response: { 200: customerOut, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => presentCustomer(await deleteCustomer(tx, actor, req.params.id), actor, pii)));

  app.post('/customers/:id/restore', {
    config: { permission: 'customer.write' },
    schema: { tags, summary: 'Restore a deleted customer', params: idParams, response: { 200: customerOut, ...commonErrors } },
  }, async (req) => ctx.act(req, async (tx, actor) => presentCustomer(await restoreCustomer(tx, actor, req.params.id), actor, pii)));

  // ----- purchases and payments -----
  app.get('/purchases', {
    config: { permission: 'customer.read' },
    schema: {
      tags: ptags, summary: 'List purchases (customers within the data scope)',
      querystring: pageQuery.extend({
        q: searchInput(64).optional().describe('customer name, unit or contract no.'), project: text(100).optional(), status: z.enum(purchaseStatuses).optional(),
        origin: z.enum(['sale', 'property_import']).optional(), customerId: idParam.optional(), fullyPaid: bool.optional(),
        deleted: z.enum(['exclude', 'include', 'only']).optional(),
      }),
      response: { 200: paged(purchaseOut.extend({ customerName: z.string() })), ...commonErrors },
    },
  }, async (req) => listPurchases(ctx.db.db, req.actor!, req.query));

  app.post('/customers/:id/purchases', {
    config: { permission: 'purchase.write' },
    schema: { tags: ptags, summary: 'Record a purchase: the customer becomes a buyer and an automatic membership application is raised', params: idParams, body: purchaseBody, response: { 200: purchaseOut, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => createPurchase(tx, actor, req.params.id, req.body)));

  app.get('/purchases/:id', {
    config: { permission: 'customer.read' },
    schema: { tags: ptags, summary: 'A purchase with its payments', params: idParams, response: { 200: purchaseWithPayments, ...commonErrors } },
  }, async (req) => getPurchaseDetail(ctx.db.db, req.actor!, req.params.id));

  app.patch('/purchases/:id', {
    config: { permission: 'purchase.write' },
    schema: {
      tags: ptags, summary: 'Edit a purchase (status subscribed ↔ contracted → cancelled; paid_off only by full payment)', params: idParams,
      body: purchaseBody.extend({ status: z.enum(enteredStatuses).optional() }).partial().strict(), response: { 200: purchaseOut, ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => (await updatePurchase(tx, actor, req.params.id, req.body)).purchase));

  app.delete('/purchases/:id', {
    config: { permission: 'purchase.write' },
    schema: { tags: ptags, summary: 'Delete a purchase entered by mistake (logical; not once fully paid)', params: idParams, response: { 200: purchaseOut, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => deletePurchase(tx, actor, req.params.id)));

  app.post('/purchases/:id/restore', {
    config: { permission: 'purchase.write' },
    schema: { tags: ptags, summary: 'Restore a deleted purchase', params: idParams, response: { 200: purchaseOut, ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => restorePurchase(tx, actor, req.params.id)));

  app.post('/purchases/:id/payments', {
    config: { permission: 'purchase.write' },
    schema: {
      tags: ptags, summary: 'Add a payment received (never beyond the price: 422 PAYMENT_EXCEEDS_PRICE); 100% received fires "purchase fully paid" once',
      params: idParams, body: paymentBody, response: { 200: z.object({ payment: paymentOut, purchase: purchaseOut }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => addPayment(tx, actor, req.params.id, { ...req.body, paidAt: req.body.paidAt ? new Date(req.body.paidAt) : undefined })));

  app.post('/purchases/:id/refunds', {
    config: { permission: 'purchase.write' },
    schema: {
      tags: ptags, summary: 'Refund money to the buyer (never more than received: 422 REFUND_EXCEEDS_RECEIVED); below 100% a fully paid purchase is no longer fully paid and its purchase points are reversed (points says how); Idempotency-Key makes a retry harmless',
      params: idParams, body: refundBody, response: { 200: z.object({ refund: refundOut, purchase: purchaseOut, points: pointsReversal }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => refundPayment(tx, actor, req.params.id, { ...req.body, refundedAt: req.body.refundedAt ? new Date(req.body.refundedAt) : undefined })));

  app.post('/purchases/:id/cancel', {
    config: { permission: 'purchase.write' },
    schema: {
      tags: ptags, summary: 'Cancel a purchase (退房), paid in full or not: the unit may be sold again; a fully paid purchase\'s points are reversed (points says how); the money is given back by refunds',
      params: idParams, body: z.object({ reason: reasonText }).strict(), response: { 200: z.object({ purchase: purchaseOut, points: pointsReversal }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, (tx, actor) => cancelPurchase(tx, actor, req.params.id, req.body.reason)));

  app.post('/payments/:id/void', {
    config: { permission: 'purchase.write' },
    schema: { tags: ptags, summary: 'Void a payment entered by mistake or bounced; a fully paid purchase drops below 100% and its purchase points are reversed (points says how)', params: idParams, body: z.object({ reason: requiredLongText }).strict(), response: { 200: paymentOut.extend({ points: pointsReversal }), ...commonErrors } },
  }, async (req) => ctx.act(req, (tx, actor) => voidPayment(tx, actor, req.params.id, req.body.reason)));

  // ----- imports of customers and old-project owners (import-routes.ts) -----
  importRoutes(app, ctx);

  // ----- the sales system (营销系统) -----
  const itags = ['integration'];
  app.post('/integration/sales/customers', {
    config: { permission: 'integration.sales' },
    schema: {
      tags: itags, summary: 'Sales system: upsert a customer by its id there (idempotent)',
      body: z.object({
        externalId: text(64).min(1), ...personFields, tags: z.array(text(32).min(1)).max(20).optional(),
        ownerLogin: text(64).nullish().describe('the salesperson by ClubCRM login'), department: text(64).nullish().describe('the sales office, e.g. 滨江案场'),
      }).strict(),
      response: { 200: upsertOut(customerOut), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await upsertSalesCustomer(tx, actor, pii, req.body);
    return { id: r.record.id, created: r.created, changed: r.changed, record: presentCustomer(r.record, actor, pii) };
  }));

  app.post('/integration/sales/purchases', {
    config: { permission: 'integration.sales' },
    schema: {
      tags: itags, summary: "Sales system: upsert a purchase by its id there, naming the customer by the sales system's id (idempotent); status cancelled is a 退房 (a fully paid purchase's points are reversed)",
      body: purchaseBody.extend({ externalId: text(64).min(1), customerExternalId: text(64).min(1), status: z.enum(enteredStatuses).optional() }).strict(),
      response: { 200: upsertOut(purchaseOut).extend({ points: pointsReversal }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await upsertSalesPurchase(tx, actor, req.body);
    return { id: r.record.id, created: r.created, changed: r.changed, record: r.record, points: r.points };
  }));

  app.post('/integration/sales/payments', {
    config: { permission: 'integration.sales' },
    schema: {
      tags: itags, summary: 'Sales system: record a payment received, once per id there',
      body: z.object({
        externalId: text(64).min(1), purchaseExternalId: text(64).min(1), amountFen: z.number().int().positive().max(1e13),
        paidAt: z.iso.datetime({ offset: true }), receiptNo: text(64).nullish(), note: longText.nullish(),
      }).strict(),
      response: { 200: upsertOut(paymentOut).extend({ purchase: purchaseOut }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await recordSalesPayment(tx, actor, { ...req.body, paidAt: new Date(req.body.paidAt) });
    return { id: r.record.id, created: r.created, changed: r.changed, record: r.record, purchase: r.purchase };
  }));

  app.post('/integration/sales/refunds', {
    config: { permission: 'integration.sales' },
    schema: {
      tags: itags, summary: 'Sales system: record money given back (退款), once per id there; below 100% a fully paid purchase\'s points are reversed (points says how; null on a repeat)',
      body: z.object({
        externalId: text(64).min(1), purchaseExternalId: text(64).min(1), amountFen: z.number().int().positive().max(1e13),
        refundedAt: z.iso.datetime({ offset: true }), reason: reasonText, receiptNo: text(64).nullish(),
      }).strict(),
      response: { 200: upsertOut(refundOut).extend({ purchase: purchaseOut, points: pointsReversal }), ...commonErrors },
    },
  }, async (req) => ctx.act(req, async (tx, actor) => {
    const r = await recordSalesRefund(tx, actor, { ...req.body, refundedAt: new Date(req.body.refundedAt) });
    return { id: r.record.id, created: r.created, changed: r.changed, record: r.record, purchase: r.purchase, points: r.points };
  }));
}
