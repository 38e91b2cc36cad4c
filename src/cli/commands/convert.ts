/**
 * `aperture convert FILE --to FORMAT`: one DataCite record (kernel 4.x XML, or REST JSON
 * with or without the `data.attributes` envelope) printed in another format, with the same
 * crosswalks the site uses. For curators checking a record and journals wanting a citation.
 * Invalid input: the diagnostics on stderr, exit 1; unknown format: exit 2.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import type { RegisterCommand } from './index.ts';
import { EXIT, CliError } from '../exit-codes.ts';
import { DiagnosticSink } from '../../diagnostics/diagnostic.ts';
import { formatReport, summarise } from '../../diagnostics/report.ts';
import { readDataCite } from '../../catalogue/read-datacite.ts';
import { validateDataCite } from '../../validate/datacite.ts';
import type { DataCiteAttributes } from '../../datacite/types.ts';
import { toDataCiteXml } from '../../datacite/xml-write.ts';
import { toCsl } from '../../citation/csl.ts';
import { formatBibtex, formatCslJson, formatRis, formatStyle } from '../../citation/formats.ts';
import { toCff } from '../../citation/cff.ts';
import { toSchemaOrg } from '../../exports/schema-org.ts';
import type { ExperimentRecord } from '../../record/types.ts';
import { doiUrl } from '../../record/doi.ts';

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

export const CONVERT_FORMATS: Record<string, (a: DataCiteAttributes) => string> = {
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

/**
 * XML by content, not by name: a leading `<` (after a BOM, whitespace, or the zero bytes of
 * UTF-16) cannot start JSON.
 */
export function sniffFormat(bytes: Uint8Array): 'xml' | 'json' {
  for (const b of bytes.subarray(0, 1024)) {
    if (b === 0x3c) return 'xml';
    if (b === 0x00 || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf || b === 0xfe || b === 0xff) continue;
    return 'json';
  }
  return 'json';
}

export const registerConvert: RegisterCommand = (program, io, setExit) => {
  program
    .command('convert')
    .description('Convert one DataCite record (XML kernel 4.x, or REST JSON) to a citation or metadata format')
    .argument('<file>', 'DataCite XML or JSON file')
    .addOption(new Option('--to <format>', 'output format').choices(Object.keys(CONVERT_FORMATS)).makeOptionMandatory())
    .action(async (file: string, options: { to: string }) => {
      const full = path.resolve(io.cwd, file);
      let bytes: Buffer;
      try {
        bytes = await readFile(full);
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.inputErrors);
      }
      const sink = new DiagnosticSink();
      const scoped = sink.scoped({ record: path.basename(file), file });
      const raw = readDataCite(bytes, sniffFormat(bytes), scoped);
      const attrs = raw === undefined ? null : validateDataCite(raw, scoped);
      if (!attrs) {
        io.stderr(formatReport(summarise(1, 0, sink.list)));
        setExit(EXIT.inputErrors);
        return;
      }
      const out = CONVERT_FORMATS[options.to]!(attrs);
      io.stdout(out.endsWith('\n') ? out : out + '\n');
      if (sink.warnings().length) io.stderr(formatReport(summarise(1, 1, sink.list)));
      setExit(EXIT.ok);
    });
};
