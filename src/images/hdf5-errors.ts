/**
 * HDF5's own error printing, kept out of the build log. The library prints its whole
 * error stack ("HDF5-DIAG: Error detected in HDF5…", ~30 lines per failing call) to
 * stderr; h5wasm/node is built with NODERAWFS, so those writes go straight to the
 * process's fd 2 through the Emscripten `FS.write`. We take over fd 2 of the wasm module
 * only: what it writes is kept (bounded) so the reader can name the innermost cause in
 * its one typed diagnostic instead.
 */

/** The part of h5wasm's Emscripten FS this module wraps. */
interface WritableFs {
  write(stream: { fd: number }, buffer: Uint8Array, offset: number, length: number, position?: number, canOwn?: boolean): number;
}

/** Enough for several full error stacks; older text is dropped, the first stack is the one named. */
const MAX_CHARS = 16_000;

let captured = '';
const installed = new WeakSet<object>();

/** Routes the module's stderr into the capture buffer (idempotent per FS). */
export function captureHdf5Stderr(fs: WritableFs): void {
  if (installed.has(fs)) return;
  installed.add(fs);
  const write = fs.write.bind(fs);
  fs.write = (stream, buffer, offset, length, position, canOwn) => {
    if (stream.fd !== 2) return write(stream, buffer, offset, length, position, canOwn);
    if (captured.length < MAX_CHARS) captured += Buffer.from(buffer.subarray(offset, offset + length)).toString('utf8');
    return length;
  };
}

/**
 * The innermost reason of the first error stack printed since the last call, e.g.
 * "bad superblock version number", and clears the buffer. Undefined when nothing failed.
 */
export function takeHdf5Error(): string | undefined {
  const text = captured;
  captured = '';
  const stacks = text.split(/^HDF5-DIAG:.*$/m).slice(1);
  const frames = (stacks[0] ?? '').split('\n').filter((line) => /^\s*#\d+:/.test(line));
  const innermost = frames.at(-1);
  // "#011: /path/H5Fsuper.c line 123 in H5F__super_read(): reason" → "reason"
  return innermost?.replace(/^.*?\(\):\s*/, '').trim() || undefined;
}
