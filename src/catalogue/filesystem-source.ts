/**
 * The filesystem catalogue (docs/catalogue.md): one folder per experiment holding
 * datacite.json or datacite.xml, experiment.json, an optional description.md and
 * datasets/<id>.jsonl listings. Records are read one folder at a time, in code-unit order
 * of folder names, so the whole catalogue is never in memory.
 */
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { ID_PATTERN } from '../record/identity.ts';
import type { CatalogueSource, RawExperiment } from './types.ts';
import { parseJsonText } from './json-text.ts';
import { readDataCite } from './read-datacite.ts';
import { compare, folderDigest } from './record-digest.ts';
import { readListing, type ListingLine } from './listing-stream.ts';

export function filesystemSource(root: string): CatalogueSource {
  const absoluteRoot = path.resolve(root);
  return {
    name: displayName(root),
    experiments: (sink) => readExperiments(absoluteRoot, sink),
    datafiles: (experimentId, datasetId, sink) => readDatafiles(absoluteRoot, experimentId, datasetId, sink),
  };
}

async function* readExperiments(root: string, sink: DiagnosticSink): AsyncGenerator<RawExperiment> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    sink.add({ code: 'catalogue/not-found', file: root, message: `Cannot read the catalogue folder ${root}: ${reason(error)}.` });
    return;
  }
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(compare);
  for (const id of folders) {
    if (!ID_PATTERN.test(id)) {
      sink.add({
        code: 'catalogue/invalid-id',
        record: id,
        file: id,
        message: `Experiment folder "${id}" is not a valid record id; the folder is left out.`,
      });
      continue;
    }
    const record = await readExperimentFolder(root, id, sink.scoped({ record: id }));
    if (record) yield record;
  }
}

/** Reads one experiment folder; returns null only when the folder itself cannot be read. */
export async function readExperimentFolder(root: string, id: string, sink: DiagnosticSink): Promise<RawExperiment | null> {
  const folder = path.join(root, id);
  const known = new Map<string, Buffer>();
  const read = async (name: string): Promise<string | null> => {
    try {
      const bytes = await readFile(path.join(folder, name));
      known.set(name, bytes);
      return bytes.toString('utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      sink.add({ code: 'catalogue/not-found', file: `${id}/${name}`, message: `Cannot read ${id}/${name}: ${reason(error)}.` });
      return null;
    }
  };

  const [dataciteJson, dataciteXml, experimentText, description] = await Promise.all([
    read('datacite.json'),
    read('datacite.xml'),
    read('experiment.json'),
    read('description.md'),
  ]);

  let datacite: unknown;
  let dataciteFile: string | null = null;
  if (dataciteJson !== null) {
    dataciteFile = `${id}/datacite.json`;
    if (dataciteXml !== null) {
      sink.add({ code: 'catalogue/ambiguous-metadata', file: dataciteFile, message: `${id} has both datacite.json and datacite.xml; datacite.xml is ignored.` });
    }
    datacite = readDataCite(dataciteJson, 'json', sink.scoped({ file: dataciteFile }));
  } else if (dataciteXml !== null) {
    dataciteFile = `${id}/datacite.xml`;
    datacite = readDataCite(dataciteXml, 'xml', sink.scoped({ file: dataciteFile }));
  } else {
    sink.add({ code: 'catalogue/missing-metadata', file: id, message: `${id} has no datacite.json or datacite.xml.` });
  }

  let experiment: unknown;
  const experimentFile = experimentText === null ? null : `${id}/experiment.json`;
  if (experimentText !== null) {
    const parsed = parseJsonText(experimentText, sink.scoped({ file: experimentFile }), 'experiment.json');
    experiment = parsed.ok ? parsed.value : undefined;
  }

  let digest: string;
  try {
    digest = await folderDigest(id, folder, known);
  } catch (error) {
    sink.add({ code: 'catalogue/not-found', file: id, message: `Cannot read every file of ${id}: ${reason(error)}.` });
    return null;
  }

  return {
    id,
    files: {
      datacite: dataciteFile,
      experiment: experimentFile,
      description: description === null ? null : `${id}/description.md`,
    },
    datacite,
    experiment,
    descriptionMarkdown: description,
    digest,
  };
}

async function* readDatafiles(root: string, experimentId: string, datasetId: string, sink: DiagnosticSink): AsyncGenerator<ListingLine> {
  const scoped = sink.scoped({ record: experimentId });
  if (!ID_PATTERN.test(experimentId) || !ID_PATTERN.test(datasetId)) {
    scoped.add({ code: 'catalogue/invalid-id', message: `No dataset "${datasetId}" in experiment "${experimentId}": not a valid id.` });
    return;
  }
  const folder = path.join(root, experimentId);
  const relative = await listingPath(folder, datasetId);
  const absolute = path.resolve(folder, relative);
  const file = `${experimentId}/${relative}`;
  // experiment.json is validated elsewhere; this guard keeps a hostile listing path inside the record folder.
  if (!absolute.startsWith(folder + path.sep) || !existsSync(absolute)) {
    scoped.add({ code: 'catalogue/listing-missing', file, message: `The listing of dataset "${datasetId}" (${file}) cannot be read.` });
    return;
  }
  yield* readListing(absolute, file, scoped);
}

/** The dataset's `listing` from experiment.json, else the conventional datasets/<id>.jsonl. */
async function listingPath(folder: string, datasetId: string): Promise<string> {
  const fallback = `datasets/${datasetId}.jsonl`;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(folder, 'experiment.json'), 'utf8'));
  } catch {
    return fallback; // reported when the record itself was read
  }
  const datasets = isObject(raw) && Array.isArray(raw.datasets) ? raw.datasets : [];
  const dataset = datasets.find((d: unknown) => isObject(d) && d.id === datasetId);
  return isObject(dataset) && typeof dataset.listing === 'string' ? dataset.listing : fallback;
}

export function displayName(root: string): string {
  const relative = path.relative(process.cwd(), path.resolve(root));
  return (relative && !relative.startsWith('..') ? relative : path.resolve(root)) + '/';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
