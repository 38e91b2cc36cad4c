/**
 * Retries with exponential backoff and full jitter for transient storage failures
 * (5xx, throttling, timeouts, dropped connections). A 4xx answer is an answer and is
 * never retried: retrying a 404 only makes a build slower.
 */

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff ceiling; doubles each attempt (full jitter: a random wait up to it). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt time limit; the attempt's AbortSignal fires when it passes. */
  timeoutMs?: number;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

/** HTTP status of an SDK error, if the store answered at all. */
export function httpStatusOf(error: unknown): number | null {
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return typeof meta?.httpStatusCode === 'number' ? meta.httpStatusCode : null;
}

/** True for failures worth another try: no answer, a timeout, 5xx, 408 or 429. */
export function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === null) return true;
  return status >= 500 || status === 408 || status === 429;
}

export class AttemptTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error, or runs out of
 * retries; the last error is thrown. Each attempt gets an AbortSignal for its timeout.
 */
export async function withRetry<T>(attempt: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  const random = options.random ?? Math.random;
  for (let n = 0; ; n++) {
    try {
      return await runWithTimeout(attempt, options.timeoutMs);
    } catch (error) {
      if (n >= options.retries || !isTransient(error)) throw error;
      const ceiling = Math.min(max, base * 2 ** n);
      await sleep(Math.round(random() * ceiling));
    }
  }
}

async function runWithTimeout<T>(attempt: (signal: AbortSignal) => Promise<T>, timeoutMs?: number): Promise<T> {
  const controller = new AbortController();
  if (!timeoutMs) return attempt(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([attempt(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
