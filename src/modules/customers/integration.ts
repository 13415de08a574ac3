// The sales system (营销系统) reports customers, purchases and payments. Every call is an
// idempotent upsert keyed by the sender's own id (external_system + external_id): the same call
// twice changes nothing the second time — no second record, audit line, payment or application.
// Calls with the same key are serialised by a transaction-scoped advisory lock, so even a
// retry racing its original cannot create twins.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { AppError, conflict, refused } from '../../http/errors.ts';
import type { Crypto } from '../../pii.ts';
import { recordAudit } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { activeUserIdByLogin } from '../auth/service.ts';
import { customers, payments, purchases, refunds } from './schema.ts';
import {
  createCustomer, getCustomer, idNumberHash, updateCustomer, type CustomerPatch, type CustomerRow, type PersonInput, type PurchaseRow,
} from './service.ts';
import {
  addPayment, createPurchase, refundPayment, updatePurchase, yuan, type EnteredStatus, type PaymentRow, type PointsReport, type RefundRow,
} from './purchases.ts';

export const SALES_SYSTEM = 'sales_system';

/** Serialises calls about one external record until the transaction ends (both engines). */
async function lockExternal(tx: Tx, entity: string, externalId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${SALES_SYSTEM}:${entity}:${externalId}`}, 0))`);
}

function unknownReference(field: string, externalId: string): AppError {
  return new AppError(422, 'UNKNOWN_EXTERNAL_REFERENCE', 'validation.failed', {}, [{ field, key: 'validation.unknownExternal', params: { externalId } }]);
}

/** The customer behind a sales-system id; a record merged into another answers with the survivor. */
async function customerByExternalId(tx: Tx, externalId: string): Promise<CustomerRow | null> {
  const [c] = await tx.select().from(customers).where(and(eq(customers.externalSystem, SALES_SYSTEM), eq(customers.externalId, externalId)));
  if (!c) return null;
  let current = c;
  for (let hops = 0; current.mergedIntoId && hops < 10; hops++) current = await getCustomer(tx, current.mergedIntoId, { includeDeleted: true });
  return current;
}

export interface SalesCustomerInput extends Partial<PersonInput> {
  externalId: string;
  name: string;
  tags?: string[];
  /** the salesperson (置业顾问) by their ClubCRM login */
  ownerLogin?: string | null;
  /** the sales office (案场), e.g. 滨江案场: decides who sees the record */
  department?: string | null;
}

export type UpsertResult<T> = { record: T; created: boolean; changed: boolean };

/**
 * A customer as the sales system knows it. Fields left out stay as they are. A person already
 * in ClubCRM (same ID number, typed in by the service centre) is linked, not doubled; a person
 * the sales system knows under two ids is refused (409) so its duplicate can be fixed there.
 */
export async function upsertSalesCustomer(tx: Tx, actor: Actor, pii: Crypto, input: SalesCustomerInput): Promise<UpsertResult<CustomerRow>> {
  await lockExternal(tx, 'customer', input.externalId);
  let ownerId: number | null | undefined;
  if (input.ownerLogin !== undefined) {
    ownerId = input.ownerLogin ? await activeUserIdByLogin(tx, input.ownerLogin) : null;
    if (input.ownerLogin && ownerId == null) {
      throw new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, [{ field: 'ownerLogin', key: 'customer.unknownOwner', params: { login: input.ownerLogin } }]);
    }
  }
  const patch: CustomerPatch = {};
  for (const k of ['name', 'gender', 'birthday', 'idType', 'idNumber', 'mobile', 'homePhone', 'email', 'address', 'tags', 'department'] as const) {
    if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
  }
  if (ownerId !== undefined) patch.ownerId = ownerId;

  const existing = await customerByExternalId(tx, input.externalId);
  if (!existing && input.idNumber) {
    // the same person typed in earlier: bind them to the sales system's id
    const [same] = await tx.select().from(customers)
      .where(and(eq(customers.idNumberHash, idNumberHash(pii, input.idNumber)), isNull(customers.deletedAt))).limit(1);
    if (same) {
      if (same.externalSystem === SALES_SYSTEM && same.externalId !== input.externalId) {
        throw conflict('CUSTOMER_ID_NUMBER_TAKEN', 'customer.idNumberTaken', { id: `${same.id} (${SALES_SYSTEM}:${same.externalId})` });
      }
      await tx.update(customers).set({ externalSystem: SALES_SYSTEM, externalId: input.externalId, updatedAt: new Date() }).where(eq(customers.id, same.id));
      await recordAudit(tx, actor, {
        action: 'customer.update', entityType: 'customer', entityId: same.id,
        before: { externalSystem: same.externalSystem, externalId: same.externalId }, after: { externalSystem: SALES_SYSTEM, externalId: input.externalId },
      });
      const { customer } = await updateCustomer(tx, actor, pii, same.id, patch);
      return { record: customer, created: false, changed: true };
    }
  }
  if (!existing) {
    const c = await createCustomer(tx, actor, pii, {
      ...patch, name: input.name, source: SALES_SYSTEM, externalSystem: SALES_SYSTEM, externalId: input.externalId,
      ownerId: ownerId ?? null, department: input.department ?? null,
    });
    return { record: c, created: true, changed: true };
  }
  if (existing.deletedAt) throw refused('CUSTOMER_DELETED', 'customer.deleted', { id: existing.id });
  const { customer, changes } = await updateCustomer(tx, actor, pii, existing.id, patch);
  return { record: customer, created: false, changed: Object.keys(changes).length > 0 };
}

