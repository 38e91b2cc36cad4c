/** Shared shapes of the image readers: the metadata record, a decoded frame, limits. */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { TechnicalMetadata } from '../record/types.ts';

/** What detection found, most specific first. */
export type ImageFormat =
  | 'cbf-mini'
  | 'cbf-mini-eiger'
  | 'cbf-imgcif'
  | 'smv'
  | 'hdf5-nxmx'
  | 'hdf5-eiger-master'
  | 'hdf5-eiger-data'
  | 'hdf5'
  | 'unknown';

/** Transparent container compression found by magic bytes. */
export type ContainerCompression = 'gzip' | 'bzip2' | null;

/** Every key of TechnicalMetadata, in `aperture inspect --json` order. */
export const TECHNICAL_KEYS = [
  'detector',
  'wavelength_angstrom',
  'distance_mm',
  'beam_centre_x_px',
  'beam_centre_y_px',
  'pixel_size_x_mm',
  'pixel_size_y_mm',
  'exposure_time_s',
  'oscillation_start_deg',
  'oscillation_width_deg',
  'frames',
  'width_px',
  'height_px',
] as const satisfies ReadonlyArray<keyof TechnicalMetadata>;

/** One reader's result: the technical record plus what it found on the way. */
export interface ImageMetadata {
  format: ImageFormat;
  compression: ContainerCompression;
  technical: TechnicalMetadata;
  diagnostics: Diagnostic[];
}

/**
 * One decoded frame, row-major, fast dimension first. `invalid` marks pixels that are
 * gaps, bad or masked (negative, overloaded, 2^n-1 fill values) and must not be scaled.
 */
export interface Frame {
  width: number;
  height: number;
  data: Float32Array;
  invalid: Uint8Array;
}

export interface ReadLimits {
  /** Largest frame a reader allocates (pixels). */
  maxPixels: number;
  /** Largest decompressed container (bytes) for .gz/.bz2 files. */
  maxDecompressedBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxPixels: 64 * 1024 * 1024,
  maxDecompressedBytes: 1024 * 1024 * 1024,
};
