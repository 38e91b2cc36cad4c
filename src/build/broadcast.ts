/**
 * One producer, several streaming consumers, constant memory: each value pushed is handed
 * to every consumer's async iterator, and `push` resolves only when all of them took it.
 * This is how one pass over a dataset listing feeds writers that pull (the manifests)
 * while others are pushed to directly (file pages, Link Set).
 */
export interface Feed<T> {
  /** What the consumer iterates; ends after `close`. */
  readonly items: AsyncIterable<T>;
  push(value: T): Promise<void>;
  close(): void;
}

/** A hand-over point with no buffer: a push waits for the consumer's next pull. */
export function feed<T>(): Feed<T> {
  let waitingPull: ((r: IteratorResult<T>) => void) | null = null;
  let waitingPush: { value: T; taken: () => void } | null = null;
  let closed = false;
  const items: AsyncIterable<T> = {
    [Symbol.asyncIterator]: () => ({
      next(): Promise<IteratorResult<T>> {
        if (waitingPush) {
          const { value, taken } = waitingPush;
          waitingPush = null;
          taken();
          return Promise.resolve({ value, done: false });
        }
        if (closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waitingPull = resolve));
      },
    }),
  };
  return {
    items,
    push(value) {
      if (closed) throw new Error('push after close');
      if (waitingPull) {
        const resolve = waitingPull;
        waitingPull = null;
        resolve({ value, done: false });
        return Promise.resolve();
      }
      return new Promise<void>((taken) => (waitingPush = { value, taken }));
    },
    close() {
      closed = true;
      if (waitingPull) {
        const resolve = waitingPull;
        waitingPull = null;
        resolve({ value: undefined, done: true });
      }
    },
  };
}

export interface Consumer<T, R> {
  push(value: T): Promise<void>;
  /** Closes the feed and waits for the consumer's result. */
  finish(): Promise<R>;
}

/**
 * Runs `consume` over a feed. A consumer that fails (or stops early) fails the next push
 * instead of leaving the producer waiting for a pull that never comes.
 */
export function consumer<T, R>(consume: (items: AsyncIterable<T>) => Promise<R>): Consumer<T, R> {
  const f = feed<T>();
  const result = consume(f.items);
  const ended = result.then(
    () => {
      throw new Error('the consumer stopped before its input ended');
    },
    (error: unknown) => {
      throw error;
    },
  );
  ended.catch(() => {});
  return {
    push: (value) => Promise.race([f.push(value), ended]),
    finish() {
      f.close();
      return result;
    },
  };
}
