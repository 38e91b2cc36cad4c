/** HDF5 reader: open with h5wasm, classify, extract metadata, optionally one frame. */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { TechnicalMetadata } from '../record/types.ts';
import type { Frame, ReadLimits } from './types.ts';
import { loadH5wasm, type H5File } from './h5.ts';
import { takeHdf5Error } from './hdf5-errors.ts';
import { classifyHdf5, hdf5Technical, type Hdf5Layout } from './hdf5-meta.ts';
import { localSiblings, locateHdf5Frame, readHdf5Frame, type Hdf5Siblings } from './hdf5-frame.ts';

export interface Hdf5Read {
  format: Hdf5Layout['format'];
  technical: TechnicalMetadata;
  frame?: Frame;
}

/** `siblings` says where external-link and VDS source files are (default: next to `path` on disk). */
export async function readHdf5(
  path: string,
  sink: DiagnosticSink,
  limits: ReadLimits,
  wantFrame: boolean,
  frameIndex = 0,
  siblings: Hdf5Siblings = localSiblings(path),
): Promise<Hdf5Read | null> {
  const h5 = await loadH5wasm();
  let file: H5File;
  takeHdf5Error(); // start from a clean slate: only this file's errors are named below
  try {
    file = new h5.File(path, 'r');
  } catch (error) {
    sink.add({ code: 'image/unreadable', message: `HDF5 file could not be opened: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    return null;
  }
  // h5wasm does not throw when H5Fopen fails: it hands back a File with a negative id,
  // on which every lookup fails quietly (the file would look merely empty).
  if (file.file_id < 0n) {
    sink.add({ code: 'image/unreadable', message: `HDF5 file could not be opened: ${takeHdf5Error() ?? 'not a readable HDF5 file'}` });
    return null;
  }
  try {
    const layout = classifyHdf5(file);
    const technical = hdf5Technical(file, layout, sink);
    const frame = wantFrame ? readHdf5Frame(file, path, layout, sink, limits, frameIndex, siblings) : undefined;
    if (!wantFrame) locateHdf5Frame(file, layout, sink, limits, siblings);
    if (frame) {
      technical.width_px ??= frame.width;
      technical.height_px ??= frame.height;
    }
    return { format: layout.format, technical, frame };
  } catch (error) {
    sink.add({ code: 'image/corrupt-data', message: `HDF5 structure could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    return null;
  } finally {
    try {
      file.close();
    } catch {
      // already closed or never fully opened
    }
  }
}
