// Shapes of the dictionaries API (src/modules/dictionaries/routes.ts).
export interface DictionaryKind { kind: string; labelZh: string; labelEn: string }

export interface DictionaryItem {
  id: number; kind: string; code: string; parentCode: string | null; labelZh: string; labelEn: string;
  sort: number; active: boolean; builtIn: boolean; createdAt: string; updatedAt: string;
}
