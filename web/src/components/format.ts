import dayjs from 'dayjs';

/** Date-time of an API timestamp in the reader's clock, or an empty mark. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}
