// The one error type services throw for a caller's mistake, and its reply format:
// { "error": { "code", "message" (localised), "details": [{ "field", "issue" }] }, "requestId" }
import type { Lang } from './i18n/index.ts';
import { t, fieldLabel } from './i18n/index.ts';

export interface FieldIssue {
  field: string;
  /** catalogue key of the issue, e.g. validation.idNumber.checksum */
  key: string;
  /** an issue already in the reader's language (zod's own messages) */
  text?: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly details: FieldIssue[] = [],
  ) {
    super(`${code}: ${key} ${JSON.stringify(params)}`);
  }
}

/** 400 for one or more bad fields; the message names them. */
export function invalid(details: FieldIssue[]): AppError {
  return new AppError(400, 'VALIDATION_FAILED', 'validation.failed', {}, details);
}
export function invalidField(field: string, key: string, params?: Record<string, unknown>): AppError {
  return invalid([{ field, key, params }]);
}
export function notFound(entity: string, id: unknown): AppError {
  return new AppError(404, 'NOT_FOUND', 'error.notFound', { entity: `entity.${entity}`, id });
}
export function conflict(code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(409, code, key, params);
}
/** 422: well-formed, but the business rules refuse it (state, balance, stock…). */
export function refused(code: string, key: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(422, code, key, params);
}
export function forbidden(permission: string): AppError {
  return new AppError(403, 'FORBIDDEN', 'auth.forbidden', { permission });
}

export interface ErrorBody {
  error: { code: string; message: string; details: { field: string; issue: string }[] };
  requestId?: string;
}

/** Localises params that are themselves catalogue keys (e.g. entity names). */
export function localParams(lang: Lang, params: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' && v.startsWith('entity.') ? t(lang, v) : v;
  return out;
}

export function errorBody(lang: Lang, e: AppError, requestId?: string): ErrorBody {
  const details = e.details.map((d) => ({
    field: d.field,
    issue: d.text ?? t(lang, d.key, localParams(lang, d.params ?? {})),
  }));
  const summary = details
    .map((d) => (lang === 'en' ? `${fieldLabel(lang, d.field)} (${d.field}) ${d.issue}` : `${fieldLabel(lang, d.field)}（${d.field}）：${d.issue}`))
    .join(lang === 'en' ? '; ' : '；');
  return {
    error: { code: e.code, message: t(lang, e.key, { ...localParams(lang, e.params), summary }), details },
    requestId,
  };
}

/**
 * An unhandled error as the logs may keep it: no values from the database request. A failed
 * query's message carries its parameters ("params: 99999999999,张三,…") and the database's own
 * message and detail quote values ("Key (mobile)=(138…)"); what is kept is the SQL text with its
 * placeholders, the SQLSTATE code and the names (constraint, table, column) — enough to find the
 * fault, nothing of the people in it. Usage: `req.log.error({ err: loggableError(err) }, …)`.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 200) };
  const e = err as Error & { query?: unknown; params?: unknown; code?: unknown; cause?: unknown };
  const dbCause = (e.cause ?? (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e : null)) as
    (Error & Record<string, unknown>) | null;
  const isQuery = typeof e.query === 'string' && 'params' in e;
  if (!isQuery && !dbCause) return { type: e.name, message: e.message, stack: e.stack, code: e.code };
  const quoted = (s: unknown) => String(s ?? '').replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)=\([^()]*\)/g, '(…)=(…)');
  const message = isQuery ? `Failed query: ${e.query as string}` : quoted(e.message);
  const out: Record<string, unknown> = {
    type: e.name,
    message,
    // the stack's first line repeats the message (with the parameters): only the frames are kept
    stack: [`${e.name}: ${message}`, ...(e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l))].join('\n'),
  };
  if (dbCause) {
    out.code = dbCause.code;
    out.cause = {
      type: dbCause.name, message: quoted(dbCause.message), code: dbCause.code, severity: dbCause.severity,
      constraint: dbCause.constraint, table: dbCause.table, column: dbCause.column, routine: dbCause.routine,
    };
  }
  return out;
}
