// Write (and read) coalescing: calls that arrive while earlier ones are in the database wait and
// then go together, in one round trip. Alone, a call goes at once; under load, many share a trip.
// On this kind of machine a database round trip costs more CPU than the work inside it (see
// bench/README.md), so this is where throughput comes from. Each flush answers every item it
// took, one outcome per item, in order; a flush that throws fails all of its items.

export interface Coalescer<I, O> {
  (item: I): Promise<O>;
  /** items waiting and in flight, for tests and metrics */
  pending(): number;
}

export function coalescer<I, O>(
  flush: (items: I[]) => Promise<O[]>,
  { maxBatch = 64, maxInFlight = 1 }: { maxBatch?: number; maxInFlight?: number } = {},
): Coalescer<I, O> {
  const queue: { item: I; resolve(o: O): void; reject(e: unknown): void }[] = [];
  let inFlight = 0;
  let sending = 0;
  const pump = () => {
    while (inFlight < maxInFlight && queue.length) {
      const batch = queue.splice(0, maxBatch);
      inFlight++;
      sending += batch.length;
      flush(batch.map((b) => b.item))
        .then(
          (outs) => batch.forEach((b, i) => b.resolve(outs[i])),
          (e) => batch.forEach((b) => b.reject(e)),
        )
        .finally(() => {
          inFlight--;
          sending -= batch.length;
          pump();
        });
    }
  };
  const call = ((item: I) => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    pump();
  })) as Coalescer<I, O>;
  call.pending = () => queue.length + sending;
  return call;
}
