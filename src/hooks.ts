// Typed hooks for business events that several modules care about (ARCHITECTURE.md "Rules of the
// house"). The module that owns the event declares the hook and runs it inside its own
// transaction; the modules that listen register a handler when they load. The owner never
// imports its listeners, so imports point one way. Handlers run one after another in the order
// stated by `order` (then registration order), in the caller's transaction: a handler that
// throws rolls the whole business action back. No string-keyed bus: a hook is a value.
import type { Tx } from './db/index.ts';

export type HookHandler<T, R> = (tx: Tx, payload: T) => Promise<R>;

export interface Hook<T, R = void> {
  /** for logs and error messages */
  readonly name: string;
  /**
   * Registers a listener; lower `order` runs first (default 100). Returns its removal — modules
   * register for good when they load; tests use it to add a listener for one case.
   */
  on(handler: HookHandler<T, R>, opts?: { order?: number }): () => void;
  /** Runs every listener in order in this transaction; resolves to their results, in that order. */
  run(tx: Tx, payload: T): Promise<R[]>;
}

export function createHook<T, R = void>(name: string): Hook<T, R> {
  const handlers: { handler: HookHandler<T, R>; order: number; seq: number }[] = [];
  let seq = 0;
  return {
    name,
    on(handler, opts = {}) {
      const entry = { handler, order: opts.order ?? 100, seq: seq++ };
      handlers.push(entry);
      handlers.sort((a, b) => a.order - b.order || a.seq - b.seq);
      return () => {
        const i = handlers.indexOf(entry);
        if (i >= 0) handlers.splice(i, 1);
      };
    },
    async run(tx, payload) {
      const out: R[] = [];
      for (const h of [...handlers]) out.push(await h.handler(tx, payload));
      return out;
    },
  };
}
