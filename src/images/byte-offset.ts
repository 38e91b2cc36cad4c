/**
 * `x-CBF_BYTE_OFFSET` decoding (formats.md §2): each element is a signed delta from the
 * previous one, 1 byte with 0x80 escaping to int16, 0x8000 to int32, 0x80000000 to int64.
 */
export interface ByteOffsetResult {
  values: Int32Array;
  /** Bytes consumed; equals X-Binary-Size for an intact section. */
  consumed: number;
  /** False when the input ran out before `count` elements were decoded. */
  complete: boolean;
}

export function decodeByteOffset(input: Uint8Array, count: number): ByteOffsetResult {
  const values = new Int32Array(count);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const n = input.length;
  let p = 0;
  let v = 0;
  for (let i = 0; i < count; i++) {
    if (p >= n) return { values, consumed: p, complete: false };
    let d = input[p] << 24 >> 24;
    p += 1;
    if (d === -128) {
      if (p + 2 > n) return { values, consumed: p, complete: false };
      d = view.getInt16(p, true);
      p += 2;
      if (d === -32768) {
        if (p + 4 > n) return { values, consumed: p, complete: false };
        d = view.getInt32(p, true);
        p += 4;
        if (d === -2147483648) {
          if (p + 8 > n) return { values, consumed: p, complete: false };
          // Pixel values are int32; a 64-bit delta only happens for absurd jumps, keep its low word.
          d = Number(BigInt.asIntN(32, view.getBigInt64(p, true)));
          p += 8;
        }
      }
    }
    v = (v + d) | 0;
    values[i] = v;
  }
  return { values, consumed: p, complete: true };
}

/** Encoder for synthetic frames and tests (the inverse of decodeByteOffset). */
export function encodeByteOffset(values: Int32Array): Uint8Array {
  const out = new Uint8Array(values.length * 7 + 16);
  const view = new DataView(out.buffer);
  let p = 0;
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - prev;
    prev = values[i];
    if (d > -128 && d < 128) {
      view.setInt8(p, d);
      p += 1;
    } else if (d > -32768 && d < 32768) {
      out[p] = 0x80;
      view.setInt16(p + 1, d, true);
      p += 3;
    } else {
      out[p] = 0x80;
      view.setInt16(p + 1, -32768, true);
      view.setInt32(p + 3, d, true);
      p += 7;
    }
  }
  return out.slice(0, p);
}
