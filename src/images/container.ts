/**
 * Transparent container decompression. Compression is found by magic bytes (not by the
 * `.gz`/`.bz2` extension, which dxtbx relies on), then the format is detected again.
 */
import { constants, gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import type { ContainerCompression } from './types.ts';

// seek-bzip is CommonJS without types: a pure-JS bzip2 decoder (MIT, widely used via
// decompress-tarbz2), chosen because node:zlib has no bzip2.
const require = createRequire(import.meta.url);
const Bunzip = require('seek-bzip') as { decode(input: Uint8Array, output?: Uint8Array): Uint8Array };

export function containerCompression(head: Uint8Array): ContainerCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3] >= 0x31 && head[3] <= 0x39) {
    return 'bzip2';
  }
  return null;
}

/**
 * Decompresses at most `maxOutput` bytes. With `partial` the input may be a prefix of the
 * stream (gzip only): zlib's sync flush yields what the prefix holds, enough for a header.
 */
export function decompress(
  bytes: Uint8Array,
  compression: Exclude<ContainerCompression, null>,
  maxOutput: number,
  partial = false,
): Uint8Array {
  if (compression === 'gzip') {
    return gunzipSync(bytes, {
      maxOutputLength: maxOutput,
      finishFlush: partial ? constants.Z_SYNC_FLUSH : constants.Z_FINISH,
    });
  }
  const out = Bunzip.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  if (out.length > maxOutput) throw new RangeError(`decompressed size exceeds ${maxOutput} bytes`);
  return out;
}
