/**
 * SMV (ADSC and related) reader: `{\nKEY=value;\n…}` padded to HEADER_BYTES, then raw
 * uint16 pixels (formats.md §3). Beam centre conventions differ by beamline.
 */
import type { ByteSource } from './byte-source.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { TechnicalMetadata } from '../record/types.ts';
import type { Frame, ReadLimits } from './types.ts';
import { formatCount, numberText } from '../record/number-text.ts';

const MAX_HEADER_BYTES = 64 * 1024;

export function parseSmvHeader(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const end = text.indexOf('}');
  for (const line of (end < 0 ? text : text.slice(0, end)).split(/[;\n]/)) {
    const eq = line.indexOf('=');
    if (eq > 0) out.set(line.slice(0, eq).trim().toUpperCase(), line.slice(eq + 1).trim());
  }
  return out;
}

export interface SmvRead {
  header: Map<string, string>;
  technical: TechnicalMetadata;
  frame?: Frame;
}

function number(h: Map<string, string>, key: string): number | undefined {
  const raw = h.get(key);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** A pixel count: digits only, as CBF's dimensions are read ("3.5", "1e-300" or "0x10" would make a frame whose data is not width × height). */
function count(h: Map<string, string>, key: string): number | undefined {
  const raw = h.get(key)?.trim();
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function smvTechnical(h: Map<string, string>, sink: DiagnosticSink): TechnicalMetadata {
  const t: TechnicalMetadata = { frames: 1 };
  const beamline = h.get('BEAMLINE');
  const serial = h.get('DETECTOR_SN');
  const name = h.get('DETECTOR_TYPE') ?? h.get('DETECTOR_NAME') ?? beamline;
  if (name) t.detector = serial ? `${name} SN ${serial}` : name;
  const width = count(h, 'SIZE1');
  const height = count(h, 'SIZE2');
  if (width !== undefined) t.width_px = width;
  if (height !== undefined) t.height_px = height;
  const pixel = number(h, 'PIXEL_SIZE');
  if (pixel !== undefined) {
    t.pixel_size_x_mm = pixel;
    t.pixel_size_y_mm = pixel;
  }
  const set = (key: keyof TechnicalMetadata, header: string) => {
    const v = number(h, header);
    if (v !== undefined) (t as Record<string, number>)[key] = v;
  };
  set('distance_mm', 'DISTANCE');
  set('wavelength_angstrom', 'WAVELENGTH');
  set('exposure_time_s', 'TIME');
  set('oscillation_start_deg', h.has('OSC_START') ? 'OSC_START' : 'PHI');
  set('oscillation_width_deg', 'OSC_RANGE');

  const bx = number(h, 'BEAM_CENTER_X');
  const by = number(h, 'BEAM_CENTER_Y');
  if (bx !== undefined && by !== undefined) {
    const inside = (x: number, y: number) => width !== undefined && height !== undefined && x >= 0 && y >= 0 && x <= width && y <= height;
    const mmFast = pixel ? by / pixel : NaN;
    const mmSlow = pixel ? bx / pixel : NaN;
    // TimePix_SU writes pixels (dxtbx FormatSMVTimePix_SU); ADSC writes mm in the Mosflm
    // frame, i.e. (BEAM_CENTER_Y, BEAM_CENTER_X) is (fast, slow). A centre that only makes
    // sense as pixels is taken as pixels.
    const pixels = /timepix/i.test(beamline ?? '') || (!inside(mmFast, mmSlow) && inside(bx, by));
    if (pixels) {
      t.beam_centre_x_px = bx;
      t.beam_centre_y_px = by;
    } else if (pixel) {
      t.beam_centre_x_px = Number.parseFloat(mmFast.toPrecision(12));
      t.beam_centre_y_px = Number.parseFloat(mmSlow.toPrecision(12));
    } else {
      sink.add({ code: 'image/malformed-header', message: 'BEAM_CENTER in mm cannot be converted to pixels without PIXEL_SIZE.' });
    }
  }
  return t;
}

export async function readSmv(source: ByteSource, sink: DiagnosticSink, limits: ReadLimits, wantFrame: boolean): Promise<SmvRead | null> {
  const first = await source.read(0, 1024);
  const declared = /HEADER_BYTES\s*=\s*(\d+)/.exec(Buffer.from(first).toString('latin1'));
  const headerBytes = declared ? Number(declared[1]) : NaN;
  if (!Number.isFinite(headerBytes) || headerBytes < 16 || headerBytes > MAX_HEADER_BYTES) {
    sink.add({ code: 'image/malformed-header', message: `HEADER_BYTES is missing or out of range (${declared?.[1] ?? 'absent'}).` });
    return null;
  }
  const headBytes = headerBytes <= first.length ? first.subarray(0, headerBytes) : await source.read(0, headerBytes);
  if (headBytes.length < headerBytes) {
    sink.add({ code: 'image/truncated', message: `The file ends inside its ${numberText(headerBytes)}-byte header.` });
  }
  const header = parseSmvHeader(Buffer.from(headBytes).toString('latin1'));
  const technical = smvTechnical(header, sink);
  const width = technical.width_px ?? 0;
  const height = technical.height_px ?? 0;
  if (width * height > limits.maxPixels) {
    sink.add({ code: 'image/too-large', message: `SIZE1×SIZE2 = ${numberText(width)}×${numberText(height)} is above the ${formatCount(limits.maxPixels)}-pixel limit.` });
    return { header, technical };
  }
  const type = (header.get('TYPE') ?? 'unsigned_short').toLowerCase();
  const size = await source.size();
  const expected = headerBytes + width * height * 2;
  if (type === 'unsigned_short' && width > 0 && height > 0 && size < expected) {
    sink.add({ code: 'image/truncated', message: `The file has ${formatCount(size)} bytes; HEADER_BYTES + SIZE1·SIZE2·2 = ${numberText(expected)}.` });
    return { header, technical };
  }
  if (!wantFrame) return { header, technical };
  if (type !== 'unsigned_short') {
    sink.add({ code: 'image/unsupported-compression', message: `SMV TYPE ${type} is not decoded; metadata only.` });
    return { header, technical };
  }
  if (width <= 0 || height <= 0) {
    sink.add({ code: 'image/malformed-header', message: 'SIZE1 or SIZE2 is missing or not a whole number.' });
    return { header, technical };
  }
  const raw = await source.read(headerBytes, width * height * 2);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const little = !/big/i.test(header.get('BYTE_ORDER') ?? 'little_endian');
  const data = new Float32Array(width * height);
  const invalid = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const v = view.getUint16(i * 2, little);
    data[i] = v;
    if (v === 65535) invalid[i] = 1;
  }
  return { header, technical, frame: { width, height, data, invalid } };
}
