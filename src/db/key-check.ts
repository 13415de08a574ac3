// The secret key's check value, stored with the data (system_settings, so every backup carries
// it): a process started with another key is refused before it serves anything, instead of
// answering 500 when an ID number is revealed and silently missing duplicates by ID number.
import type { Tx } from './index.ts';
import { rows, sql } from './index.ts';
import { getSetting, initSetting, putSetting } from './settings.ts';
import type { Crypto } from '../pii.ts';
import { AppError } from '../errors.ts';
import './messages.ts';

export const KEY_CHECK = 'secret_key_check';

/**
 * How many stored values only the key can read or match: ID numbers (encrypted, with their keyed
 * lookup hash) of customers and applications, and pieces of uploaded import files (sealed).
 */
export async function keyBoundValues(tx: Tx): Promise<number> {
  const [r] = await rows<{ n: number }>(tx, sql`SELECT (
      (SELECT count(*) FROM customers WHERE id_number_enc IS NOT NULL OR id_number_hash IS NOT NULL)
    + (SELECT count(*) FROM applications WHERE id_number_enc IS NOT NULL OR id_number_hash IS NOT NULL)
    + (SELECT count(*) FROM customer_import_chunks))::int AS n`);
  return r.n;
}

/** Whether any value is bound to the key (stops at the first). */
export async function hasKeyBoundValues(tx: Tx): Promise<boolean> {
  const [r] = await rows<{ any: boolean }>(tx, sql`SELECT
       EXISTS (SELECT 1 FROM customers WHERE id_number_enc IS NOT NULL OR id_number_hash IS NOT NULL)
    OR EXISTS (SELECT 1 FROM applications WHERE id_number_enc IS NOT NULL OR id_number_hash IS NOT NULL)
    OR EXISTS (SELECT 1 FROM customer_import_chunks) AS any`);
  return r.any;
}

/** Whether stored values open under the key: for data written before the check value existed. */
async function sampleOpens(tx: Tx, pii: Crypto): Promise<boolean> {
  const [v] = await rows<{ enc: string }>(tx, sql`
    (SELECT id_number_enc AS enc FROM customers WHERE id_number_enc IS NOT NULL LIMIT 1)
    UNION ALL (SELECT id_number_enc FROM applications WHERE id_number_enc IS NOT NULL LIMIT 1) LIMIT 1`);
  const [piece] = v ? [] : await rows<{ b64: string }>(tx, sql`SELECT encode(data, 'base64') AS b64 FROM customer_import_chunks LIMIT 1`);
  try {
    if (v) pii.decrypt(v.enc);
    else if (piece) pii.openBytes(Buffer.from(piece.b64, 'base64'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a key that is not the data's (SECRET_KEY_MISMATCH, naming where the key in use comes
 * from). The first start stores the key's check value; data from before the check value existed
 * is tried with one of its encrypted values first.
 */
export async function checkSecretKey(tx: Tx, pii: Crypto, keySource: string): Promise<void> {
  const stored = await getSetting(tx, KEY_CHECK);
  if (stored === pii.keyCheck) return;
  if (stored === null && (!(await hasKeyBoundValues(tx)) || (await sampleOpens(tx, pii)))) {
    // two processes starting together on a new database: the first one's value stays
    if ((await initSetting(tx, KEY_CHECK, pii.keyCheck)) === pii.keyCheck) return;
  }
  throw new AppError(409, 'SECRET_KEY_MISMATCH', 'secretKey.mismatch', { count: await keyBoundValues(tx), source: keySource });
}

export function restoreKeyMismatch(file: string, keySource: string): AppError {
  return new AppError(409, 'SECRET_KEY_MISMATCH', 'restore.keyMismatch', { file, source: keySource });
}

/**
 * After a restore, inside its transaction: restored data holding values bound to another key is
 * refused (the transaction rolls back); data holding none works under any key and is bound to the
 * key in use from now on.
 */
export async function bindRestoredData(tx: Tx, pii: Crypto, file: string, keySource: string): Promise<void> {
  const stored = await getSetting(tx, KEY_CHECK);
  if (stored === pii.keyCheck) return;
  if (await hasKeyBoundValues(tx)) {
    if (stored !== null || !(await sampleOpens(tx, pii))) throw restoreKeyMismatch(file, keySource);
  }
  await putSetting(tx, KEY_CHECK, pii.keyCheck);
}
