// Shapes of the care API (src/modules/care/routes.ts).
export type CareStatus = 'queued' | 'sent' | 'failed' | 'no_recipient' | 'pending' | 'reached' | 'unreached';
export type Trigger = 'birthday' | 'purchase' | 'activity';

export interface Progress {
  total: number; queued: number; sent: number; failed: number; noRecipient: number; pending: number; reached: number; unreached: number; done: number; points: number;
}

export interface CareAction {
  id: number; kind: 'manual' | 'automatic'; trigger: Trigger | null; groupKey: string | null; title: string; channel: string; subject: string | null;
  body: string; points: number; filters: Record<string, unknown> | null; createdBy: string; createdAt: string; sentBySystem: boolean; progress: Progress;
}

export interface CareMember {
  id: number; careId: number; title: string; memberId: number; memberNo: string; name: string; channel: string; status: CareStatus; recipient: string | null;
  points: number; refType: string | null; refId: number | null; resultNote: string | null; resultBy: string | null; resultAt: string | null; createdAt: string;
}

export interface TriggerSettings {
  trigger: Trigger; enabled: boolean; channel: string; subject: string | null; body: string; points: number; updatedBy: string | null; updatedAt: string | null;
}

export interface Preview {
  count: number; withMobile: number; withEmail: number;
  sample: { memberId: number; memberNo: string; name: string; mobile: string | null; email: string | null; birthday: string | null; level: string | null }[];
}

interface Counts { members: number; reached: number; unreached: number; open: number; actions: number }
export interface CareStatistics {
  totals: Counts & { distinctMembers: number };
  byChannel: (Counts & { channel: string })[];
  byTrigger: (Counts & { trigger: string })[];
  monthly: { month: string; channel: string; members: number }[];
}
