/**
 * The filesystem catalogue (docs/catalogue.md): one folder per experiment holding
 * datacite.json or datacite.xml, experiment.json, an optional description.md and
 * datasets/<id>.jsonl listings. Records are read one folder at a time, in code-unit order
 * of folder names, so the whole catalogue is never in memory.
 */
import { readFile, readdir } from 'node:fs/promises';
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { cleanValue, decodeText, MAX_METADATA_BYTES } from './text-input.ts';
import { ID_PATTERN } from '../record/identity.ts';
import type { CatalogueSource, HiddenDois, RawExperiment } from './types.ts';
import { parseJsonText } from './json-text.ts';
import { readDataCite } from './read-datacite.ts';
import { compare, folderDigest } from './record-digest.ts';
import { readListing, type ListingLine } from './listing-stream.ts';
import { experimentFolderStamps } from './record-stamps.ts';
import { addHidden, isHidden } from '../record/release.ts';

export function filesystemSource(root: string): CatalogueSource {
  const absoluteRoot = path.resolve(root);
  return {
    name: displayName(root),
    experiments: (sink, only) => readExperiments(absoluteRoot, sink, only),
    stamps: () => experimentFolderStamps(absoluteRoot),
    hiddenDois: () => hiddenDois(absoluteRoot),
    datafiles: (experimentId, datasetId, sink) => readDatafiles(absoluteRoot, experimentId, datasetId, sink),
  };
}

/** The experiment folders' names, in catalogue order; null (reported) when the catalogue cannot be read. */
async function experimentFolders(root: string, sink: DiagnosticSink): Promise<string[] | null> {
  try {
    const entries = await readdir(root, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(compare);
  } catch (error) {
    sink.add({ code: 'catalogue/not-found', file: root, message: `Cannot read the catalogue folder ${root}: ${reason(error)}.` });
    return null;
  }
}

/**
 * The light pass over release states: experiment.json alone for a released record, and its
 * DataCite file too for a hidden one, to read the DOI. Never the listings: at a facility most
 * records are under embargo, and hashing their listings for a digest the pass does not need
 * would be most of a cold build's reading. Quiet: the stage reads every record again and
 * reports what is wrong with it.
 *
 * Synchronous reads, as for the stamps (record-stamps.ts): at 10,000 records the pass took
 * 2.7 s through the thread pool's promises, 2.1 s of it waiting on one stat and one read after
 * another, and nothing else runs before it ends.
 */
async function hiddenDois(root: string): Promise<HiddenDois> {
  const quiet = new DiagnosticSink();
  const out: HiddenDois = { unreleased: new Set(), withdrawn: new Set() };
  for (const id of (await experimentFolders(root, quiet)) ?? []) {
    if (!ID_PATTERN.test(id)) continue;
    const entry = recordFile(path.join(root, id), 'experiment.json');
    const bytes = entry.kind === 'file' && entry.size <= MAX_METADATA_BYTES ? readIfThere(entry.path) : null;
    const experiment = bytes ? readJsonFile(bytes, 'experiment.json', quiet) : undefined;
    if (!isHidden(experiment)) continue;
    const folder = path.join(root, id);
    const [json, xml] = await Promise.all([readMetadataFile(folder, id, 'datacite.json', quiet), readMetadataFile(folder, id, 'datacite.xml', quiet)]);
    addHidden(out, { datacite: dataciteOf(id, json, xml, quiet).datacite, experiment });
  }
  return out;
}

export type RecordFile =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'missing' }
  | { kind: 'outside'; target: string }
  | { kind: 'not-a-file'; what: string }
  | { kind: 'unreadable'; reason: string };

/**
 * What `relative` names inside a record folder, symbolic links resolved. Only a regular file
 * whose real path lies inside the folder is an input: a link out of it would publish whatever
 * it points at (/etc/passwd, the build's own /proc/self/environ), and reading a FIFO or a
 * device never ends. Every file of a record is opened through this check.
 */
export function recordFile(folder: string, relative: string): RecordFile {
  return plainFile(folder, relative) ?? resolvedFile(folder, relative);
}

