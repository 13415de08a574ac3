// Shapes of the customers API (src/modules/customers/routes.ts).
import type { AuditEntry } from '../audit/types';

export interface Customer {
  id: number; name: string; namePinyin: string; gender: 'male' | 'female' | null; birthday: string | null;
  idType: string | null; idNumber: string | null; idNumberMasked: string | null; idNumberRevealed: boolean;
  mobile: string | null; homePhone: string | null; email: string | null; address: string | null; note: string | null;
  source: string; tags: string[]; ownerId: number | null; ownerName?: string | null; department: string | null;
  isBuyer: boolean; memberId: number | null; mergedIntoId: number | null; externalSystem: string | null; externalId: string | null;
  importId: number | null; createdAt: string; updatedAt: string; deletedAt: string | null;
}

export interface Payment {
  id: number; purchaseId: number; amountFen: number; paidAt: string; receiptNo: string | null; note: string | null;
  externalSystem: string | null; externalId: string | null; voidedAt: string | null; voidReason: string | null; createdAt: string;
}

export interface Refund {
  id: number; purchaseId: number; amountFen: number; refundedAt: string; reason: string; receiptNo: string | null;
  externalSystem: string | null; externalId: string | null; createdAt: string;
}

/** What a refund, a voided payment or a cancellation did to the purchase points (null: the purchase was not fully paid). */
export interface PointsReversal {
  memberId: number | null; reversed: number; notReversed: number; pendingEntryIds: number[]; withdrawn: number; dueCancelled: boolean;
}

export type PurchaseStatus = 'subscribed' | 'contracted' | 'paid_off' | 'cancelled';

export interface Purchase {
  id: number; customerId: number; project: string; unit: string; contractNo: string | null; contractDate: string | null;
  priceFen: number | null; receivedFen: number; status: PurchaseStatus; origin: 'sale' | 'property_import'; fullyPaidAt: string | null;
  note: string | null; externalSystem: string | null; externalId: string | null; importId: number | null;
  createdAt: string; updatedAt: string; deletedAt: string | null;
  payments?: Payment[]; refunds?: Refund[]; customerName?: string;
}

export interface MemberLink { id: number; memberNo: string; status: string; joinedAt: string }

/** A membership application of this customer waiting for review (待审核). */
export interface PendingApplicationLink { id: number; applicationNo: string; createdAt: string }

export interface CustomerDetail {
  customer: Customer; purchases: Purchase[]; memberId: number | null; member: MemberLink | null;
  pendingApplication: PendingApplicationLink | null; mergedIntoId: number | null; history: AuditEntry[];
}

export interface Facets { tags: string[]; departments: string[]; owners: { id: number; name: string }[]; projects: { project: string; count: number }[] }

export interface ImportIssue { row: number; field: string; fieldLabel: string; key: string; level: 'error' | 'duplicate'; issue: string }

export type ImportKind = 'customers' | 'owners';
export type ImportStatus = 'uploading' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface CustomerImport {
  id: number; kind: ImportKind; fileName: string; format: string; status: ImportStatus; actorName: string; source: string | null;
  fileSize: number; totalRows: number; rowsDone: number; percent: number; importedRows: number; customersCreated: number; purchasesCreated: number;
  errorRows: number; duplicateRows: number; issueCount: number; error: string | null; createdAt: string; startedAt: string | null; finishedAt: string | null;
}
