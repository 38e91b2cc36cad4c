/**
 * NXmx / DECTRIS EIGER metadata from an open HDF5 file (formats.md §4). Every length,
 * time and angle is read with its `@units` and converted into the unit of the key name.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { TechnicalMetadata } from '../record/types.ts';
import type { ImageFormat } from './types.ts';
import { convertUnit, isPixelUnit, tidy, type Quantity } from './units.ts';
import {
  Dataset, Group, attr, attrString, childrenOfClass, firstNumber, numbers, safeGet, stringValue, type H5File,
} from './h5.ts';

export interface Hdf5Layout {
  format: Extract<ImageFormat, 'hdf5-nxmx' | 'hdf5-eiger-master' | 'hdf5-eiger-data' | 'hdf5'>;
  entry: Group | null;
  entryPath: string | null;
  detector: Group | null;
  detectorName: string | null;
}

export function classifyHdf5(file: H5File): Hdf5Layout {
  const entries = childrenOfClass(file, 'NXentry');
  let [entryName, entry] = entries[0] ?? [null, null];
  if (!entry) {
    const fallback = safeGet(file, 'entry');
    if (fallback instanceof Group) [entryName, entry] = ['entry', fallback];
  }
  if (!entry) return { format: 'hdf5', entry: null, entryPath: null, detector: null, detectorName: null };
  const instrument = childrenOfClass(entry, 'NXinstrument')[0]?.[1] ?? (safeGet(entry, 'instrument') as Group | null);
  let detector: Group | null = null;
  let detectorName: string | null = null;
  if (instrument instanceof Group) {
    const detectors = childrenOfClass(instrument, 'NXdetector');
    const preferred = detectors.find(([name]) => name === 'detector') ?? detectors[0];
    if (preferred) [detectorName, detector] = preferred;
    else if (safeGet(instrument, 'detector') instanceof Group) [detectorName, detector] = ['detector', safeGet(instrument, 'detector') as Group];
  }
  const definition = stringValue(safeGet(entry, 'definition'));
  const description = stringValue(detector ? safeGet(detector, 'description') : null) ?? '';
  const eigerFw = detector ? safeGet(detector, 'detectorSpecific/eiger_fw_version') : null;
  let format: Hdf5Layout['format'] = 'hdf5';
  if (definition === 'NXmx') format = 'hdf5-nxmx';
  else if (eigerFw instanceof Dataset || /dectris eiger/i.test(description) || (detector && safeGet(detector, 'detectorSpecific') instanceof Group)) {
    format = 'hdf5-eiger-master';
  }
  else {
    const data = safeGet(entry, 'data/data');
    if (data instanceof Dataset && (attr(data, 'image_nr_low') !== undefined || (data.shape ?? []).length === 3)) format = 'hdf5-eiger-data';
  }
  return { format, entry, entryPath: `/${entryName}`, detector, detectorName };
}

interface Reader {
  file: H5File;
  sink: DiagnosticSink;
}

/** A value with its units converted; pointer-like path for diagnostics. */
function quantity(r: Reader, group: Group | null, names: string[], q: Quantity, defaultUnit?: string): number | undefined {
  if (!group) return undefined;
  for (const name of names) {
    const ds = safeGet(group, name);
    const value = float32Aware(ds, firstNumber(ds));
    if (value === undefined) continue;
    const unit = attrString(ds, 'units') ?? defaultUnit;
    const converted = convertUnit(value, unit, q);
    if (converted === undefined) {
      r.sink.add({ code: 'image/unknown-units', pointer: `${group.path}/${name}`, message: `@units "${unit ?? '(none)'}" of ${group.path}/${name} cannot be converted.` });
      return undefined;
    }
    return tidy(converted);
  }
  return undefined;
}

