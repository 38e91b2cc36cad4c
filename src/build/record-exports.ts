/**
 * Per-record citation downloads written beside the landing page: BibTeX, RIS, CSL-JSON,
 * Citation File Format, DataCite JSON and DataCite XML. Issue 3 adds the rest of the
 * machine-readable exports here.
 */
import type { ExperimentRecord } from '../validate/record.ts';
import type { CitationSet } from '../citation/citation-set.ts';
import type { DownloadLink } from '../model/landing.ts';
import { landingPath } from '../model/slug.ts';
import { toDataCiteXml } from '../datacite/xml-write.ts';
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
  { name: 'CITATION.cff', label: 'Citation File Format', mediaType: 'application/x-yaml', content: (_, c) => c.cff },
  {
    name: 'datacite.json',
    label: 'DataCite JSON',
    mediaType: 'application/vnd.datacite.datacite+json',
    content: (r) => JSON.stringify(r.datacite, null, 2) + '\n',
  },
  { name: 'datacite.xml', label: 'DataCite XML', mediaType: 'application/vnd.datacite.datacite+xml', content: (r) => toDataCiteXml(r.datacite) },
];

/** Writes the files under `<publicDir>/doi/<slug>/` and returns the links the citation box offers. */
export async function writeRecordExports(publicDir: string, record: ExperimentRecord, citations: CitationSet): Promise<DownloadLink[]> {
  const base = landingPath(record.slug);
  const links: DownloadLink[] = [];
  for (const file of EXPORTS) {
    await writeText(publicDir, `${base}${file.name}`, file.content(record, citations));
    links.push({
      label: file.label,
      href: `${base}${file.name}`,
      mediaType: file.mediaType,
      filename: `${record.slug.replace(/[^a-z0-9._-]+/g, '_')}.${file.name.replace(/^citation\./, '')}`,
    });
  }
  return links;
}
