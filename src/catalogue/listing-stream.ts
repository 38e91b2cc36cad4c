/**
 * Streams a JSON Lines dataset listing one line at a time, so a 200,000-file dataset never
 * sits in memory. Lines are split on the bytes (LF, CRLF) and no line is held beyond
 * MAX_LISTING_LINE bytes: a longer one (a 50 MB path) is skipped with a diagnostic while
 * the rest of it streams past. A listing in UTF-16 (by its byte-order mark, or a first `{`
 * with a zero byte beside it, as metadata files are read: ./text-input.ts) is read as
 * UTF-16. Each line is decoded as strict UTF-8, parsed as strict JSON
 * (./json-text.ts) and its text cleaned (./text-input.ts) — except the object-store `key`,
 * which is an address and stays byte for byte. Bad lines are reported and skipped; blank
 * lines are ignored; a listing that cannot be read (a folder, a vanished file) is reported.
 */
import { createReadStream } from 'node:fs';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { parseJsonText } from './json-text.ts';
import { cleanValue, MAX_LISTING_LINE } from './text-input.ts';

export interface ListingLine {
  /** 1-based line number in the listing. */
  position: number;
  /** The listing's path relative to the catalogue root, for diagnostics. */
  file: string;
  /** The parsed line, unvalidated (see validateDatafile). */
  value: unknown;
}

/** A listing line's nesting is shallow (a datafile with its technical metadata). */
const LINE_LIMITS = { maxDepth: 8, maxItems: 1000 };
const KEEP_RAW = new Set(['key']);

export async function* readListing(absolutePath: string, file: string, sink: DiagnosticSink): AsyncGenerator<ListingLine> {
  const input = createReadStream(absolutePath);
  let position = 0;
  try {
    for await (const line of splitLines(asUtf8(input))) {
      position++;
      const parsed = parseListingLine(line, position, file, sink);
      if (parsed !== undefined) yield { position, file, value: parsed };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      sink.add({ code: 'catalogue/undecodable-text', file, message: `The listing ${file} is not valid UTF-16 after line ${position}; the rest of it is not read.` });
      return;
    }
    sink.add({
      code: 'catalogue/listing-missing',
      file,
      message: `The listing ${file} cannot be read${position > 0 ? ` after line ${position}` : ''}: ${code === 'EISDIR' ? 'it is a folder, not a file' : error instanceof Error ? error.message : String(error)}.`,
    });
  } finally {
    input.destroy();
  }
}

/**
 * The listing's bytes as UTF-8. Windows tools write UTF-16 (PowerShell 5's `>` and
 * Out-File): read as UTF-8 every line would be refused (a zero byte beside each character),
 * every file of the dataset lost and each line reported. Strict: bytes that are not UTF-16
 * throw (ERR_ENCODING_INVALID_ENCODED_DATA), never become U+FFFD.
 */
export async function* asUtf8(input: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let decoder: TextDecoder | null | undefined;
  let head = Buffer.alloc(0);
  for await (const chunk of input) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (decoder === undefined) {
      head = Buffer.concat([head, bytes]);
      if (head.length < 2) continue;
      decoder = utf16Decoder(head);
      bytes = head;
    }
    yield decoder ? Buffer.from(decoder.decode(bytes, { stream: true })) : bytes;
  }
  if (decoder === undefined && head.length > 0) yield head;
  if (decoder) yield Buffer.from(decoder.decode());
}

/** A UTF-16 decoder when the first two bytes say UTF-16 (the decoder drops the byte-order mark), else null. */
function utf16Decoder(head: Buffer): TextDecoder | null {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0x7b && head[1] === 0x00)) return new TextDecoder('utf-16le', { fatal: true });
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0x00 && head[1] === 0x7b)) return new TextDecoder('utf-16be', { fatal: true });
  return null;
}

export type RawLine = { bytes: Buffer } | { tooLong: number };

/**
 * Byte lines of a stream (without their line breaks; blank lines included); a line longer
 * than `maxLine` bytes is reported by its length only, never buffered.
 */
export async function* splitLines(input: AsyncIterable<Buffer | string>, maxLine = MAX_LISTING_LINE): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = 0; // bytes of the current line beyond what was kept, once it is too long
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    while (start <= bytes.length) {
      const end = bytes.indexOf(10, start);
      const piece = bytes.subarray(start, end < 0 ? bytes.length : end);
      if (overflow > 0 || length + piece.length > maxLine) {
        overflow += piece.length + (overflow === 0 ? length : 0);
        parts = [];
        length = 0;
      } else if (piece.length > 0) {
        parts.push(piece);
        length += piece.length;
      }
      if (end < 0) break;
      yield overflow > 0 ? { tooLong: overflow } : { bytes: Buffer.concat(parts, length) };
      parts = [];
      length = 0;
      overflow = 0;
      start = end + 1;
    }
  }
  if (overflow > 0) yield { tooLong: overflow };
  else if (length > 0) yield { bytes: Buffer.concat(parts, length) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One listing line (its bytes, without the line break) → a clean value, or undefined after a diagnostic. */
export function parseListingLine(line: RawLine, position: number, file: string, sink: DiagnosticSink): unknown {
  if ('tooLong' in line) {
    sink.add({
      code: 'catalogue/too-large',
      file,
      pointer: `${position}:1`,
      message: `Listing line ${position} is ${line.tooLong} bytes long; lines are read up to ${MAX_LISTING_LINE} bytes. The line is skipped.`,
    });
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(line.bytes);
  } catch {
    sink.add({ code: 'catalogue/undecodable-text', file, pointer: `${position}:1`, message: `Listing line ${position} is not valid UTF-8; the line is skipped.` });
    return undefined;
  }
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (position === 1) text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  // Diagnostics of the line's own parse point into the line; they are re-addressed to the listing.
  const local = new DiagnosticSink();
  const parsed = parseJsonText(text, local, 'The line', LINE_LIMITS);
  const value = parsed.ok ? cleanValue(parsed.value, local, KEEP_RAW) : undefined;
  for (const d of local.list) {
    sink.add({
      code: d.code === 'catalogue/malformed-json' ? 'catalogue/datafile-invalid' : d.code,
      file,
      pointer: /^\d+:\d+$/.test(d.pointer ?? '') ? relinePointer(d.pointer, position) : `${position}:1`,
      message: `Listing line ${position}: ${d.message}${d.code === 'catalogue/malformed-json' ? ' The line is skipped.' : ''}`,
    });
  }
  return value;
}

/** A line's own `1:column` becomes `position:column` in the listing. */
function relinePointer(pointer: string | null | undefined, position: number): string {
  const column = /^\d+:(\d+)$/.exec(pointer ?? '')?.[1] ?? '1';
  return `${position}:${column}`;
}
