// A member signed in to the members' portal without an SMS gateway: the code the portal would
// send is taken from its own service (src/modules/portal/session.ts) and typed back.
import type { TestApp } from './app.ts';
import { requestCode, signInWithCode, MEMBER_COOKIE } from '../../src/modules/portal/session.ts';
import { makeCrypto } from '../../src/pii.ts';
import { testSecret } from './db.ts';

export { MEMBER_COOKIE };

/** The member session cookie's value for the member whose mobile this is (the mobile must be a live member's). */
export async function portalCookie(t: TestApp, mobile: string, ip = '10.77.0.1'): Promise<string> {
  const pii = makeCrypto(testSecret);
  const r = await t.db.transaction((tx) => requestCode(tx, pii, { mobile, ip }));
  if (!r.ok || !r.send) throw new Error(`no code for ${mobile}: is it a live member's mobile?`);
  const code = r.send.code;
  const s = await t.db.transaction((tx) => signInWithCode(tx, pii, { mobile, code, ip }));
  if (!s.ok) throw new Error(`portal sign-in failed: ${s.error.key}`);
  return s.token;
}
