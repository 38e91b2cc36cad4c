/**
 * One file, end to end: read metadata (and a frame when a preview is wanted), render the
 * preview, and shape the result as `aperture inspect --json` prints it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ByteSource } from './byte-source.ts';
import { renderPreview, type PreviewImage, type PreviewOptions } from './preview.ts';
import { readImage, type ImageRead, type ReadImageOptions } from './read-image.ts';
import { TECHNICAL_KEYS, type ImageFormat } from './types.ts';

export type InspectJson = { format: ImageFormat } & Record<(typeof TECHNICAL_KEYS)[number], string | number | null> & {
  diagnostics: Diagnostic[];
};

export function toInspectJson(read: Pick<ImageRead, 'format' | 'technical' | 'diagnostics'>): InspectJson {
  const out: Record<string, unknown> = { format: read.format };
  for (const key of TECHNICAL_KEYS) out[key] = read.technical[key] ?? null;
  out.diagnostics = read.diagnostics;
  return out as InspectJson;
}

export interface InspectResult extends ImageRead {
  previews: PreviewImage[];
}

/** Reads a file and renders one preview per requested size (none when `previews` is empty). */
export async function inspectImage(
  source: ByteSource,
  previews: PreviewOptions[] = [],
  options: Omit<ReadImageOptions, 'frame'> = {},
): Promise<InspectResult> {
  const read = await readImage(source, { ...options, frame: previews.length > 0 });
  const images: PreviewImage[] = [];
  if (read.frame) {
    const sink = new DiagnosticSink(read.diagnostics, { file: source.name });
    for (const preview of previews) {
      try {
        images.push(await renderPreview(read.frame, preview));
      } catch (error) {
        sink.add({ code: 'image/preview-failed', message: `Preview encoding failed: ${error instanceof Error ? error.message : String(error)}` });
        break;
      }
    }
  }
  return { ...read, previews: images };
}

/**
 * Whether `aperture inspect` read the file whole, as its exit code says (0 or 1, "the input
 * has errors"). Any warning or error means it did not: a frame over the pixel limit, a
 * header value that does not parse, data files that are missing, an unknown format. Info
 * notes (metadata only: no frame in the file, a compression not decoded) leave it whole,
 * unless a preview was asked for and none was written.
 */
export function readWhole(read: Pick<InspectResult, 'format' | 'diagnostics' | 'previews'>, previewWanted: boolean): boolean {
  if (read.format === 'unknown') return false;
  if (read.diagnostics.some((d) => d.severity !== 'info')) return false;
  return !previewWanted || read.previews.length > 0;
}
