/**
 * `npm run bench -- progress [--ticks N]`: what reporting progress costs the stages. Every
 * record, page and upload ticks once, so a tick must stay far below the work it counts
 * (a record takes milliseconds to stage). Times N ticks (default 1,000,000) on the live bar
 * (drawing to a stream that throws the output away but says it is a terminal) and on the
 * one-line-per-stage display, in-process; median of 5 runs.
 */
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { barProgress } from '../../src/report/progress-bar.ts';
import { lineProgress, type Progress } from '../../src/report/progress.ts';

function timeTicks(progress: Progress, ticks: number): number {
  progress.start('bench', { total: ticks, unit: 'items' });
  const started = performance.now();
  for (let i = 0; i < ticks; i++) progress.tick();
  const ms = performance.now() - started;
  progress.done();
  return ms;
}

export default async function bench(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { ticks: { type: 'string', default: '1000000' } } });
  const ticks = Number(values.ticks);
  const terminal = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { isTTY: true, columns: 120 });
  const displays: Array<[string, () => Progress]> = [
    ['bar (terminal)', () => barProgress(terminal)],
    ['lines (CI, logs)', () => lineProgress(() => {})],
  ];
  console.log(`display            ${ticks.toLocaleString('en')} ticks   per tick`);
  for (const [name, make] of displays) {
    const runs = Array.from({ length: 5 }, () => timeTicks(make(), ticks)).sort((a, b) => a - b);
    const ms = runs[2];
    console.log(`${name.padEnd(18)} ${`${ms.toFixed(0)} ms`.padStart(10)}   ${((ms * 1e6) / ticks).toFixed(0)} ns`);
  }
}

