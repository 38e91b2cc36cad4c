/**
 * At most `limit` tasks at once, with backpressure: `add` waits while the pool is full, so
 * a producer reading a 100,000-record catalogue never queues more than `limit` records.
 * The first failure is rethrown by the next `add` or by `drain`.
 */
export interface BoundedTasks {
  add(task: () => Promise<void>): Promise<void>;
  drain(): Promise<void>;
}

export function boundedTasks(limit: number): BoundedTasks {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const check = () => {
    if (failure) throw failure.error;
  };
  return {
    async add(task) {
      check();
      while (running.size >= limit) {
        await Promise.race(running);
        check();
      }
      const promise: Promise<void> = task()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async drain() {
      await Promise.all(running);
      check();
    },
  };
}
