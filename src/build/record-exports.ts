/**
 * Per-record files written beside the landing page: citation downloads (BibTeX, RIS,
 * CSL-JSON, Citation File Format, DataCite JSON and XML), then, once the page model
 * exists, the schema.org JSON-LD file, the Signposting Link Set and the record's line for
 * the catalogue-wide outputs (src/exports/catalogue-outputs.ts).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import type { CitationSet } from '../citation/citation-set.ts';
import type { DatasetSummary, DownloadLink, LandingPageModel } from '../model/landing.ts';
import { absoluteUrl, landingPath, slugFileName } from '../record/identity.ts';
import { toDataCiteXml } from '../datacite/xml-write.ts';
import { validDatafiles } from '../validate/validate-catalogue.ts';
import { objectUrl } from '../storage/client.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_INLINE_FILES, schemaDescription } from '../exports/schema-org.ts';
import { LINKSET_FILE } from '../exports/signposting.ts';
import { writeLinkset } from '../exports/linkset.ts';
import { stagedRecord } from '../exports/record-dump.ts';
import { STAGED_RECORDS_FILE, type InlineFile } from '../exports/record-files.ts';
import type { StageOptions } from './stage.ts';
import { writeText } from './write-json.ts';

interface ExportFile {
  name: string;
  label: string;
  mediaType: string;
  content: (record: ExperimentRecord, citations: CitationSet) => string;
}

const EXPORTS: ExportFile[] = [
  { name: 'citation.bib', label: 'BibTeX', mediaType: 'application/x-bibtex', content: (_, c) => c.bibtex },
  { name: 'citation.ris', label: 'RIS', mediaType: 'application/x-research-info-systems', content: (_, c) => c.ris },
  { name: 'citation.csl.json', label: 'CSL-JSON', mediaType: 'application/vnd.citationstyles.csl+json', content: (_, c) => c.cslJson },
  { name: 'CITATION.cff', label: 'Citation File Format', mediaType: 'application/yaml', content: (_, c) => c.cff },
  {
    name: 'datacite.json',
    label: 'DataCite JSON',
    mediaType: 'application/vnd.datacite.datacite+json',
    content: (r) => JSON.stringify(r.datacite, null, 2) + '\n',
  },
  { name: 'datacite.xml', label: 'DataCite XML', mediaType: 'application/vnd.datacite.datacite+xml', content: (r) => toDataCiteXml(r.datacite) },
];

/** Written by writeRecordMachineFiles, once the page's JSON-LD exists. */
const JSON_LD_FILE = { name: 'metadata.jsonld', label: 'schema.org JSON-LD', mediaType: 'application/ld+json' };

function downloadName(record: ExperimentRecord, name: string): string {
  return `${slugFileName(record.slug)}.${name.replace(/^citation\./, '')}`;
}

/** Writes the files under `<publicDir>/doi/<slug>/` and returns the links the citation box offers. */
export async function writeRecordExports(publicDir: string, record: ExperimentRecord, citations: CitationSet): Promise<DownloadLink[]> {
  const base = landingPath(record.slug);
  const links: DownloadLink[] = [];
  for (const file of EXPORTS) {
    await writeText(publicDir, `${base}${file.name}`, file.content(record, citations));
    links.push({ label: file.label, href: `${base}${file.name}`, mediaType: file.mediaType, filename: downloadName(record, file.name) });
  }
  links.push({ label: JSON_LD_FILE.label, href: `${base}${JSON_LD_FILE.name}`, mediaType: JSON_LD_FILE.mediaType, filename: downloadName(record, JSON_LD_FILE.name) });
  return links;
}

/** Every file of a released record with at most MAX_INLINE_FILES files (JSON-LD distribution, `item` links); else undefined. */
export async function inlineFiles(o: StageOptions, record: ExperimentRecord, datasets: DatasetSummary[]): Promise<InlineFile[] | undefined> {
  if (record.release.state !== 'released') return undefined;
  if (datasets.reduce((n, d) => n + d.fileCount, 0) > MAX_INLINE_FILES) return undefined;
  const files: InlineFile[] = [];
  for (const d of datasets) {
    // Problems in the listing were reported when its pages were written.
    for await (const f of validDatafiles(o.source, record, d.id, new DiagnosticSink())) {
      if (o.unavailableKeys?.has(f.key)) continue;
      files.push({ name: f.path, url: objectUrl(o.config.storage, f.key), mediaType: f.mediaType, size: f.size, sha256: f.sha256, checksum: f.checksum });
      if (files.length > MAX_INLINE_FILES) return undefined;
    }
  }
  return files;
}

/**
 * The JSON-LD file (the page's own JSON-LD, so the two cannot differ), the Link Set
 * (streaming the listings again) and the record's line for catalogue-wide outputs.
 */
export async function writeRecordMachineFiles(o: StageOptions, record: ExperimentRecord, landing: LandingPageModel): Promise<void> {
  const base = landingPath(record.slug);
  const landingUrl = absoluteUrl(o.config.siteUrl, base);
  const description = schemaDescription(record);
  if (!description || description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) {
    o.sink.add({
      code: 'export/description-length',
      record: record.id,
      file: record.files.datacite,
      pointer: '/descriptions',
      message: `The abstract has ${description?.length ?? 0} characters; schema.org Dataset descriptions need ${DESCRIPTION_MIN}–${DESCRIPTION_MAX} (Google Dataset Search ignores the record otherwise).`,
    });
  }
  if (landing.head.jsonLd) await writeText(o.publicDir, base + JSON_LD_FILE.name, landing.head.jsonLd + '\n');

  const released = record.release.state === 'released';
  const mediaTypes = new Map<string, Set<string>>();
  async function* files() {
    if (!released) return;
    for (const d of landing.datasets) {
      const types = mediaTypes.get(d.id) ?? new Set<string>();
      mediaTypes.set(d.id, types);
      for await (const f of validDatafiles(o.source, record, d.id, new DiagnosticSink())) {
        if (o.unavailableKeys?.has(f.key)) continue;
        types.add(f.mediaType);
        yield { url: objectUrl(o.config.storage, f.key), mediaType: f.mediaType };
      }
    }
  }
  await writeLinkset(path.join(o.publicDir, base, LINKSET_FILE), {
    landingUrl,
    links: landing.head.links.filter((l) => l.rel !== 'item' && l.rel !== 'linkset'),
    files,
  });

  const line = JSON.stringify(stagedRecord(record, landing, o.config.siteUrl, o.config.filesPerPage, mediaTypes, o.now));
  await mkdir(path.dirname(path.join(o.stageDir, STAGED_RECORDS_FILE)), { recursive: true });
  await appendFile(path.join(o.stageDir, STAGED_RECORDS_FILE), line + '\n');
}
