/**
 * What `aperture convert --to FORMAT` writes: one DataCite record through the same
 * crosswalks the site uses. Apart from the command so `--help` loads none of them.
 */
import type { ConvertFormat } from './commands/convert.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';
import { toDataCiteXml } from '../datacite/xml-write.ts';
import { toCsl } from '../citation/csl.ts';
import { formatBibtex, formatCslJson, formatRis, formatStyle } from '../citation/formats.ts';
import { toCff } from '../citation/cff.ts';
import { toSchemaOrg } from '../exports/schema-org.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { doiUrl } from '../record/doi.ts';

/** A record with nothing but its DataCite metadata: what toSchemaOrg needs outside a catalogue. */
function bareRecord(a: DataCiteAttributes): ExperimentRecord {
  return {
    id: a.doi,
    doi: a.doi.toLowerCase(),
    slug: '',
    datacite: a,
    descriptionMarkdown: null,
    release: { state: 'released', releasedOn: null, filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null },
    facility: null,
    instrument: null,
    technique: null,
    proposal: null,
    collected: { start: null, end: null },
    datasets: [],
    digest: '',
    files: { datacite: null, experiment: null, description: null },
  };
}

function schemaOrg(a: DataCiteAttributes): string {
  const url = doiUrl(a.doi);
  const ld = toSchemaOrg(bareRecord(a), { landingUrl: url, catalogueName: '', catalogueUrl: '', datasetSummaries: [] });
  // Outside a catalogue there is no data catalogue, and access conditions are not known.
  delete ld.includedInDataCatalog;
  delete ld.conditionsOfAccess;
  delete ld.isAccessibleForFree;
  return JSON.stringify(ld, null, 2) + '\n';
}

export const CONVERT_FORMATS: Record<ConvertFormat, (a: DataCiteAttributes) => string> = {
  'csl-json': (a) => formatCslJson(toCsl(a)),
  bibtex: (a) => formatBibtex(toCsl(a)),
  ris: (a) => formatRis(toCsl(a)),
  'schema-org': schemaOrg,
  'datacite-xml': (a) => toDataCiteXml(a),
  'datacite-json': (a) => JSON.stringify(a, null, 2) + '\n',
  cff: (a) => toCff(a),
  apa: (a) => formatStyle(toCsl(a), 'apa').text,
  harvard: (a) => formatStyle(toCsl(a), 'harvard').text,
  vancouver: (a) => formatStyle(toCsl(a), 'vancouver').text,
  chicago: (a) => formatStyle(toCsl(a), 'chicago').text,
};