/**
 * The common case in one lstat per path segment: a regular file reached through no link,
 * which lies in the folder by its path alone. Resolving real paths for every file cost six
 * times as much (0.3 s against 0.05 s for the experiment.json files of 10,000 records). Null
 * when that cannot be told so (a link on the way, `..`, missing): resolvedFile decides.
 */
function plainFile(folder: string, relative: string): RecordFile | null {
  const segments = relative.split(/[\\/]/);
  if (path.isAbsolute(relative) || segments.some((s) => s === '..' || s === '.' || s === '')) return null;
  try {
    for (let i = 1; i < segments.length; i++) if (!lstatSync(path.join(folder, ...segments.slice(0, i))).isDirectory()) return null;
    const info = lstatSync(path.join(folder, relative));
    return info.isFile() ? { kind: 'file', path: path.join(folder, relative), size: info.size } : null;
  } catch {
    return null;
  }
}

function resolvedFile(folder: string, relative: string): RecordFile {
  let real: string;
  let base: string;
  try {
    base = realpathSync(folder);
    real = realpathSync(path.resolve(folder, relative));
  } catch (error) {
    return isMissing(error) ? { kind: 'missing' } : { kind: 'unreadable', reason: reason(error) };
  }
  if (!real.startsWith(base + path.sep)) return { kind: 'outside', target: real };
  try {
    const info = statSync(real);
    if (info.isFile()) return { kind: 'file', path: real, size: info.size };
    return { kind: 'not-a-file', what: info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device' };
  } catch (error) {
    return { kind: 'unreadable', reason: reason(error) };
  }
}

/** The diagnostic for a record file that is not read (`missing` is the caller's to report, or not). */
function refusal(entry: Exclude<RecordFile, { kind: 'file' | 'missing' }>, label: string, code: 'catalogue/not-found' | 'catalogue/listing-missing') {
  switch (entry.kind) {
    case 'outside':
      return { code: 'catalogue/link-outside' as const, message: `${label} leads out of its record folder (to ${entry.target}); it is not read.` };
    case 'not-a-file':
      return { code, message: `${label} is not a regular file: it is ${entry.what}, and is not read.` };
    case 'unreadable':
      return { code, message: `Cannot read ${label}: ${entry.reason}.` };
  }
}

function readIfThere(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

async function* readExperiments(root: string, sink: DiagnosticSink, only?: (id: string) => boolean): AsyncGenerator<RawExperiment> {
  const folders = await experimentFolders(root, sink);
  if (!folders) return;
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
    if (only && !only(id)) continue;
    let record: RawExperiment | null;
    try {
      record = await readExperimentFolder(root, id, sink.scoped({ record: id }));
    } catch (error) {
      // The record's own failure boundary: one unreadable folder never stops the catalogue.
      sink.add({ code: 'catalogue/read-failed', record: id, file: id, message: `Reading ${id} failed unexpectedly: ${reason(error)}; the record is left out.` });
      continue;
    }
    if (record) yield record;
  }
}

/** A metadata file's bytes; null when it is missing, or (reported) not a regular file, too large or unreadable. */
async function readMetadataFile(folder: string, id: string, name: string, sink: DiagnosticSink, refused?: Set<string>): Promise<Buffer | null> {
  // A metadata "file" that is a folder, a link out of the record or one too large to read is reported, not thrown (EISDIR, memory).
  const entry = recordFile(folder, name);
  if (entry.kind !== 'file') {
    if (entry.kind !== 'missing') {
      sink.add({ ...refusal(entry, `${id}/${name}`, 'catalogue/not-found'), file: `${id}/${name}` });
      refused?.add(name);
    }
    return null;
  }
  if (entry.size > MAX_METADATA_BYTES) {
    sink.add({ code: 'catalogue/too-large', file: `${id}/${name}`, message: `${id}/${name} is ${entry.size} bytes; metadata files are read up to ${MAX_METADATA_BYTES} bytes.` });
    return null;
  }
  try {
    return await readFile(entry.path);
  } catch (error) {
    if (isMissing(error)) return null;
    sink.add({ code: 'catalogue/not-found', file: `${id}/${name}`, message: `Cannot read ${id}/${name}: ${reason(error)}.` });
    return null;
  }
}

/** The record's DataCite attributes from datacite.json, else datacite.xml, and which file they came from. */
function dataciteOf(id: string, json: Buffer | null, xml: Buffer | null, sink: DiagnosticSink, refused: ReadonlySet<string> = new Set()): { file: string | null; datacite: unknown } {
  if (json !== null) {
    const file = `${id}/datacite.json`;
    if (xml !== null) sink.add({ code: 'catalogue/ambiguous-metadata', file, message: `${id} has both datacite.json and datacite.xml; datacite.xml is ignored.` });
    return { file, datacite: readDataCite(json, 'json', sink.scoped({ file })) };
  }
  if (xml !== null) {
    const file = `${id}/datacite.xml`;
    return { file, datacite: readDataCite(xml, 'xml', sink.scoped({ file })) };
  }
  // A metadata file that is there but was refused (a link out of the folder) is reported once, as that.
  if (!refused.has('datacite.json') && !refused.has('datacite.xml')) {
    sink.add({ code: 'catalogue/missing-metadata', file: id, message: `${id} has no datacite.json or datacite.xml.` });
  }
  return { file: null, datacite: undefined };
}

/** Reads one experiment folder; returns null only when the folder itself cannot be read. */
export async function readExperimentFolder(root: string, id: string, sink: DiagnosticSink): Promise<RawExperiment | null> {
  const folder = path.join(root, id);
  const known = new Map<string, Buffer>();
  const refused = new Set<string>();
  const read = async (name: string): Promise<Buffer | null> => {
    const bytes = await readMetadataFile(folder, id, name, sink, refused);
    if (bytes) known.set(name, bytes);
    return bytes;
  };

  const [dataciteJson, dataciteXml, experimentBytes, descriptionBytes] = await Promise.all([
    read('datacite.json'),
    read('datacite.xml'),
    read('experiment.json'),
    read('description.md'),
  ]);

  const { file: dataciteFile, datacite } = dataciteOf(id, dataciteJson, dataciteXml, sink, refused);

  let experiment: unknown;
  // A refused experiment.json (a link out of the folder) is reported as that, not as missing.
  const experimentFile = experimentBytes === null && !refused.has('experiment.json') ? null : `${id}/experiment.json`;
  if (experimentBytes !== null) experiment = readJsonFile(experimentBytes, 'experiment.json', sink.scoped({ file: experimentFile }));

  const descriptionFile = `${id}/description.md`;
  const descriptionText = descriptionBytes === null ? undefined : decodeText(descriptionBytes, 'json', sink.scoped({ file: descriptionFile }), 'description.md');
  const description = descriptionText === undefined ? null : (cleanValue(descriptionText, sink.scoped({ file: descriptionFile }), undefined, { metadata: true }) as string);

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
      description: description === null ? null : descriptionFile,
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
  // experiment.json is validated elsewhere; these guards keep a hostile listing path inside the record folder.
  const entry = absolute.startsWith(folder + path.sep) ? recordFile(folder, relative) : ({ kind: 'missing' } as const);
  if (entry.kind !== 'file') {
    scoped.add(
      entry.kind === 'missing'
        ? { code: 'catalogue/listing-missing', file, message: `The listing of dataset "${datasetId}" (${file}) cannot be read.` }
        : { ...refusal(entry, file, 'catalogue/listing-missing'), file },
    );
    return;
  }
  yield* readListing(entry.path, file, scoped);
}

/** experiment.json bytes → a clean value, or undefined after a diagnostic. */
export function readJsonFile(bytes: Buffer, label: string, sink: DiagnosticSink): unknown {
  const text = decodeText(bytes, 'json', sink, label);
  if (text === undefined) return undefined;
  const parsed = parseJsonText(text, sink, label);
  return parsed.ok ? cleanValue(parsed.value, sink, undefined, { metadata: true }) : undefined;
}

/** The dataset's `listing` from experiment.json, else the conventional datasets/<id>.jsonl. */
async function listingPath(folder: string, datasetId: string): Promise<string> {
  const fallback = `datasets/${datasetId}.jsonl`;
  let raw: unknown;
  try {
    // Read as the record was (same limits and cleaning); its problems were reported then.
    const entry = recordFile(folder, 'experiment.json');
    if (entry.kind !== 'file') return fallback;
    raw = readJsonFile(await readFile(entry.path), 'experiment.json', new DiagnosticSink());
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
