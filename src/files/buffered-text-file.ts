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
  let stream: WriteStream | null = null;
  let bytes = 0;
  const flush = async () => {
    stream ??= createWriteStream(file, { encoding: 'utf8' });
    bytes += Buffer.byteLength(buffer);
    const ok = stream.write(buffer);
    buffer = '';
    if (!ok) await once(stream, 'drain');
  };
  return {
    write(text) {
      buffer += text;
      return buffer.length >= chunkChars ? flush() : DONE;
    },
    get spilled() {
      return stream !== null;
    },
    async close() {
      if (!stream) {
        bytes += Buffer.byteLength(buffer);
        await writeFile(file, buffer);
        buffer = '';
        return bytes;
      }
      if (buffer) await flush();
      stream.end();
      await once(stream, 'finish');
      return bytes;
    },
    take() {
      const text = buffer;
      buffer = '';
      return text;
    },
    destroy() {
      stream?.destroy();
    },
  };
}
