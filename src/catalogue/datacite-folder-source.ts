/**
 * A folder of bare DataCite files (`*.xml` kernel 4.x, `*.json` REST attributes or
 * envelope), one record each: how a curator checks metadata before it is in the
 * catalogue. Each record is treated as released on the day DataCite registered it, when
 * the file was saved from the REST API, else on its Issued date (or publicationYear)
 * (src/record/release.ts), and has no datasets, so nothing here can add files to the site.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { bareExperimentJson } from '../record/release.ts';
import type { CatalogueSource, RawExperiment } from './types.ts';
import { readDataCite, unwrapRestEnvelope } from './read-datacite.ts';
import { parseJsonText } from './json-text.ts';
import { decodeText, MAX_METADATA_BYTES } from './text-input.ts';
import { compare } from './record-digest.ts';
import { displayName } from './filesystem-source.ts';

/**
 * `root` is a folder of DataCite files, or one such file. `now` is the build's: a record whose
 * Available date has not come by then stands on its registration day (dataciteReleaseDay), so a
 * build made with another `now` must not read the wall clock instead.
 */
export function dataciteFolderSource(root: string, now: Date = new Date()): CatalogueSource {
  const absolute = path.resolve(root);
  return {
    name: displayName(root),
    experiments: (sink) => readRecords(absolute, sink, now),
    // Every bare record is released (bareExperimentJson).
    hiddenDois: async () => ({ unreleased: new Set<string>(), withdrawn: new Set<string>() }),
    // Bare DataCite records carry no datasets, hence no datafiles.
    datafiles: async function* () {},
  };
}

export function isDataCiteFileName(name: string): boolean {
  return !name.startsWith('.') && /\.(xml|json)$/i.test(name);
}

/** File name → record id: lower case, anything outside [a-z0-9._-] becomes "-". */
export function recordIdFromFileName(name: string): string {
  const stem = name.replace(/\.(xml|json)$/i, '').toLowerCase();
  return stem.replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'record';
}

async function* readRecords(root: string, sink: DiagnosticSink, now: Date): AsyncGenerator<RawExperiment> {
  let names: string[];
  let folder = root;
  try {
    if ((await stat(root)).isFile()) {
      folder = path.dirname(root);
      names = [path.basename(root)];
    } else {
      names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isFile() && isDataCiteFileName(e.name)).map((e) => e.name).sort(compare);
    }
  } catch (error) {
    sink.add({ code: 'catalogue/not-found', file: root, message: `Cannot read ${root}: ${error instanceof Error ? error.message : String(error)}.` });
    return;
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    let bytes: Buffer;
    try {
      const size = (await stat(path.join(folder, name))).size;
      if (size > MAX_METADATA_BYTES) {
        const id = recordIdFromFileName(name);
        sink.add({ code: 'catalogue/too-large', record: id, file: name, message: `${name} is ${size} bytes; metadata files are read up to ${MAX_METADATA_BYTES} bytes.` });
        continue;
      }
      bytes = await readFile(path.join(folder, name));
    } catch (error) {
      const id = recordIdFromFileName(name);
      sink.add({ code: 'catalogue/not-found', record: id, file: name, message: `Cannot read ${name}: ${error instanceof Error ? error.message : String(error)}.` });
      continue;
    }
    let entries: FileRecord[];
    try {
      entries = recordsOfFile(name, bytes, sink);
    } catch (error) {
      // The file's own failure boundary: one unreadable file never stops the folder.
      sink.add({ code: 'catalogue/read-failed', record: recordIdFromFileName(name), file: name, message: `Reading ${name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}; it is left out.` });
      continue;
    }
    for (const entry of entries) {
      const scoped = sink.scoped({ record: entry.id, file: name });
      const earlier = seen.get(entry.id);
      if (earlier !== undefined) {
        scoped.add({ code: 'catalogue/duplicate-id', message: `${name} and ${earlier} both give record id "${entry.id}"; the one in ${name} is left out.` });
        continue;
      }
      seen.set(entry.id, name);
      yield {
        id: entry.id,
        files: { datacite: name, experiment: null, description: null },
        datacite: entry.datacite,
        experiment: bareExperimentJson(entry.datacite, entry.registered, now),
        descriptionMarkdown: null,
        digest: createHash('sha256').update(`aperture-record\0${entry.id}\0${name}\0`).update(entry.bytes).digest('hex'),
      };
    }
  }
}

interface FileRecord {
  id: string;
  datacite: unknown;
  bytes: Buffer | string;
  /** DataCite's registration time, in a record saved from its REST API (a registry field, not metadata). */
  registered?: unknown;
}

/**
 * One file is one record, except a REST API list response (`{"data":[…]}`), whose entries
 * each become a record named after its DOI, so a saved API query can be checked as it is.
 */
function recordsOfFile(name: string, bytes: Buffer, sink: DiagnosticSink): FileRecord[] {
  const id = recordIdFromFileName(name);
  const scoped = sink.scoped({ record: id, file: name });
  if (/\.xml$/i.test(name)) return [{ id, datacite: readDataCite(bytes, 'xml', scoped), bytes }];
  const text = decodeText(bytes, 'json', scoped, 'DataCite JSON');
  const parsed = text === undefined ? ({ ok: false } as const) : parseJsonText(text, scoped, 'DataCite JSON');
  if (!parsed.ok) return [{ id, datacite: undefined, bytes }];
  const value = parsed.value;
  if (isObject(value) && Array.isArray(value.data)) {
    return value.data.map((entry: unknown, i: number) => {
      const attributes = unwrapRestEnvelope({ data: entry });
      const doi = isObject(attributes) && typeof attributes.doi === 'string' ? attributes.doi : null;
      const entryId = doi ? recordIdFromFileName(doi) : `${id}-${i + 1}`;
      const entryBytes = JSON.stringify(entry) ?? '';
      // Each entry is read like a file of its own: registry fields dropped, text cleaned.
      return { id: entryId, datacite: readDataCite(JSON.stringify(attributes) ?? '', 'json', sink.scoped({ record: entryId, file: name })), bytes: entryBytes, registered: registeredOf(attributes) };
    });
  }
  return [{ id, datacite: readDataCite(text!, 'json', scoped), bytes, registered: registeredOf(unwrapRestEnvelope(value)) }];
}

function registeredOf(attributes: unknown): unknown {
  return isObject(attributes) ? attributes.registered : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
