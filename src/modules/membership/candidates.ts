// Similar members and similar pending applications for the review screen (审核: 相似会员 /
// 相似待审信息), found by ID number (exact, keyed hash), mobile and home phone (exact), and name,
// compared in simplified characters (張偉 = 张伟): the same name, trigram similarity (`%`,
// threshold 0.4), and the same sound — a shared sound key of the whole name's pinyin
// (customers/name-forms.ts: 张珊 ~ 张三 both ways, 曾 read zeng as a surname) — first together
// with the same birthday, so that a common name cannot crowd the right person out of the probe.
// Every candidate is scored with pg_trgm similarity() on the name and on its pinyin and the
// evidence (birthday), carries the reasons it matched (idNumber=, mobile=, homePhone=, name=,
// name≈0.67, sound=, pinyin≈0.6, birthday=) and what a receptionist compares: gender, birthday,
// masked ID number, mobile, address, channel, joined / applied.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/index.ts';
import { rows } from '../../db/index.ts';
import { nameForms } from '../customers/name-forms.ts';
import type { Actor } from '../auth/actor.ts';
import type { ApplicationRow } from './members.ts';
import { applicationsInScope, membersInScope } from './scope.ts';

export interface Candidate {
  kind: 'member' | 'application';
  id: number;
  /** member no. or application no. */
  number: string;
  name: string;
  gender: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  mobile: string | null;
  homePhone: string | null;
  /** masked */
  idNumber: string | null;
  address: string | null;
  status: string;
  method: string | null;
  channel: string | null;
  subChannel: string | null;
  /** joined (member) or applied (application) */
  at: Date;
  customerId: number | null;
  score: number;
  reasons: string[];
}

// The trigram threshold of the name search is 0.4 (set by the function membership_candidates):
// for Chinese names it needs two shared trigrams, so a shared surname alone (张三 / 张伟,
// similarity 0.2) is not enough; 张三 / 张三丰 (0.4) is.

/**
 * Most rows one name probe reads. A common name (王伟) is shared by hundreds of members at 1M;
 * reading them all costs a heap page each (measured 20 ms for 571 rows). So the other evidence
 * decides which of them are read: the ones that share a phone or the ID number are found by the
 * exact probes, the ones born the same day by the sound-and-birthday probe (dozens of rows at 1M,
 * through the birthday index), the same name by its own probe before the merely similar ones.
 */
export const perProbe = 20;

export interface Probe {
  name: string;
  namePinyin: string;
  /** YYYY-MM-DD, when known (a resident ID number gives it) */
  birthday: string | null;
  idNumberHash: string | null;
  mobile: string | null;
  homePhone: string | null;
}

type Hit = Record<string, unknown> & { kind: string; why: string; name_sim: number; pinyin_sim: number };

/**
 * The score (0–1, independent pieces of evidence combined) and the reasons shown. `why` holds the
 * probes that found the candidate (id, mobile, homePhone, name, sound); sameBirthday whether the
 * candidate's birthday is the applicant's.
 */
export function scoreCandidate(why: Set<string>, nameSim: number, pinyinSim: number, sameBirthday = false): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  const p: number[] = [];
  if (why.has('id')) { reasons.push('idNumber='); p.push(0.98); }
  if (why.has('mobile')) { reasons.push('mobile='); p.push(0.85); }
  if (why.has('homePhone')) { reasons.push('homePhone='); p.push(0.6); }
  if (nameSim >= 0.999) reasons.push('name=');
  else if (nameSim >= 0.3 || why.has('name')) reasons.push(`name≈${nameSim.toFixed(2)}`);
  p.push(nameSim * 0.7);
  // the same pinyin; else the same sound (a shared sound key: 张珊 ~ 张三, fuzzy and polyphones); else close pinyin
  if (pinyinSim >= 0.999) { reasons.push('pinyin='); p.push(0.6); }
  else if (why.has('sound')) { reasons.push('sound='); p.push(0.6); }
  else if (pinyinSim >= 0.5) { reasons.push(`pinyin≈${pinyinSim.toFixed(2)}`); p.push(pinyinSim * 0.6); }
  // the same birthday says something only beside a name that looks or sounds alike, or a shared number
  if (sameBirthday && reasons.length) { reasons.push('birthday='); p.push(0.5); }
  const score = 1 - p.reduce((acc, x) => acc * (1 - x), 1);
  return { score: Math.round(score * 100) / 100, reasons };
}

