// Shapes of the cards API (src/modules/cards/routes.ts).
export type CardStatus = 'active' | 'replaced' | 'lost' | 'cancelled' | 'lapsed' | 'ended';

export interface Card {
  id: number;
  cardNo: string;
  memberId: number;
  typeCode: string;
  kind: 'main' | 'sub';
  mainCardId: number | null;
  status: CardStatus;
  issuedAt: string;
  validUntil: string | null;
  endedAt: string | null;
  replacedById: number | null;
  issuedBy: string;
  note: string | null;
  memberNo?: string | null;
  memberName?: string | null;
}

export interface CardEvent {
  id: number;
  at: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string;
  relatedCardId: number | null;
  actorName: string;
  note: string | null;
}

export interface CardType {
  code: string;
  kind: 'main' | 'sub';
  rank: number;
  basePoints: number;
  upgradeThreshold: number | null;
  validityMonths: number | null;
  coBrandMerchant: string | null;
  active: boolean;
  labelZh: string;
  labelEn: string;
}

export interface Upgrade {
  id: number;
  memberId: number;
  memberNo: string | null;
  memberName: string | null;
  fromCardId: number;
  fromCardNo: string;
  fromType: string;
  toType: string;
  balance: number;
  status: 'pending' | 'approved' | 'rejected';
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  newCardId: number | null;
  /** a higher or a lower main type than the card held */
  direction: 'upgrade' | 'downgrade';
  /** staff requests: who asked (null: proposed by the points rule) */
  requestedBy: string | null;
  requestedCardNo: string | null;
  requestNote: string | null;
}

/** Reply of POST /cards/:id/replace: done now (same type) or a change request waiting for approval. */
export interface ReplaceResult {
  outcome: 'replaced' | 'requested';
  old: Card;
  card: Card | null;
  endedSubCards: number;
  request: Upgrade | null;
  message: string;
}
