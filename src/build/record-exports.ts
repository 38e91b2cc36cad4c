/**
 * Per-record files written beside the landing page: citation downloads (BibTeX, RIS,
 * CSL-JSON, Citation File Format, DataCite JSON and XML), then, once the page model
 * exists, the schema.org JSON-LD file and the record's line for the catalogue-wide
 * outputs (src/exports/catalogue-outputs.ts). The Link Set is written as the listing is
 * read (src/build/stage-record.ts).
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import type { CitationSet } from '../citation/citation-set.ts';
import type { DownloadLink, LandingPageModel } from '../model/landing.ts';
import { landingPath, slugFileName } from '../record/identity.ts';
import { toDataCiteXml } from '../datacite/xml-write.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, schemaDescription } from '../exports/schema-org.ts';
import { stagedRecord } from '../exports/record-dump.ts';
import { catalogueLine } from '../exports/catalogue-line.ts';
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
  await Promise.all(EXPORTS.map((file) => writeText(publicDir, `${base}${file.name}`, file.content(record, citations))));
  const links: DownloadLink[] = EXPORTS.map((file) => ({ label: file.label, href: `${base}${file.name}`, mediaType: file.mediaType, filename: downloadName(record, file.name) }));
  links.push({ label: JSON_LD_FILE.label, href: `${base}${JSON_LD_FILE.name}`, mediaType: JSON_LD_FILE.mediaType, filename: downloadName(record, JSON_LD_FILE.name) });
  return links;
}

/** The abstract's length against what Google Dataset Search reads (reported, never fatal). */
export function checkDescription(record: ExperimentRecord, sink: DiagnosticSink): void {
  const description = schemaDescription(record);
  if (!description || description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) {
    sink.add({
      code: 'export/description-length',
      record: record.id,
      file: record.files.datacite,
      pointer: '/descriptions',
      message: `The abstract has ${description?.length ?? 0} characters; schema.org Dataset descriptions need ${DESCRIPTION_MIN}–${DESCRIPTION_MAX} (Google Dataset Search ignores the record otherwise).`,
    });
  }
}

/** The JSON-LD file: the page's own JSON-LD, so the two cannot differ. */
export async function writeJsonLdFile(publicDir: string, record: ExperimentRecord, landing: LandingPageModel): Promise<void> {
  if (landing.head.jsonLd) await writeText(publicDir, landingPath(record.slug) + JSON_LD_FILE.name, landing.head.jsonLd + '\n');
}

/** The record's line for the catalogue-wide outputs (src/exports/catalogue-line.ts; the staged exports/records.jsonl, written in catalogue order by the stage). */
export function stagedRecordLine(
  record: ExperimentRecord,
  landing: LandingPageModel,
  site: { siteUrl: string; filesPerPage: number; now: Date },
  mediaTypes: ReadonlyMap<string, ReadonlySet<string>>,
): string {
  return catalogueLine(stagedRecord(record, landing, site.siteUrl, site.filesPerPage, mediaTypes, site.now));
}