function ranked(list: Hit[], birthday: string | null, make: (h: Hit, s: { score: number; reasons: string[] }) => Candidate, limit: number): Candidate[] {
  return list
    .map((h) => make(h, scoreCandidate(new Set(String(h.why).split(',')), Number(h.name_sim), Number(h.pinyin_sim), !!birthday && h.birthday === birthday)))
    .filter((c) => c.reasons.length > 0)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

function candidate(h: Hit, s: { score: number; reasons: string[] }): Candidate {
  return {
    kind: h.kind as Candidate['kind'], id: h.id as number, number: h.number as string, name: h.name as string,
    gender: h.gender as string | null, birthday: h.birthday as string | null, mobile: h.mobile as string | null,
    homePhone: h.home_phone as string | null, idNumber: h.id_number_masked as string | null, address: h.address as string | null, status: h.status as string,
    method: h.method as string | null, channel: h.channel as string | null, subChannel: h.sub_channel as string | null,
    at: asDate(h.at), customerId: h.customer_id as number | null, ...s,
  };
}

/**
 * Live members (active or leaving) and other pending applications resembling the probe. One call
 * of the database function membership_candidates (migration 0027_name_forms), which keeps its query plan for
 * the session and sets the trigram threshold itself. Members are found through the customers
 * table (read-only: the person's name and contacts live there — one indexed query, not one
 * service call per row); pending applications through partial indexes on status = 'pending'.
 * Not `name_pinyin %` for either: pinyin trigrams ("ang", "an ") are shared by too many people —
 * on 20k pending applications 'zhang xiao ming' matched 2,230 rows (30 ms).
 */
export async function findCandidates(
  tx: Tx, probe: Probe, excludeApplicationId: number | null, limit = 20, actor?: Actor,
): Promise<{ members: Candidate[]; applications: Candidate[] }> {
  const forms = nameForms(probe.name);
  const found = await rows<Hit>(tx, sql`
    SELECT * FROM membership_candidates(${forms.nameSimplified}, ${probe.namePinyin}, ${sql.param(forms.nameKeys)}::text[], ${probe.birthday}::date,
      ${probe.idNumberHash}::text, ${probe.mobile}::text, ${probe.homePhone}::text, ${excludeApplicationId ?? 0}::int, ${perProbe}::int)`);
  // a reader with a department or own scope sees only the people of that scope (scope.ts)
  const hits = actor ? await inScope(tx, actor, found) : found;
  return {
    members: ranked(hits.filter((h) => h.kind === 'member'), probe.birthday, candidate, limit),
    applications: ranked(hits.filter((h) => h.kind === 'application'), probe.birthday, candidate, limit),
  };
}

async function inScope(tx: Tx, actor: Actor, hits: Hit[]): Promise<Hit[]> {
  const ids = (kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.id as number);
  const members = await membersInScope(tx, actor, ids('member'));
  const apps = await applicationsInScope(tx, actor, ids('application'));
  return hits.filter((h) => (h.kind === 'member' ? members : apps).has(h.id as number));
}

/** Both candidate lists for one application under review, within the reader's data scope when given. */
export async function candidatesFor(tx: Tx, app: ApplicationRow, limit = 20, actor?: Actor) {
  const probe: Probe = { name: app.name, namePinyin: app.namePinyin, birthday: app.birthday, idNumberHash: app.idNumberHash, mobile: app.mobile, homePhone: app.homePhone };
  return findCandidates(tx, probe, app.id, limit, actor);
}
