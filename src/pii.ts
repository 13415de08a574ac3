// Personal information at rest: ID numbers are encrypted (AES-256-GCM) and found through a
// keyed hash (HMAC-SHA256) of the normalised value, so equality search works without the key
// ever reaching the database. Both keys derive from the one secret key in config.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Crypto {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** keyed hash for exact lookups; the same input always gives the same hash */
  lookupHash(normalised: string): string;
  /** AES-256-GCM of bytes (e.g. an uploaded file holding ID numbers): iv + tag + ciphertext */
  sealBytes(plain: Buffer): Buffer;
  openBytes(sealed: Buffer): Buffer;
  /**
   * The key's check value: an HMAC of a fixed label under the key, stored with the data so a
   * process started with another key is noticed (it reveals nothing of the key).
   */
  keyCheck: string;
}

export function makeCrypto(secretHex: string): Crypto {
  const secret = Buffer.from(secretHex, 'hex');
  const encKey = crypto.createHmac('sha256', secret).update('clubcrm:encrypt').digest();
  const macKey = crypto.createHmac('sha256', secret).update('clubcrm:lookup').digest();
  // random IVs drawn from the CSPRNG 4 096 at a time: one call per block instead of per value (bulk imports)
  let ivs = Buffer.alloc(0);
  let ivAt = 0;
  const nextIv = () => {
    if (ivAt + 12 > ivs.length) { ivs = crypto.randomBytes(12 * 4096); ivAt = 0; }
    return Buffer.from(ivs.subarray(ivAt, (ivAt += 12)));
  };
  return {
    keyCheck: `v1:${crypto.createHmac('sha256', secret).update('clubcrm:key-check').digest('base64url')}`,
    encrypt(plain) {
      const iv = nextIv();
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(stored) {
      const raw = Buffer.from(stored.slice(3), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    lookupHash(normalised) {
      return crypto.createHmac('sha256', macKey).update(normalised).digest('base64url');
    },
    sealBytes(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    openBytes(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
  };
}

/** Where the embedded default keeps its generated key. */
export const secretKeyFile = (dataDir: string) => path.join(dataDir, 'secret.key');

/** The embedded default keeps its generated key beside the database (file mode 600, folder 700). */
export function loadOrCreateSecret(dataDir: string): string {
  const file = secretKeyFile(dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/** 3301**********1234: the first four and last four characters stay. */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}