export function hdf5Technical(file: H5File, layout: Hdf5Layout, sink: DiagnosticSink): TechnicalMetadata {
  const r: Reader = { file, sink };
  const t: TechnicalMetadata = {};
  const { entry, detector } = layout;
  if (!entry) return t;
  const specific = detector ? (safeGet(detector, 'detectorSpecific') as Group | null) : null;
  const spec = specific instanceof Group ? specific : null;

  const description = detector ? stringValue(safeGet(detector, 'description')) : undefined;
  if (description || layout.detectorName) {
    t.detector = layout.detectorName && layout.detectorName !== 'detector'
      ? description ? `${layout.detectorName} (${description})` : layout.detectorName
      : description;
  }

  const beams = [safeGet(entry, 'instrument/beam'), safeGet(entry, 'sample/beam')].filter((g): g is Group => g instanceof Group);
  for (const beam of beams) {
    t.wavelength_angstrom ??= quantity(r, beam, ['incident_wavelength'], 'wavelength');
  }
  if (t.wavelength_angstrom === undefined && spec) {
    const energy = firstNumber(safeGet(spec, 'photon_energy'));
    // λ[Å] = hc / E = 12398.4198 / E[eV]
    if (energy !== undefined && energy > 0) t.wavelength_angstrom = tidy(12398.4198 / energy);
  }

  t.distance_mm = quantity(r, detector, ['distance', 'detector_distance'], 'length') ?? chainDistance(r, detector);

  const pixelX = quantity(r, detector, ['x_pixel_size'], 'length') ?? moduleStep(r, detector, 'fast_pixel_direction');
  const pixelY = quantity(r, detector, ['y_pixel_size'], 'length') ?? moduleStep(r, detector, 'slow_pixel_direction');
  if (pixelX !== undefined) t.pixel_size_x_mm = pixelX;
  if (pixelY !== undefined) t.pixel_size_y_mm = pixelY;

  for (const [axis, key, pixel] of [['x', 'beam_centre_x_px', pixelX], ['y', 'beam_centre_y_px', pixelY]] as const) {
    const ds = detector ? safeGet(detector, `beam_center_${axis}`) : null;
    const value = float32Aware(ds, firstNumber(ds));
    if (value === undefined) continue;
    const unit = attrString(ds, 'units');
    if (isPixelUnit(unit)) t[key] = value;
    else {
      const mm = convertUnit(value, unit, 'length');
      if (mm !== undefined && pixel) t[key] = tidy(mm / pixel);
      else sink.add({ code: 'image/unknown-units', pointer: `${detector?.path}/beam_center_${axis}`, message: `beam_center_${axis} @units "${unit ?? '(none)'}" cannot be converted to pixels.` });
    }
  }

  // DLS omits @units on count_time; NXmx says seconds.
  const exposure = quantity(r, detector, ['count_time'], 'time', 's');
  if (exposure !== undefined) t.exposure_time_s = exposure;

  const scan = rotationScan(r, entry);
  if (scan) {
    t.oscillation_start_deg = scan.start;
    t.oscillation_width_deg = scan.width;
  }

  const width = firstNumber(spec ? safeGet(spec, 'x_pixels_in_detector') : null);
  const height = firstNumber(spec ? safeGet(spec, 'y_pixels_in_detector') : null);
  const moduleSize = detector ? numbers(safeGet(detector, 'module/data_size')) : undefined;
  if (width !== undefined && height !== undefined) [t.width_px, t.height_px] = [width, height];
  else if (moduleSize?.length === 2) [t.width_px, t.height_px] = [moduleSize[0], moduleSize[1]];

  const nimages = firstNumber(spec ? safeGet(spec, 'nimages') : null);
  const ntrigger = firstNumber(spec ? safeGet(spec, 'ntrigger') : null);
  const data = safeGet(entry, 'data/data');
  const shape = data instanceof Dataset ? (data.shape ?? []) : [];
  if (shape.length === 3) {
    t.frames = shape[0];
    t.height_px ??= shape[1];
    t.width_px ??= shape[2];
  } else if (nimages !== undefined) t.frames = nimages * (ntrigger ?? 1);
  else if (scan?.points) t.frames = scan.points;
  return t;
}

/**
 * DECTRIS writes float32: 0.9801122 reads back as 0.9801121950149536. Seven significant
 * digits is what the file actually holds.
 */
