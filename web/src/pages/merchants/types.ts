export type MerchantImportance = 'high' | 'normal' | 'low';
export interface Merchant {
  id: number; code: string; name: string; contact: string | null; address: string | null; phone1: string | null; phone2: string | null;
  parentCompany: string | null; type: string | null; importance: MerchantImportance; contractEndsOn: string | null; note: string | null;
  deletedAt: string | null; serviceCount?: number;
}
export interface RatingSummary { count: number; average: number | null; positive: number; neutral: number; negative: number; distribution: Record<string, number> }
export interface MerchantService {
  id: number; merchantId: number; name: string; startsOn: string; endsOn: string | null; content: string | null; eligibleLevels: string[];
  discountPercent: number | null; discountNote: string | null; active: boolean; deletedAt: string | null;
  current?: boolean; participationCount?: number; merchantCode?: string; merchantName?: string; rating?: RatingSummary;
}
export interface MerchantPage extends Merchant { services: (MerchantService & { current: boolean; participationCount: number; rating: RatingSummary })[]; participationCount: number; rating: RatingSummary }
export interface Feedback { id: number; quarter: string; feedback: string; participationCount: number; rating: number | null; recordedBy: string; updatedAt: string }
export interface ServicePage extends MerchantService {
  merchantCode: string; merchantName: string; merchantDeleted: boolean; current: boolean; participationCount: number; rating: RatingSummary;
  quarters: { quarter: string; feedback: Feedback | null; recordedParticipations: number }[];
}
export interface Participation {
  id: number; serviceId: number; serviceName: string; memberId: number; memberNo: string | null; memberName: string | null; level: string | null;
  participatedAt: string; note: string | null; rating: number | null; recordedBy: string;
}
export interface Level { code: string; rank: number; labelZh: string; labelEn: string }
