/**
 * `--catalogue PATH` → the right CatalogueSource: a folder of experiment folders (the
 * filesystem catalogue), or a folder of bare DataCite .xml/.json files (or one such file).
 * A path that does not exist gives a source that reports `catalogue/not-found`.
 */
import { readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { CatalogueSource } from './types.ts';
import { filesystemSource } from './filesystem-source.ts';
import { dataciteFolderSource, isDataCiteFileName } from './datacite-folder-source.ts';
import { ID_PATTERN } from '../record/identity.ts';

export type CatalogueKind = 'experiments' | 'datacite-files' | 'missing';

/** `now`: the build's time, which dates bare DataCite records (dataciteFolderSource); the wall clock when not building. */
export function openCatalogue(catalogue: string, o: { now?: Date } = {}): CatalogueSource {
  switch (catalogueKind(catalogue)) {
    case 'experiments':
      return filesystemSource(catalogue);
    case 'datacite-files':
      return dataciteFolderSource(catalogue, o.now);
    case 'missing':
      return missingSource(catalogue);
  }
}

/** Experiment folders win: a catalogue may keep loose notes or a README beside its folders. */
export function catalogueKind(catalogue: string): CatalogueKind {
  let stats;
  try {
    stats = statSync(catalogue);
  } catch {
    return 'missing';
  }
  if (stats.isFile()) return isDataCiteFileName(path.basename(catalogue)) ? 'datacite-files' : 'missing';
  if (!stats.isDirectory()) return 'missing';
  let entries;
  try {
    entries = readdirSync(catalogue, { withFileTypes: true });
  } catch {
    return 'missing';
  }
  if (entries.some((e) => e.isDirectory() && !e.name.startsWith('.'))) return 'experiments';
  if (entries.some((e) => e.isFile() && isDataCiteFileName(e.name))) return 'datacite-files';
  return 'experiments'; // an empty catalogue: zero records, not an error
}

/**
 * How many records the catalogue holds, from one listing of its folder (no record is
 * read), for progress totals; undefined when it cannot be told. Records that turn out to
 * be unreadable make the real count smaller.
 */
export async function countExperiments(catalogue: string): Promise<number | undefined> {
  const kind = catalogueKind(catalogue);
  if (kind === 'missing') return undefined;
  try {
    if (statSync(catalogue).isFile()) return 1;
    const entries = await readdir(catalogue, { withFileTypes: true });
    return kind === 'experiments'
      ? entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && ID_PATTERN.test(e.name)).length
      : entries.filter((e) => e.isFile() && isDataCiteFileName(e.name)).length;
  } catch {
    return undefined;
  }
}

function missingSource(catalogue: string): CatalogueSource {
  return {
    name: catalogue,
    experiments: async function* (sink: DiagnosticSink) {
      sink.add({
        code: 'catalogue/not-found',
        file: catalogue,
        message: `The catalogue ${catalogue} does not exist or is not a folder of experiments or DataCite files.`,
      });
    },
    datafiles: async function* () {},
  };
}
