/**
 * CBF/imgCIF reader over a ByteSource: reads the header in growing ranges up to the
 * binary marker, then (for a preview) exactly X-Binary-Size bytes of pixel data.
 */
import { createHash } from 'node:crypto';
import type { ByteSource } from './byte-source.ts';
import { decodeByteOffset } from './byte-offset.ts';
import { parseCbfHeader, type CbfHeader } from './cbf-header.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Frame, ReadLimits } from './types.ts';
import { formatCount, numberText } from '../record/number-text.ts';

const MARKER = [0x0c, 0x1a, 0x04, 0xd5];
const FIRST_READ = 16 * 1024;
/** imgCIF headers with hundreds of axes stay well below this. */
const MAX_HEADER_BYTES = 8 * 1024 * 1024;

function findMarker(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x0c && bytes[i + 1] === MARKER[1] && bytes[i + 2] === MARKER[2] && bytes[i + 3] === MARKER[3]) return i;
  }
  return -1;
}

export interface CbfRead {
  header: CbfHeader | null;
  frame?: Frame;
}

export async function readCbf(source: ByteSource, sink: DiagnosticSink, limits: ReadLimits, wantFrame: boolean): Promise<CbfRead> {
  const size = await source.size();
  let head = new Uint8Array(0);
  let marker = -1;
  let want = FIRST_READ;
  while (marker < 0 && head.length < size && head.length < MAX_HEADER_BYTES) {
    const more = await source.read(head.length, Math.min(want, MAX_HEADER_BYTES - head.length));
    if (more.length === 0) break;
    const joined = new Uint8Array(head.length + more.length);
    joined.set(head);
    joined.set(more, head.length);
    const searchFrom = head.length - 3;
    head = joined;
    marker = findMarker(head, searchFrom);
    want *= 2;
  }
  const text = Buffer.from(head.buffer, head.byteOffset, marker < 0 ? head.length : marker).toString('latin1');
  const header = parseCbfHeader(text);
  const binary = header.binary;
  if (marker < 0 && binary) {
    sink.add({ code: 'image/truncated', message: 'The CBF header announces a binary section but the file ends before its start marker.' });
    return { header };
  }
  if (!binary) {
    if (head.length >= MAX_HEADER_BYTES) sink.add({ code: 'image/too-large', message: `No binary section within the first ${MAX_HEADER_BYTES} bytes.` });
    else sink.add({ code: 'image/no-frame', message: 'The CBF file has no binary data section.' });
    return { header };
  }
  const width = binary.fastest ?? 0;
  const height = binary.second ?? 0;
  const pixels = width * height * Math.max(1, binary.third ?? 1);
  if (pixels > limits.maxPixels) {
    sink.add({ code: 'image/too-large', message: `The binary section claims ${numberText(width)}×${numberText(height)} pixels, above the ${formatCount(limits.maxPixels)}-pixel limit.` });
    return { header };
  }
  const start = marker + MARKER.length;
  // Checked before the header-only return: a cut-off upload must not pass as read because no preview was asked for.
  if (binary.binarySize !== null && start + binary.binarySize > size) {
    sink.add({ code: 'image/truncated', message: `The binary section has ${formatCount(Math.max(0, size - start))} of ${numberText(binary.binarySize)} bytes.` });
    return { header };
  }
  if (!wantFrame) return { header };

  const conversions = binary.conversions ?? '';
  if (!/x-CBF_BYTE_OFFSET/i.test(conversions)) {
    sink.add({ code: 'image/unsupported-compression', message: `CBF conversions "${conversions || 'none'}" are not decoded; metadata only.` });
    return { header };
  }
  if (!/signed 32-bit integer/i.test(binary.elementType ?? 'signed 32-bit integer') || (binary.third ?? 1) > 1) {
    sink.add({ code: 'image/unsupported-compression', message: `Element type "${binary.elementType}" or a third dimension is not decoded; metadata only.` });
    return { header };
  }
  if (width <= 0 || height <= 0 || binary.binarySize === null) {
    sink.add({ code: 'image/malformed-header', message: 'X-Binary-Size or the fast/second dimensions are missing.' });
    return { header };
  }
  // A byte_offset element takes at least 1 and at most 15 bytes; anything else is corrupt.
  if (binary.binarySize > pixels * 15 || binary.binarySize < pixels) {
    sink.add({ code: 'image/checksum-mismatch', message: `X-Binary-Size ${numberText(binary.binarySize)} cannot hold ${numberText(pixels)} byte_offset elements.` });
    return { header };
  }
  // The header reads usually already hold the first part of the data: fetch only the rest.
  const have = head.subarray(Math.min(start, head.length), Math.min(head.length, start + binary.binarySize));
  const rest = binary.binarySize - have.length > 0 ? await source.read(start + have.length, binary.binarySize - have.length) : new Uint8Array(0);
  const data = have.length === 0 ? rest : concat(have, rest);
  if (data.length < binary.binarySize) {
    sink.add({ code: 'image/truncated', message: `The binary section has ${formatCount(data.length)} of ${numberText(binary.binarySize)} bytes.` });
    return { header };
  }
  if (binary.contentMd5) {
    const md5 = createHash('md5').update(data).digest('base64');
    if (md5 !== binary.contentMd5) {
      sink.add({ code: 'image/checksum-mismatch', message: `Content-MD5 ${binary.contentMd5} does not match the data (${md5}).` });
      return { header };
    }
  }
  const decoded = decodeByteOffset(data, pixels);
  if (!decoded.complete || decoded.consumed !== binary.binarySize) {
    sink.add({
      code: 'image/checksum-mismatch',
      message: `byte_offset decoding consumed ${formatCount(decoded.consumed)} bytes, X-Binary-Size says ${numberText(binary.binarySize)}.`,
    });
    return { header };
  }
  return { header, frame: frameFromInt32(decoded.values, width, height, header.overload) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Negative values are gaps (-1) and bad pixels (-2); values at the overload are saturated. */
export function frameFromInt32(values: Int32Array, width: number, height: number, overload: number | null): Frame {
  const data = new Float32Array(values.length);
  const invalid = new Uint8Array(values.length);
  const limit = overload ?? Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    data[i] = v;
    if (v < 0 || v >= limit) invalid[i] = 1;
  }
  return { width, height, data, invalid };
}
