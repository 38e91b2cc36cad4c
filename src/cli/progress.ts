/**
 * Which progress display a command gets (src/report/progress.ts): a live bar when stderr
 * is a terminal that can redraw a line, one line per stage otherwise (CI, logs, pipes,
 * TERM=dumb, `--no-progress`). Both write to stderr only, so stdout stays the data
 * (`--json`). The bar's library is imported here, on demand, never at start-up.
 */
import type { CliIO } from './io.ts';
import { lineProgress, type ProgressDisplay } from '../report/progress.ts';

export async function openProgress(io: CliIO, options: { live?: boolean } = {}): Promise<ProgressDisplay> {
  if (options.live !== false && canRedraw(io)) {
    const { barProgress } = await import('../report/progress-bar.ts');
    return barProgress(io.terminal!);
  }
  return lineProgress((line) => io.stderr(line));
}

function canRedraw(io: CliIO): boolean {
  // CI runners that do give a terminal still keep their logs as text, where a redrawn line is noise.
  return io.terminal?.isTTY === true && io.env.TERM !== 'dumb' && !isTrue(io.env.CI);
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
