// Dictionary values as the pages use them: select options and labels in the reader's language.
import { useList } from './useList';
import { useBilingual } from '../i18n';
import type { DictionaryItem } from '../pages/dictionaries/types';

/** A dictionary kind as select options and a code → label function, in the reader's language. */
export function useDictionary(kind: string) {
  const pick = useBilingual();
  const list = useList<DictionaryItem>('/dictionaries', { kind });
  const items = list.data ?? [];
  return {
    options: items.filter((i) => i.active).map((i) => ({ value: i.code, label: pick(i.labelZh, i.labelEn) })),
    label: (code: string | null | undefined) => {
      if (!code) return '—';
      const it = items.find((i) => i.code === code);
      return it ? pick(it.labelZh, it.labelEn) : code;
    },
  };
}
