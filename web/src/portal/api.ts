// The members' portal's way to the API (/api/v1/portal/*): the member cookie goes with it by itself
// (HttpOnly, path /api/v1/portal); a lost session sends the member to the portal's sign-in, never the console's.
import { ApiError, withQuery, type ErrorBody, type Paged, type Query } from '../api';
export type { Paged };
import i18n, { currentLanguage } from '../i18n';

let onSignedOut: () => void = () => {};
export function setPortalSignedOutHandler(fn: () => void) { onSignedOut = fn; }

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': currentLanguage(), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1/portal${path}`, query), { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { error: { code: 'NETWORK', message: i18n.t('error.network'), details: [] } });
  }
  const text = await res.text();
  let data: unknown;
  try { data = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
  if (res.ok) return data as T;
  const err = typeof data === 'object' && data !== null && typeof (data as ErrorBody).error?.message === 'string'
    ? new ApiError(res.status, data as ErrorBody)
    : new ApiError(res.status, { error: { code: `HTTP_${res.status}`, message: i18n.t('error.http', { status: res.status }), details: [] } });
  if (err.code === 'UNAUTHENTICATED') onSignedOut();
  throw err;
}

export const portalApi = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
};

export interface Label { code: string; labelZh: string; labelEn: string }
export interface Profile {
  memberNo: string; name: string; mobileMasked: string | null; joinedAt: string; status: string; level: Label | null; cardNo: string | null;
  balance: number; expiringIn30Days: number; nextExpiry: string | null;
}
export interface PointsReply {
  balance: number; earned: number; redeemed: number; expired: number; expiringIn30Days: number; nextExpiry: { at: string; points: number } | null;
  entries: { items: { id: number; amount: number; state: string; sourceType: string; reason: string | null; createdAt: string }[]; total: number; page: number; pageSize: number };
}
export interface Plan { id: number; item: string; description: string | null; pointsCost: number; stockLeft: number | null; endsOn: string | null; limitPerMember: number | null; affordable: boolean }
export interface Redemption { id: number; item: string; quantity: number; points: number; status: 'pending' | 'delivered' | 'cancelled'; createdAt: string; cancellable: boolean }
export const profileKey = ['portal', 'me'] as const;
export interface Offer {
  serviceId: number; name: string; content: string | null; startsOn: string; endsOn: string | null; discountPercent: number | null; discountNote: string | null;
  merchant: { code: string; name: string; type: string | null; address: string | null; phone1: string | null; phone2: string | null };
}
export interface Complaint { complaintNo: string; content: string; status: 'pending' | 'processing' | 'done'; receivedAt: string }
