/**
 * A text file written in few, large writes. Text collects in memory and the file is opened
 * only once it passes `chunkChars`; a file that never grows that large is written by one
 * call when it is closed. The stage writes dozens of small files per record, and a stream
 * per file (open, a write per line, close) cost more than the text itself.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';

const DONE = Promise.resolve();

export interface BufferedTextFile {
  /** Resolves at once unless a chunk had to be written (with backpressure). */
  write(text: string): Promise<void>;
  /** Bytes already encoded (a line copied from another file), kept in order with the text and never decoded. */
  writeBytes(bytes: Buffer): Promise<void>;
  /** True once text has gone to the file (it was larger than one chunk). */
  readonly spilled: boolean;
  /** Writes what is left and closes the file; returns the bytes written in all. */
  close(): Promise<number>;
  /** The text not written yet, taken out (for a file that never spilled and is not needed on disk). */
  take(): string;
  /** Closes the file after a failure. */
  destroy(): void;
}

export function bufferedTextFile(file: string, chunkChars = 64 * 1024): BufferedTextFile {
  let buffer = '';
  // Bytes written as bytes, with the text before them encoded once, in order; `buffer` follows them.
  let parts: Buffer[] = [];
  let partsBytes = 0;
  let stream: WriteStream | null = null;
  let bytes = 0;
  /** Everything pending, as one text or one Buffer. */
  const pending = (): string | Buffer => {
    if (parts.length === 0) return buffer;
    const all = Buffer.concat(buffer ? [...parts, Buffer.from(buffer)] : parts);
    parts = [];
    partsBytes = 0;
    return all;
  };
  const flush = async () => {
    stream ??= createWriteStream(file, { encoding: 'utf8' });
    const chunk = pending();
    bytes += Buffer.byteLength(chunk);
    const ok = stream.write(chunk);
    buffer = '';
    if (!ok) await once(stream, 'drain');
  };
  return {
    write(text) {
      buffer += text;
      return buffer.length + partsBytes >= chunkChars ? flush() : DONE;
    },
    writeBytes(data) {
      if (buffer) {
        parts.push(Buffer.from(buffer));
        partsBytes += parts.at(-1)!.length;
        buffer = '';
      }
      parts.push(data);
      partsBytes += data.length;
      return partsBytes >= chunkChars ? flush() : DONE;
    },
    get spilled() {
      return stream !== null;
    },
    async close() {
      if (!stream) {
        const chunk = pending();
        bytes += Buffer.byteLength(chunk);
        await writeFile(file, chunk);
        buffer = '';
        return bytes;
      }
      if (buffer || parts.length) await flush();
      stream.end();
      await once(stream, 'finish');
      return bytes;
    },
    take() {
      const all = pending();
      buffer = '';
      return typeof all === 'string' ? all : all.toString('utf8');
    },
    destroy() {
      stream?.destroy();
    },
  };
}
