/**
 * The progress displays (issue 14, point 7): on a terminal a live bar with counts, rate and
 * ETA that ends as the stage's finished line; anywhere else exactly one line per stage, and
 * nothing while it runs. Time is faked, so the figures on the bar are the ones a user would see.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Writable } from 'node:stream';
import { barProgress } from '../../../src/report/progress-bar.ts';
import { lineProgress } from '../../../src/report/progress.ts';
import { formatCount } from '../../../src/record/number-text.ts';
import { openProgress } from '../../../src/cli/progress.ts';
import type { CliIO } from '../../../src/cli/io.ts';

/** A terminal stand-in: what is written, as a terminal would receive it. */
function terminal(columns = 120) {
  let written = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        written += String(chunk);
        callback();
      },
    }),
    { isTTY: true, columns },
  );
  return { stream, written: () => written };
}

/** The text a terminal shows last on its current line: what follows the last carriage return or cursor move. */
function lastDrawn(written: string): string {
  const frames = written.split(/\r|\x1b\[\d*G|\x1b\[\d*[ABCDJK]/);
  return frames.filter((f) => f.trim()).pop() ?? '';
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('barProgress(stream) on a terminal', () => {
  test('shows counts, percentage, rate and ETA while a stage runs, then leaves its finished line', () => {
    const { stream, written } = terminal();
    const progress = barProgress(stream);
    progress.start('stage (load, validate, model)', { total: 200, unit: 'records' });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(200);
      progress.tick(10);
    }
    vi.advanceTimersByTime(100);
    const bar = lastDrawn(written());
    const shown = /^stage \(load, validate, model\) [█░]{24} 50\/200 records · 25% · (\d+)\/s · ETA (\d+)s$/.exec(bar.trimEnd());
    expect(shown, bar).not.toBeNull();
    // 50 records in 1.1 s; 150 to go at that pace.
    expect(Number(shown![1])).toBeGreaterThanOrEqual(40);
    expect(Number(shown![1])).toBeLessThanOrEqual(50);
    expect(Number(shown![2])).toBeGreaterThanOrEqual(3);
    expect(Number(shown![2])).toBeLessThanOrEqual(4);

    progress.log('persistence: a line logged while the bar runs');
    // Others writing to the same stream (Astro's warnings) get their own line above the bar, not the end of the bar's.
    stream.write('Internal Warning: written by someone else\n');
    vi.advanceTimersByTime(2900);
    progress.tick(150);
    progress.done('12 unchanged, from the cache');
    const out = written();
    expect(out).toContain('\x1b[2Kpersistence: a line logged while the bar runs\n');
    expect(out).toContain('Internal Warning: written by someone else\n');
    expect(out).not.toMatch(/ETA \d+s(\x1b\[0K)?Internal Warning/);
    // Once the stage is done, the stream writes as it did before.
    stream.write('after the bar\n');
    expect(written().endsWith('12 unchanged, from the cache\nafter the bar\n')).toBe(true);
    expect(out.endsWith('stage (load, validate, model): 200 records in 4.00 s (50/s); 12 unchanged, from the cache\n')).toBe(true);
    // The bar's line was wiped before the finished line was written.
    expect(out.lastIndexOf('\x1b[0J')).toBeGreaterThan(out.lastIndexOf('[█░]'));
    // No colours, so NO_COLOR has nothing to switch off, and the cursor is never hidden.
    expect(out).not.toMatch(/\x1b\[[\d;]*m/);
    expect(out).not.toContain('\x1b[?25l');
  });

  test('counts without a total, and takes a total learnt later (Astro counts its pages after bundling)', () => {
    const { stream, written } = terminal();
    const progress = barProgress(stream);
    progress.start('render (astro)', { unit: 'pages' });
    vi.advanceTimersByTime(1000);
    progress.tick(30);
    vi.advanceTimersByTime(100);
    expect(lastDrawn(written()).trimEnd()).toMatch(/^render \(astro\) 30 pages · 27\/s · 1s$/);
    progress.setTotal(60);
    progress.tick(6);
    vi.advanceTimersByTime(100);
    expect(lastDrawn(written()).trimEnd()).toMatch(/^render \(astro\) [█░]{24} 36\/60 pages · 60% · \d+\/s · ETA \d+s$/);
    progress.done();
    expect(written().endsWith('render (astro): 36 pages in 1.20 s (30/s)\n')).toBe(true);
  });

  test('a long ETA reads as minutes and seconds', () => {
    const { stream, written } = terminal();
    const progress = barProgress(stream);
    progress.start('render (astro)', { total: 10_000, unit: 'pages' });
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(100);
      progress.tick(10);
    }
    vi.advanceTimersByTime(100);
    // 100 pages a second, 9,900 to go: about 1m40s.
    expect(lastDrawn(written()).trimEnd()).toMatch(/ 100\/10,000 pages · 1% · \d+\/s · ETA 1m[3-5]\ds$/);
    progress.done();
  });

  test('fits the line to a narrow terminal', () => {
    const { stream, written } = terminal(40);
    const progress = barProgress(stream);
    progress.start('index (pagefind)', { total: 1000, unit: 'pages' });
    progress.tick(10);
    vi.advanceTimersByTime(100);
    expect(lastDrawn(written()).length).toBeLessThanOrEqual(39);
    progress.close();
    expect(written().endsWith('index (pagefind): stopped after 0.10 s (10 of 1,000 pages)\n')).toBe(true);
  });
});

describe('lineProgress(write) for logs, CI and pipes', () => {
  test('writes exactly one line per stage, when it finishes', () => {
    const lines: string[] = [];
    const progress = lineProgress((line) => lines.push(line));
    progress.start('stage (load, validate, model)', { total: 10_000, unit: 'records' });
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(412);
      progress.tick(100);
    }
    expect(lines).toEqual([]);
    progress.done();
    progress.start('machine-readable outputs');
    vi.advanceTimersByTime(1234);
    progress.done();
    expect(lines).toEqual(['stage (load, validate, model): 10,000 records in 41.2 s (243/s)', 'machine-readable outputs: 1.23 s']);
    expect(lines.join('\n')).not.toContain('\r');
  });

  test('a stage still running when its command fails says how far it got', () => {
    const lines: string[] = [];
    const progress = lineProgress((line) => lines.push(line));
    progress.start('publish', { total: 40, unit: 'files' });
    progress.tick(12);
    vi.advanceTimersByTime(3000);
    progress.close();
    progress.close();
    expect(lines).toEqual(['publish: stopped after 3.00 s (12 of 40 files)']);
  });

  test('writes counts as the pages and diagnostics do: whole, grouped, never "-0" or "NaN"', () => {
    const lines: string[] = [];
    const progress = lineProgress((line) => lines.push(line));
    // A total from metadata arithmetic can be fractional or not a number; a count is still a count.
    progress.start('publish', { total: 1e21 + 0.4, unit: 'files' });
    progress.tick(1234.6);
    progress.close();
    progress.start('pull', { total: Number.NaN, unit: 'records' });
    progress.tick(-0);
    progress.close();
    expect(lines).toEqual([
      'publish: stopped after 0.00 s (1,235 of 1,000,000,000,000,000,000,000 files)',
      'pull: stopped after 0.00 s (0 of 0 records)',
    ]);
    // One function for a count in every output: the progress lines cannot drift from the pages.
    expect(lines[0]).toContain(formatCount(1234.6));
  });
});

describe('openProgress(io) in the CLI', () => {
  const io = (terminal: CliIO['terminal'], env: NodeJS.ProcessEnv = {}): CliIO & { lines: string[] } => {
    const lines: string[] = [];
    return { stdout: () => {}, stderr: (t) => void lines.push(t), cwd: '/', env, terminal, lines };
  };
  /** Runs one stage and says whether the terminal was drawn on while it ran. */
  async function drawsLive(cli: CliIO & { lines: string[] }, written: () => string, live?: boolean) {
    const progress = await openProgress(cli, { live });
    progress.start('stage', { total: 10, unit: 'records' });
    progress.tick(5);
    vi.advanceTimersByTime(200);
    const drawn = written().length > 0;
    progress.done();
    return drawn;
  }

  test('draws a live bar only on a terminal that can redraw a line, and not when told --no-progress', async () => {
    const tty = terminal();
    expect(await drawsLive(io(tty.stream), tty.written)).toBe(true);
    for (const [env, live] of [[{ TERM: 'dumb' }, undefined], [{ CI: 'true' }, undefined], [{}, false]] as const) {
      const t = terminal();
      const cli = io(t.stream, env);
      expect(await drawsLive(cli, t.written, live), JSON.stringify({ env, live })).toBe(false);
      expect(t.written()).toBe('');
      expect(cli.lines).toEqual(['stage: 5 records in 0.20 s (25/s)']);
    }
    const pipe = Object.assign(terminal(), {});
    pipe.stream.isTTY = false as never;
    const piped = io(pipe.stream);
    expect(await drawsLive(piped, pipe.written)).toBe(false);
    expect(piped.lines).toHaveLength(1);
  });
});
