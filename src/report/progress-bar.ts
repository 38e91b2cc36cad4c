/**
 * The live display for a terminal: one cli-progress bar per stage with counts, rate and
 * ETA, replaced by the stage's finished line (the same line a log gets) when it is done.
 * Loaded only when stderr is a terminal (src/cli/progress.ts), so no other run pays for
 * cli-progress.
 *
 * cli-progress draws, throttles redraws, fits the line to the terminal, prints log lines
 * above the bar (MultiBar.log) and estimates the ETA over the recent updates; the counts
 * and the rate come from the stage's own clock. While a bar is drawn, whatever else writes
 * to the stream (Astro's warnings, which render.ts also sends there from stdout) goes
 * above the bar the same way instead of onto its line. No colours are written, so there is
 * nothing for NO_COLOR to turn off; the cursor is never hidden and line wrapping never
 * switched off, so a build killed mid-bar leaves the terminal as it was.
 */
import cliProgress from 'cli-progress';
import { StageClock, finishedLine, formatRate, stoppedLine, type ProgressDisplay } from './progress.ts';
import { formatCount } from '../record/number-text.ts';

/** What the bar writes to: process.stderr, or a stand-in with `isTTY` and `columns` in tests. */
export type TerminalStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Updates the ETA estimate at most this often: a tick per record would make it jitter (and cost). */
const ETA_SAMPLE_MS = 50;

export function barProgress(stream: TerminalStream): ProgressDisplay {
  let clock: StageClock | null = null;
  let multi: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let sampledAt = 0;
  const write = stream.write;
  const ownWrite = Object.hasOwn(stream, 'write');
  // cli-progress draws through this stand-in, which keeps the stream's own write while others are redirected.
  const drawing = {
    write: (chunk: string) => write.call(stream, chunk),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  } as unknown as NodeJS.WritableStream;

  const capture = (target: cliProgress.MultiBar) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      target.log(text.endsWith('\n') ? text : text + '\n');
      const done = rest.find((arg) => typeof arg === 'function') as ((error?: Error | null) => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    }) as typeof stream.write;
  };

  const finish = (line: string) => {
    if (multi) {
      if (bar && clock) bar.update(clock.count);
      multi.update(); // prints the lines still waiting above the bar
      multi.stop(); // clearOnComplete: the bar's line is wiped
      if (ownWrite) stream.write = write;
      else delete (stream as { write?: unknown }).write;
    }
    multi = bar = null;
    clock = null;
    stream.write(line + '\n');
  };

  const display: ProgressDisplay = {
    start(stage, options = {}) {
      if (clock) display.done();
      const current = new StageClock(stage, options.unit, options.total);
      clock = current;
      sampledAt = 0;
      multi = new cliProgress.MultiBar({
        stream: drawing,
        format: (barOptions, params) => barLine(current, barOptions, params),
        barCompleteChar: '\u2588',
        barIncompleteChar: '\u2591',
        barsize: 24,
        clearOnComplete: true,
        hideCursor: false,
        gracefulExit: false,
        linewrap: true,
        etaBuffer: 60,
        etaAsynchronousUpdate: true,
        fps: 10,
      });
      bar = multi.create(options.total ?? 0, 0);
      capture(multi);
    },
    setTotal(total) {
      if (!clock) return;
      clock.total = total;
      bar?.setTotal(total);
    },
    tick(n = 1) {
      if (!clock) return;
      clock.count += n;
      const now = Date.now();
      if (bar && (now - sampledAt >= ETA_SAMPLE_MS || clock.count >= (clock.total ?? Infinity))) {
        sampledAt = now;
        bar.update(clock.count);
      }
    },
    done(summary) {
      if (clock) finish(finishedLine(clock, summary));
    },
    log(line) {
      stream.write(line.endsWith('\n') ? line : line + '\n');
    },
    close() {
      if (clock) finish(stoppedLine(clock));
    },
  };
  return display;
}

/** 45s, 4m05s, 2h10m (cli-progress's own format rounds 59.5 s up to "4m60s"). */
function clockTime(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * `render (astro) ████████░░░░ 1,200/4,800 pages · 35% · 240/s · ETA 15s`, or without a
 * total `stage (load, validate, model) 1,200 records · 240/s · 5s`.
 */
function barLine(clock: StageClock, options: cliProgress.Options, params: cliProgress.Params): string {
  const elapsed = clockTime(clock.seconds);
  let line: string;
  if (!clock.unit) {
    line = `${clock.name} · ${elapsed}`;
  } else if (clock.total === undefined) {
    line = `${clock.name} ${formatCount(clock.count)} ${clock.unit} · ${formatRate(clock.rate)}/s · ${elapsed}`;
  } else {
    const progress = clock.total > 0 ? Math.min(1, clock.count / clock.total) : 0;
    // cli-progress's estimate is a number of seconds, or 'NULL'/'INF' before it can tell.
    const eta = clock.count >= clock.total ? '0s' : typeof params.eta === 'number' && clock.count > 0 ? clockTime(params.eta) : '…';
    line =
      `${clock.name} ${cliProgress.Format.BarFormat(progress, options)} ${formatCount(clock.count)}/${formatCount(clock.total)} ${clock.unit}` +
      ` · ${Math.floor(progress * 100)}% · ${formatRate(clock.rate)}/s · ETA ${eta}`;
  }
  // One column short of the width: writing the last column makes some terminals wrap.
  return line.slice(0, Math.max(20, params.maxWidth - 1));
}
