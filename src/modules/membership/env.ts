// What membership rules need besides the transaction and the actor: the ID-number crypto, the
// company time zone (member numbers carry the company's year) and the language of notices.
import type { Config } from '../../config.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Crypto } from '../../pii.ts';

export interface MembershipEnv {
  pii: Crypto;
  timeZone: string;
  /** language of notices sent to members */
  language: Lang;
}

export function membershipEnv(config: Config, pii: Crypto): MembershipEnv {
  return { pii, timeZone: config.timeZone, language: config.defaultLanguage };
}

/** The company's calendar year at `now`. */
export function companyYear(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now);
}

export { companyDate } from '../../dates.ts';
