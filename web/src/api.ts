// The console's one way to the API: JSON over fetch with the session cookie, the chosen
// language in Accept-Language, and the API's error body carried by ApiError.
import i18n, { currentLanguage } from './i18n';

export interface FieldIssue { field: string; issue: string }
export interface ErrorBody { error: { code: string; message: string; details: FieldIssue[] }; requestId?: string }
/** totalExact false: total is an estimate (long lists are not counted one by one) */
export interface Paged<T> { items: T[]; total: number; page: number; pageSize: number; totalExact?: boolean }

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ErrorBody) {
    super(body.error.message);
  }
  get code() { return this.body.error.code; }
  get details() { return this.body.error.details; }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Called when the session is missing or over; the app sends the user to the sign-in page. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(fn: () => void) { onUnauthenticated = fn; }

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, extra?: Record<string, string>): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': currentLanguage(), Accept: 'application/json', ...extra };
  const raw = body instanceof Blob; // a file sent as the body itself (imports)
  if (body !== undefined) headers['Content-Type'] = raw ? (body as Blob).type || 'application/octet-stream' : 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, query), {
      method, credentials: 'same-origin', headers, body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { error: { code: 'NETWORK', message: i18n.t('error.network'), details: [] } });
  }
  const text = await res.text();
  let data: unknown = undefined;
  try { data = text ? JSON.parse(text) : undefined; } catch { /* not JSON: handled below */ }
  if (res.ok) return data as T;
  const err = isErrorBody(data)
    ? new ApiError(res.status, data)
    : new ApiError(res.status, { error: { code: `HTTP_${res.status}`, message: i18n.t('error.http', { status: res.status }), details: [] } });
  if (err.code === 'UNAUTHENTICATED') onUnauthenticated();
  throw err;
}

function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && typeof (x as ErrorBody).error?.message === 'string';
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  /** a POST that is safe to retry: the same key makes the server answer the first reply again */
  postOnce: <T>(path: string, body: unknown, idempotencyKey: string) => request<T>('POST', path, body, undefined, { 'Idempotency-Key': idempotencyKey }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** POSTs a file as the raw request body (CSV/XLSX imports) */
  upload: <T>(path: string, file: Blob, query?: Query) => request<T>('POST', path, file, query),
};
