// Whether SMS and e-mail really leave the system: with the `log` provider (the default) a notice is
// recorded in the server log, not sent, and every message that reports a notice sent says so.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

export type SentChannel = 'sms' | 'email';

/** A function giving the sentence to add to "sent" messages for these channels ('' when they are really sent). */
export function useRecordedNote() {
  const { t } = useTranslation();
  const delivery = useQuery({
    queryKey: ['/notices/delivery'], staleTime: Infinity,
    queryFn: () => api.get<{ sms: 'log' | 'http'; email: 'log' | 'smtp' }>('/notices/delivery'),
  });
  return (channels: SentChannel[] = ['sms', 'email']) => {
    const logged = channels.filter((c) => delivery.data?.[c] === 'log');
    return logged.length ? t('notices.recordedNotSent', { channels: logged.map((c) => t(`home.delivery.${c}`)).join(t('home.delivery.and')) }) : '';
  };
}