function float32Aware(ds: ReturnType<typeof safeGet>, value: number | undefined): number | undefined {
  if (value === undefined || !(ds instanceof Dataset)) return value;
  const meta = ds.metadata;
  return meta.type === 1 && meta.size === 4 ? Number(value.toPrecision(7)) : value;
}

/** Translation of one pixel step of the first NXdetector_module, in mm. */
function moduleStep(r: Reader, detector: Group | null, name: string): number | undefined {
  if (!detector) return undefined;
  const module = childrenOfClass(detector, 'NXdetector_module')[0]?.[1];
  return module ? quantity(r, module, [name], 'length') : undefined;
}

function resolvePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/** |Σ translations| along the detector's depends_on chain (files with no distance field). */
function chainDistance(r: Reader, detector: Group | null): number | undefined {
  if (!detector) return undefined;
  let next = stringValue(safeGet(detector, 'depends_on'));
  const sum = [0, 0, 0];
  let found = false;
  for (let step = 0; next && next !== '.' && step < 32; step++) {
    const ds = safeGet(r.file, resolvePath(next));
    if (!(ds instanceof Dataset)) break;
    if (attrString(ds, 'transformation_type') === 'translation') {
      const value = firstNumber(ds) ?? 0;
      const mm = convertUnit(value, attrString(ds, 'units'), 'length');
      const v = attrVector(ds, 'vector');
      if (mm === undefined || !v) return undefined;
      for (let i = 0; i < 3; i++) sum[i] += v[i] * mm;
      found = true;
    }
    next = attrString(ds, 'depends_on');
  }
  return found ? tidy(Math.hypot(sum[0], sum[1], sum[2])) : undefined;
}

function attrVector(ds: Dataset, name: string): number[] | undefined {
  try {
    const value = ds.attrs[name]?.value;
    const list = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>, Number) : Array.isArray(value) ? value.map(Number) : undefined;
    return list && list.length === 3 && list.every(Number.isFinite) ? list : undefined;
  } catch {
    return undefined;
  }
}

interface Scan {
  start: number;
  width: number;
  points: number;
}

/** The rotation that moves: NXmx transformations, or the older EIGER goniometer group. */
function rotationScan(r: Reader, entry: Group): Scan | undefined {
  const candidates: Dataset[] = [];
  let next = stringValue(safeGet(entry, 'sample/depends_on'));
  for (let step = 0; next && next !== '.' && step < 32; step++) {
    const ds = safeGet(r.file, resolvePath(next));
    if (!(ds instanceof Dataset)) break;
    if (attrString(ds, 'transformation_type') === 'rotation') candidates.push(ds);
    next = attrString(ds, 'depends_on');
  }
  for (const ds of candidates) {
    const values = numbers(ds);
    if (!values || values.length < 2 || values[1] === values[0]) continue;
    const unit = attrString(ds, 'units') ?? 'deg';
    const start = convertUnit(values[0], unit, 'angle');
    const increment = firstNumber(safeGet(r.file, `${ds.path}_increment_set`)) ?? values[1] - values[0];
    const width = convertUnit(increment, unit, 'angle');
    if (start !== undefined && width !== undefined) return { start: tidy(start), width: tidy(width), points: values.length };
  }
  const gonio = safeGet(entry, 'sample/goniometer');
  if (gonio instanceof Group) {
    for (const axis of ['omega', 'phi', 'chi', 'kappa']) {
      const inc = safeGet(gonio, `${axis}_increment`);
      const increment = firstNumber(inc) ?? firstNumber(safeGet(gonio, `${axis}_range_average`));
      if (increment === undefined || increment === 0) continue;
      const unit = attrString(inc, 'units') ?? 'deg';
      const startValue = firstNumber(safeGet(gonio, `${axis}_start`)) ?? firstNumber(safeGet(gonio, axis));
      const start = startValue === undefined ? undefined : convertUnit(startValue, unit, 'angle');
      const width = convertUnit(increment, unit, 'angle');
      const points = numbers(safeGet(gonio, axis))?.length ?? 0;
      if (start !== undefined && width !== undefined) return { start: tidy(start), width: tidy(width), points };
    }
  }
  return undefined;
}
