// GET /api/v1/home (src/modules/home/routes.ts): absent counts are not the user's to act on.
export type TodoKey = 'applications' | 'leaveRequests' | 'cardRequests' | 'pointsApprovals' | 'overdueSteps' | 'careToDos'
  | 'unreachedMembers' | 'failedNotices' | 'importsRunning' | 'importsFailed' | 'followUpsDue' | 'ticketsOverdue';

export interface LevelCount { level: string; members: number }
export interface PointsMonth { month: string; issued: number; redeemed: number }

export interface Home {
  month: string;
  todos: Partial<Record<TodoKey, number>>;
  figures: {
    members?: { byLevel: LevelCount[]; total: number; asOf: string | null; joined: number; left: number };
    points?: { liability: number; liabilityAsOf: string | null; redemptionRate: number | null; from: string; to: string; months: PointsMonth[] };
    activities?: number;
    openComplaints?: number;
  };
  delivery?: { sms: 'log' | 'http'; email: 'log' | 'smtp' };
}
