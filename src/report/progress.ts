/**
 * Progress of long work (pull, stage, render, index, publish) as the stages report it:
 * a stage starts, ticks once per item and is done. Stages only call this interface and
 * never learn where it goes, so they stay plain TypeScript that tests run without a
 * terminal. The CLI hands them a live bar when stderr is a terminal
 * (./progress-bar.ts) and one line per finished stage otherwise (`lineProgress`).
 */
import { formatCount } from '../record/number-text.ts';

export interface StageStart {
  /** Items the stage will handle, when known before it starts; without it the bar counts without a total. */
  total?: number;
  /** What is counted, in the plural: records, pages, files. Without it the stage is timed only. */
  unit?: string;
}

export interface Progress {
  /** A stage begins; a stage still running is finished first. */
  start(stage: string, options?: StageStart): void;
  /** The total, when it is learnt only after the stage began (Astro counts its pages after bundling). */
  setTotal(total: number): void;
  /** `n` more items done. */
  tick(n?: number): void;
  /** The stage finished; `summary` is added to its line. */
  done(summary?: string): void;
}

/** The CLI's side: its own log lines must not tear a live bar, and a failed command stops the bar. */
export interface ProgressDisplay extends Progress {
  /** A log line, printed above a live bar. */
  log(line: string): void;
  /** Ends a stage left running (its command failed) with a "stopped" line. Safe to call twice. */
  close(): void;
}

/** The default for stages called without a display: nothing is shown. */
export const silentProgress: Progress = { start() {}, setTotal() {}, tick() {}, done() {} };

/** One stage's clock and count, shared by both displays. */
export class StageClock {
  count = 0;
  readonly started = performance.now();
  constructor(
    readonly name: string,
    readonly unit: string | undefined,
    public total: number | undefined,
  ) {}

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Items per second so far. */
  get rate(): number {
    const seconds = this.seconds;
    return seconds > 0 ? this.count / seconds : 0;
  }
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10 ? formatCount(perSecond) : perSecond.toFixed(1);
}

export function formatSeconds(seconds: number): string {
  return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
}

/**
 * The line a finished stage leaves, on a terminal and in a log alike:
 * `stage (load, validate, model): 10,000 records in 41.2 s (243/s); …summary`.
 */
export function finishedLine(clock: StageClock, summary?: string, seconds = clock.seconds): string {
  const head = clock.unit
    ? `${clock.name}: ${formatCount(clock.count)} ${clock.unit} in ${formatSeconds(seconds)} (${formatRate(seconds > 0 ? clock.count / seconds : 0)}/s)`
    : `${clock.name}: ${formatSeconds(seconds)}`;
  return summary ? `${head}; ${summary}` : head;
}

/** The line a stage left running leaves when its command fails. */
export function stoppedLine(clock: StageClock): string {
  const done = clock.unit ? `${formatCount(clock.count)}${clock.total !== undefined ? ` of ${formatCount(clock.total)}` : ''} ${clock.unit}` : 'nothing counted';
  return `${clock.name}: stopped after ${formatSeconds(clock.seconds)} (${done})`;
}

/**
 * For logs, CI and pipes: exactly one line per stage, written when it finishes, and
 * nothing while it runs (no carriage returns, no repeated lines).
 */
export function lineProgress(write: (line: string) => void): ProgressDisplay {
  let current: StageClock | null = null;
  const display: ProgressDisplay = {
    start(stage, options = {}) {
      if (current) display.done();
      current = new StageClock(stage, options.unit, options.total);
    },
    setTotal(total) {
      if (current) current.total = total;
    },
    tick(n = 1) {
      if (current) current.count += n;
    },
    done(summary) {
      if (!current) return;
      const clock = current;
      current = null;
      write(finishedLine(clock, summary));
    },
    log: write,
    close() {
      if (!current) return;
      const clock = current;
      current = null;
      write(stoppedLine(clock));
    },
  };
  return display;
}
