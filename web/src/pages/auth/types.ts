// Shapes of the accounts API (src/modules/auth/routes.ts).
export type DataScope = 'own' | 'department' | 'all';

export interface RoleRef { id: number; code: string; nameZh: string; nameEn: string }

export interface User {
  id: number; login: string; name: string; department: string | null; email: string | null; mobile: string | null;
  active: boolean; locked: boolean; failedAttempts: number; lockedUntil: string | null; roles: RoleRef[];
  createdAt: string; updatedAt: string;
}

export interface Role extends RoleRef { permissions: string[]; dataScope: DataScope; builtIn: boolean; userCount?: number }

export interface Permission { code: string; labelZh: string; labelEn: string }

export interface ApiToken {
  id: number; name: string; prefix: string; roleId: number; createdAt: string; revokedAt: string | null; lastUsedAt: string | null;
}

/** timeZone: the company's (IANA), which decides dates and "today" in the console */
export interface Me { user: User; permissions: string[]; dataScope: DataScope; timeZone: string }
