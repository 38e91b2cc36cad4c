/**
 * Enrich one datafile: technical metadata and, when the format allows, a thumbnail and
 * a view image. Pure apart from the injected ByteSource and cache; the build decides
 * which datafiles to enrich and where previews are published.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Datafile, TechnicalMetadata } from '../record/types.ts';
import type { ByteSource } from '../images/byte-source.ts';
import { inspectImage } from '../images/inspect.ts';
import { THUMBNAIL_SIZE, VIEW_SIZE, type PreviewImage } from '../images/preview.ts';
import type { ImageFormat } from '../images/types.ts';
import type { EnrichCache } from './cache.ts';
import { contentKey } from '../record/checksum.ts';

export interface PreviewRef {
  /** Cache file holding the encoded image. */
  path: string;
  width: number;
  height: number;
  mediaType: PreviewImage['mediaType'];
  bytes: number;
}

export interface DatafileEnrichment {
  format: ImageFormat;
  technical: TechnicalMetadata;
  preview?: { thumbnail: PreviewRef; view: PreviewRef };
  diagnostics: Diagnostic[];
}

export interface EnrichOptions {
  /** Render previews (default true); header-only when false. */
  previews?: boolean;
  record?: string | null;
}

interface Cached extends Omit<DatafileEnrichment, 'preview'> {
  previews: boolean;
  preview?: DatafileEnrichment['preview'];
}

/** Bump when reader output changes so old cache entries are not reused. */
export const ENRICH_CACHE_VERSION = 2;

export async function enrichDatafile(source: ByteSource, file: Datafile, cache: EnrichCache, options: EnrichOptions = {}): Promise<DatafileEnrichment> {
  const wantPreviews = options.previews ?? true;
  const key = contentKey(file);
  // Callers pass only content-addressable files (see enrich-catalogue.ts).
  if (key === null) throw new Error(`${file.path} has no SHA-256, SHA-512, SHA-1 or MD5 to cache its enrichment by`);
  const hit = await cache.get<Cached & { version: number }>(key);
  if (hit && hit.version === ENRICH_CACHE_VERSION && (hit.previews || !wantPreviews)) {
    return { format: hit.format, technical: hit.technical, preview: hit.preview, diagnostics: hit.diagnostics };
  }
  const result = await inspectImage(source, wantPreviews ? [{ size: THUMBNAIL_SIZE }, { size: VIEW_SIZE }] : []);
  const technical: TechnicalMetadata = {};
  for (const [key, value] of Object.entries(result.technical)) {
    if (value !== null && value !== undefined) (technical as Record<string, unknown>)[key] = value;
  }
  // Diagnostics name the catalogue path and record, not a temporary or remote location.
  const diagnostics = result.diagnostics.map((d) => ({ ...d, file: file.path, record: options.record ?? d.record }));
  let preview: DatafileEnrichment['preview'];
  if (result.previews.length === 2) {
    const [thumb, view] = result.previews;
    const ext = (p: PreviewImage) => (p.mediaType === 'image/webp' ? 'webp' : 'png');
    const ref = async (p: PreviewImage, name: string): Promise<PreviewRef> => ({
      path: await cache.putFile(key, `${name}.${ext(p)}`, p.bytes),
      width: p.width,
      height: p.height,
      mediaType: p.mediaType,
      bytes: p.bytes.length,
    });
    preview = { thumbnail: await ref(thumb, 'thumb'), view: await ref(view, 'view') };
  }
  const enrichment: DatafileEnrichment = { format: result.format, technical, preview, diagnostics };
  // Unreadable I/O (network) is not cached: the next build retries it.
  if (!diagnostics.some((d) => d.code === 'image/unreadable')) {
    await cache.put(key, { ...enrichment, previews: wantPreviews, version: ENRICH_CACHE_VERSION });
  }
  return enrichment;
}
