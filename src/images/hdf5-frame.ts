/**
 * One frame from an HDF5 image stack, read with `slice` so only its chunk is decoded.
 * Missing external files and virtual-dataset sources are detected first: HDF5 would
 * otherwise return the fill value (zeros) and the preview would be a silent lie.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Frame, ReadLimits } from './types.ts';
import type { Hdf5Layout } from './hdf5-meta.ts';
import { Dataset, ExternalLink, Group, attr, firstNumber, safeGet, type H5File } from './h5.ts';
import { formatCount, numberText } from '../record/number-text.ts';

/** Where sibling files (external links, VDS sources) are looked up. */
export interface Hdf5Siblings {
  /** Name of the file for messages (a path or URL). */
  displayName: string;
  exists(name: string): boolean;
}

/** Siblings on local disk, next to `filePath`. */
export function localSiblings(filePath: string): Hdf5Siblings {
  return { displayName: filePath, exists: (name) => existsSync(resolve(dirname(filePath), name)) };
}

export interface Located {
  dataset: Dataset;
  path: string;
}

/** The image stack: entry/data/data, else the first data_NNNNNN link (EIGER master). */
function locate(file: H5File, siblings: Hdf5Siblings, layout: Hdf5Layout, sink: DiagnosticSink): Located | null {
  const entry = layout.entry;
  if (!entry) return null;
  const data = safeGet(entry, 'data');
  const candidates: string[] = ['data'];
  if (data instanceof Group) {
    const signal = attr(data, 'signal');
    if (typeof signal === 'string' && signal !== 'data') candidates.unshift(signal);
    try {
      candidates.push(...data.keys().filter((k) => /^data_\d+$/.test(k)).sort());
    } catch {
      // unreadable group: fall through with the default name
    }
  }
  if (layout.detector) candidates.push(`../instrument/${layout.detectorName}/data`);
  for (const name of candidates) {
    const path = name.startsWith('../') ? `${entry.path}/${name.slice(3)}` : `${entry.path}/data/${name}`;
    const target = safeGet(file, path);
    if (target instanceof ExternalLink) {
      sink.add({
        code: 'image/missing-external-data',
        pointer: path,
        message: `${path} links to ${target.filename}:${target.obj_path}, which is missing next to ${siblings.displayName}.`,
      });
      return null;
    }
    if (target instanceof Dataset && (target.shape ?? []).length >= 2) return { dataset: target, path };
  }
  return null;
}

/** Virtual sources whose file (or, for ".", whose in-file link target) does not exist. */
function missingVirtualSources(file: H5File, siblings: Hdf5Siblings, dataset: Dataset): string[] {
  const sources = dataset.metadata.virtual_sources ?? [];
  const missing = new Set<string>();
  for (const { file_name, dset_name } of sources) {
    if (file_name === '.') {
      const target = safeGet(file, dset_name);
      if (target instanceof ExternalLink) {
        if (!siblings.exists(target.filename)) missing.add(target.filename);
      } else if (!(target instanceof Dataset)) missing.add(`${dset_name} (in this file)`);
    } else if (!siblings.exists(file_name)) missing.add(file_name);
  }
  return [...missing];
}

/**
 * The image stack a preview would read, or a diagnostic saying why there is none (no
 * image, missing sources, above the pixel limit), without decoding any pixel: a
 * header-only read (`aperture inspect` without `--preview`) reports the same problems.
 */
export function locateHdf5Frame(file: H5File, layout: Hdf5Layout, sink: DiagnosticSink, limits: ReadLimits, siblings: Hdf5Siblings): Located | undefined {
  const located = locate(file, siblings, layout, sink);
  if (!located) {
    if (!sink.list.some((d) => d.code === 'image/missing-external-data')) {
      sink.add({ code: 'image/no-frame', message: 'No image dataset (rank ≥ 2) was found in the file.' });
    }
    return undefined;
  }
  const { dataset, path } = located;
  const missing = missingVirtualSources(file, siblings, dataset);
  if (missing.length > 0) {
    sink.add({
      code: 'image/missing-external-data',
      pointer: path,
      message: `${path} is a virtual dataset whose sources are missing (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); it would read as zeros.`,
    });
    return undefined;
  }
  const shape = dataset.shape ?? [];
  const [height, width] = shape.slice(-2);
  if (width * height > limits.maxPixels) {
    sink.add({ code: 'image/too-large', message: `Frames of ${numberText(width)}×${numberText(height)} pixels are above the ${formatCount(limits.maxPixels)}-pixel limit.` });
    return undefined;
  }
  return located;
}

export function readHdf5Frame(
  file: H5File,
  filePath: string,
  layout: Hdf5Layout,
  sink: DiagnosticSink,
  limits: ReadLimits,
  index = 0,
  siblings: Hdf5Siblings = localSiblings(filePath),
): Frame | undefined {
  const located = locateHdf5Frame(file, layout, sink, limits, siblings);
  if (!located) return undefined;
  const { dataset, path } = located;
  const shape = dataset.shape ?? [];
  const [height, width] = shape.slice(-2);
  const frames = shape.length >= 3 ? shape[0] : 1;
  const i = Math.min(Math.max(0, index), Math.max(0, frames - 1));
  let raw: unknown;
  try {
    raw = shape.length >= 3 ? dataset.slice([[i, i + 1]]) : dataset.value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unsupported = /filter|not registered|can't open|plugin/i.test(message);
    sink.add({
      code: unsupported ? 'image/unsupported-compression' : 'image/corrupt-data',
      pointer: path,
      message: `Frame ${i} of ${path} could not be decoded: ${message.split('\n')[0]}`,
    });
    return undefined;
  }
  if (!ArrayBuffer.isView(raw) || (raw as unknown as ArrayLike<number>).length !== width * height) {
    sink.add({ code: 'image/no-frame', pointer: path, message: `${path} is not a numeric image.` });
    return undefined;
  }
  return maskFrame(raw as unknown as ArrayLike<number>, width, height, dataset, layout);
}

/** Gap/masked pixels: the dtype's all-ones value (2^bit_depth − 1), above saturation, or flagged in pixel_mask. */
function maskFrame(values: ArrayLike<number>, width: number, height: number, dataset: Dataset, layout: Hdf5Layout): Frame {
  const meta = dataset.metadata;
  const isInt = meta.type === 0;
  const bitDepth = layout.detector ? firstNumber(safeGet(layout.detector, 'bit_depth_image')) : undefined;
  const fill = isInt && !meta.signed ? 2 ** Math.min(bitDepth ?? meta.size * 8, meta.size * 8) - 1 : Infinity;
  const saturation = (layout.detector ? firstNumber(safeGet(layout.detector, 'saturation_value')) : undefined) ?? Infinity;
  const maskDs = layout.detector ? safeGet(layout.detector, 'detectorSpecific/pixel_mask') ?? safeGet(layout.detector, 'pixel_mask') : null;
  let mask: ArrayLike<number> | undefined;
  if (maskDs instanceof Dataset && (maskDs.shape ?? []).join() === `${height},${width}`) {
    try {
      mask = maskDs.value as unknown as ArrayLike<number>;
    } catch {
      mask = undefined;
    }
  }
  const n = width * height;
  const data = new Float32Array(n);
  const invalid = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const v = Number(values[p]);
    data[p] = v;
    if (v >= fill || v > saturation || (isInt && meta.signed && v < 0) || (mask && mask[p] !== 0)) invalid[p] = 1;
  }
  return { width, height, data, invalid };
}
