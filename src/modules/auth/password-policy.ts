// The password policy for every account, whatever its role: at least MIN_PASSWORD_LENGTH
// characters, and not a common or easily guessed password. "Common" is judged by zxcvbn-ts with
// its common-language package: a list of ~49 000 most-used passwords (with l33t spellings,
// capitalisation and appended digits/years), keyboard runs, sequences, repeats and dates, plus the
// account's own login and name — all offline, shipped in the npm package. A password must need at
// least ~10^8 guesses (zxcvbn score 3) to pass: 'Passw0rd-1', 'Admin@12345', 'Qwerty12345',
// 'liuyang2024' for the user liuyang are refused; 'Sales-office-3' or four unrelated words pass.
import { invalidField } from '../../http/errors.ts';
import './messages.ts';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score from 0 to 4; 3 = at least 10^8 guesses */
const MIN_SCORE = 3;
/** zxcvbn's work grows with the length; beyond this the rest of a password adds strength anyway */
const ESTIMATE_LENGTH = 64;

type Estimate = (password: string, userInputs: string[]) => number;
let estimator: Promise<Estimate> | undefined;

/** Loaded on the first password set (~100 ms, 2 MB of dictionary), not at every start. */
function loadEstimator(): Promise<Estimate> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]);
    const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs, maxLength: ESTIMATE_LENGTH });
    return (password, userInputs) => zxcvbn.check(password, userInputs).score;
  })();
  return estimator;
}

/**
 * Throws a 400 naming `field` when the password is too short or too easy to guess. `about` gives
 * the account's login and name: a password made of them is easy to guess for whoever knows them.
 */
export async function assertAcceptablePassword(password: string, field = 'password', about: { login?: string | null; name?: string | null } = {}): Promise<void> {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw invalidField(field, 'auth.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  const estimate = await loadEstimator();
  const userInputs = [about.login, about.name, 'clubcrm', 'club', 'crm'].filter((s): s is string => !!s);
  if (estimate(password, userInputs) < MIN_SCORE) throw invalidField(field, 'auth.passwordTooCommon');
}
