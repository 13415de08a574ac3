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

export type PersonalField = 'idNumber' | 'phone' | 'email' | 'address' | 'contact' | 'text';

/**
 * Personal data in an export made without pii.export: a phone keeps its first three and last
 * four digits (138****5678), an e-mail its first character and domain (z***@example.com), an
 * address its first six characters, an ID number as maskIdNumber (already masked in lists); a
 * contact is an e-mail or a phone, whichever it is; in free text (an audit line's changes) the
 * mobiles and e-mails it holds are masked.
 */
export function maskPersonal(kind: PersonalField, value: string): string {
  if (!value) return value;
  if (kind === 'contact') return maskPersonal(value.includes('@') ? 'email' : 'phone', value);
  if (kind === 'text') return value.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPersonal('phone', m)).replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, (m) => maskPersonal('email', m));
  if (kind === 'idNumber') return value.includes('*') ? value : maskIdNumber(value);
  if (kind === 'phone') return value.length <= 7 ? '*'.repeat(value.length) : value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
  if (kind === 'email') {
    const at = value.lastIndexOf('@');
    return at <= 0 ? '***' : `${value[0]}***${value.slice(at)}`;
  }
  const chars = [...value];
  return chars.length <= 6 ? '***' : `${chars.slice(0, 6).join('')}***`;
}
