// One-click changes (switch, unlock, revoke, delete): run, refresh the lists they touch,
// and tell the user — the API's own message when it refuses.
import { App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from './apiErrors';

export function useAction() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  return async (fn: () => Promise<unknown>, opts: { invalidate: string[]; success?: string }): Promise<boolean> => {
    try {
      await fn();
      if (opts.success) message.success(opts.success);
      return true;
    } catch (err) {
      message.error(errorMessage(err));
      return false;
    } finally {
      await Promise.all(opts.invalidate.map((path) => qc.invalidateQueries({ queryKey: [path] })));
    }
  };
}