export interface SalesPurchaseInput {
  externalId: string;
  customerExternalId: string;
  project: string;
  unit: string;
  contractNo?: string | null;
  contractDate?: string | null;
  priceFen: number;
  status?: EnteredStatus;
  note?: string | null;
}

/**
 * A sale as the sales system knows it: created once (buyer, automatic application), later only
 * edited. Status cancelled is a 退房: a fully paid purchase's points are reversed (points says how).
 */
export async function upsertSalesPurchase(tx: Tx, actor: Actor, input: SalesPurchaseInput): Promise<UpsertResult<PurchaseRow> & { points: PointsReport }> {
  await lockExternal(tx, 'purchase', input.externalId);
  const customer = await customerByExternalId(tx, input.customerExternalId);
  if (!customer) throw unknownReference('customerExternalId', input.customerExternalId);
  if (customer.deletedAt) throw refused('CUSTOMER_DELETED', 'customer.deleted', { id: customer.id });
  const [existing] = await tx.select().from(purchases).where(and(eq(purchases.externalSystem, SALES_SYSTEM), eq(purchases.externalId, input.externalId)));
  const { externalId, customerExternalId, ...fields } = input;
  if (!existing) {
    const p = await createPurchase(tx, actor, customer.id, { ...fields, externalSystem: SALES_SYSTEM, externalId });
    return { record: p, created: true, changed: true, points: null };
  }
  if (existing.customerId !== customer.id) {
    throw new AppError(409, 'PURCHASE_CUSTOMER_CHANGED', 'purchase.customerChanged', { externalId, customerExternalId });
  }
  const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const { purchase, changed, points } = await updatePurchase(tx, actor, existing.id, patch);
  return { record: purchase, created: false, changed: changed.length > 0, points };
}

export interface SalesPaymentInput {
  externalId: string;
  purchaseExternalId: string;
  amountFen: number;
  paidAt: Date;
  receiptNo?: string | null;
  note?: string | null;
}

/** A payment received (房款到账): recorded once; the same id with another amount or purchase is a 409. */
export async function recordSalesPayment(tx: Tx, actor: Actor, input: SalesPaymentInput): Promise<UpsertResult<PaymentRow> & { purchase: PurchaseRow }> {
  await lockExternal(tx, 'payment', input.externalId);
  const [purchase] = await tx.select().from(purchases).where(and(eq(purchases.externalSystem, SALES_SYSTEM), eq(purchases.externalId, input.purchaseExternalId)));
  if (!purchase) throw unknownReference('purchaseExternalId', input.purchaseExternalId);
  const [existing] = await tx.select().from(payments).where(and(eq(payments.externalSystem, SALES_SYSTEM), eq(payments.externalId, input.externalId)));
  if (existing) {
    if (existing.amountFen !== input.amountFen || existing.purchaseId !== purchase.id) {
      throw new AppError(409, 'PAYMENT_CHANGED', 'payment.changed', { externalId: input.externalId, amount: yuan(existing.amountFen) });
    }
    return { record: existing, created: false, changed: false, purchase };
  }
  const { payment, purchase: after } = await addPayment(tx, actor, purchase.id, {
    amountFen: input.amountFen, paidAt: input.paidAt, receiptNo: input.receiptNo, note: input.note,
    externalSystem: SALES_SYSTEM, externalId: input.externalId,
  });
  return { record: payment, created: true, changed: true, purchase: after };
}

export interface SalesRefundInput {
  externalId: string;
  purchaseExternalId: string;
  amountFen: number;
  refundedAt: Date;
  reason: string;
  receiptNo?: string | null;
}

/**
 * Money given back (退款), recorded once per id there: the same call again changes nothing
 * (created false, no second refund, no points moved); the same id with another amount or
 * purchase is a 409.
 */
export async function recordSalesRefund(tx: Tx, actor: Actor, input: SalesRefundInput): Promise<UpsertResult<RefundRow> & { purchase: PurchaseRow; points: PointsReport }> {
  await lockExternal(tx, 'refund', input.externalId);
  const [purchase] = await tx.select().from(purchases).where(and(eq(purchases.externalSystem, SALES_SYSTEM), eq(purchases.externalId, input.purchaseExternalId)));
  if (!purchase) throw unknownReference('purchaseExternalId', input.purchaseExternalId);
  const [existing] = await tx.select().from(refunds).where(and(eq(refunds.externalSystem, SALES_SYSTEM), eq(refunds.externalId, input.externalId)));
  if (existing) {
    if (existing.amountFen !== input.amountFen || existing.purchaseId !== purchase.id) {
      throw new AppError(409, 'REFUND_CHANGED', 'refund.changed', { externalId: input.externalId, amount: yuan(existing.amountFen) });
    }
    return { record: existing, created: false, changed: false, purchase, points: null };
  }
  const { refund, purchase: after, points } = await refundPayment(tx, actor, purchase.id, {
    amountFen: input.amountFen, refundedAt: input.refundedAt, reason: input.reason, receiptNo: input.receiptNo,
    externalSystem: SALES_SYSTEM, externalId: input.externalId,
  });
  return { record: refund, created: true, changed: true, purchase: after, points };
}
