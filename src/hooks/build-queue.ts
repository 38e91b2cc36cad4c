/**
 * One build at a time, and a burst of release notifications becomes one build: requests that
 * arrive while a build runs (or within the settle window before it starts) are merged into the
 * next build. A request without a DOI asks for a full rebuild and absorbs the DOIs beside it.
 */

export interface BuildRequest {
  /** DOIs named by the notifications (empty for a full rebuild). */
  dois: string[];
  full: boolean;
  /** Webhook message ids merged into this build. */
  notifications: string[];
}

export interface BuildOutcome {
  ok: boolean;
  exitCode: number;
  summary?: string;
}

export interface BuildRecord extends BuildRequest {
  build: number;
  startedAt: string;
  finishedAt?: string;
  ok?: boolean;
  exitCode?: number;
  summary?: string;
  error?: string;
}

export interface QueueStatus {
  state: 'idle' | 'waiting' | 'building';
  current: BuildRecord | null;
  last: BuildRecord | null;
  queue: BuildRequest | null;
  lastError: string | null;
  builds: number;
}

export class CoalescingBuildQueue {
  private pending: BuildRequest | null = null;
  private current: BuildRecord | null = null;
  private last: BuildRecord | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private builds = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly run: (request: BuildRequest) => Promise<BuildOutcome>,
    private readonly settleMs = 1000,
  ) {}

  enqueue(notification: string, doi?: string): void {
    const next = this.pending ?? { dois: [], full: false, notifications: [] };
    next.notifications.push(notification);
    if (doi === undefined) next.full = true;
    else if (!next.dois.includes(doi)) next.dois.push(doi);
    this.pending = next;
    this.schedule();
  }

  status(): QueueStatus {
    return {
      state: this.current ? 'building' : this.pending ? 'waiting' : 'idle',
      current: this.current,
      last: this.last,
      queue: this.pending,
      lastError: this.lastError,
      builds: this.builds,
    };
  }

  /** Resolves when nothing is running or waiting (tests and shutdown). */
  idle(): Promise<void> {
    if (!this.current && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    if (!this.current) this.wakeIdle();
  }

  private schedule(): void {
    if (this.current || this.timer) return; // the running build picks the queue up when it ends
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.startNext();
    }, this.settleMs);
  }

  private async startNext(): Promise<void> {
    const request = this.pending;
    if (!request) return this.wakeIdle();
    this.pending = null;
    if (request.full) request.dois = [];
    const record: BuildRecord = { ...request, build: ++this.builds, startedAt: new Date().toISOString() };
    this.current = record;
    try {
      const outcome = await this.run(request);
      Object.assign(record, { ok: outcome.ok, exitCode: outcome.exitCode, summary: outcome.summary });
      if (!outcome.ok) this.lastError = `build ${record.build} failed (exit ${outcome.exitCode})${outcome.summary ? `: ${outcome.summary}` : ''}`;
    } catch (error) {
      record.ok = false;
      record.error = error instanceof Error ? error.message : String(error);
      this.lastError = `build ${record.build} failed: ${record.error}`;
    }
    record.finishedAt = new Date().toISOString();
    this.current = null;
    this.last = record;
    if (this.pending) this.schedule();
    else this.wakeIdle();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
