/**
 * Streams a JSON Lines dataset listing one line at a time (node:readline), so a
 * 200,000-file dataset never sits in memory. A line that is not JSON is reported with its
 * line and column and skipped; blank lines are ignored.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { errorPosition } from './json-text.ts';

export interface ListingLine {
  /** 1-based line number in the listing. */
  position: number;
  /** The listing's path relative to the catalogue root, for diagnostics. */
  file: string;
  /** The parsed line, unvalidated (see validateDatafile). */
  value: unknown;
}

export async function* readListing(absolutePath: string, file: string, sink: DiagnosticSink): AsyncGenerator<ListingLine> {
  const input = createReadStream(absolutePath, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let position = 0;
  try {
    // A listing that cannot be read (a folder, no permission, a disk error) is reported,
    // not thrown: the record stages with the lines read so far.
    input.once('error', () => {});
    for await (const line of lines) {
      position++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(position === 1 ? line.replace(/^\uFEFF/, '') : line);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const { column } = errorPosition(line, reason);
        sink.add({
          code: 'catalogue/datafile-invalid',
          file,
          pointer: `${position}:${column}`,
          message: `Listing line ${position} is not JSON (column ${column}); the line is skipped.`,
        });
        continue;
      }
      yield { position, file, value };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    sink.add({
      code: 'catalogue/listing-missing',
      file,
      pointer: position ? `${position + 1}:1` : null,
      message: `The listing ${file} cannot be read (${code}${position ? ` after line ${position}` : ''}); its files are left out.`,
    });
  } finally {
    lines.close();
    input.destroy();
  }
}
