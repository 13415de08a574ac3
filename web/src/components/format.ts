import dayjs from 'dayjs';

/** Date-time of an API timestamp in the reader's clock, or an empty mark. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** 1234567 fen → "12,345.67" */
export function yuan(fen: number | null | undefined): string {
  if (fen == null) return '—';
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** yuan typed in a form → fen, without floating-point drift (12.3 → 1230) */
export const toFen = (v: number | null | undefined) => (v == null ? null : Math.round(v * 100));
