/**
 * Writes every object of the demo catalogue's released datasets where the bucket would be
 * (default .aperture/demo-objects, a folder mirroring the keys), with the bytes
 * scripts/demo-files.ts makes for each listing line: synthetic frames where Aperture reads
 * the images, short placeholders elsewhere. Each object is checked against its listing's
 * size and SHA-256, so every manifest and ZIP of the demo verifies; a mismatch means the
 * listings are stale (re-run scripts/generate-demo-listings.ts).
 *   tsx scripts/generate-demo-objects.ts [OUT] [CATALOGUE]   (defaults: .aperture/demo-objects and content/)
 * Deterministic; never uses ../shared.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DiagnosticSink } from '../src/diagnostics/diagnostic.ts';
import { openCatalogue } from '../src/catalogue/open-catalogue.ts';
import { validateCatalogue, validDatafiles } from '../src/validate/validate-catalogue.ts';
import type { Datafile } from '../src/record/types.ts';
import { DEMO_LIMITS, demoFileBytes, frameKeys, sha256Hex } from './demo-files.ts';

export interface DemoObjects {
  /** Objects written by this run (the others were already there with the right size). */
  written: string[];
  /** Every object of the released datasets: key → file, for uploading to a store. */
  all: Array<{ key: string; file: string; size: number }>;
}

export async function generateDemoObjects(out: string, catalogue: string): Promise<DemoObjects> {
  const sink = new DiagnosticSink();
  const source = openCatalogue(catalogue);
  const written: string[] = [];
  const all: DemoObjects['all'] = [];
  for await (const { record } of validateCatalogue(source, sink)) {
    if (!record || record.release.state !== 'released') continue;
    for (const dataset of record.datasets) {
      const parent = record.datasets.find((d) => d.id === dataset.derivedFrom);
      const declared = { ...parent?.technical, ...dataset.technical };
      const stills = dataset.technical?.oscillation_width_deg === 0 || parent?.technical?.oscillation_width_deg === 0;
      const files: Datafile[] = [];
      for await (const file of validDatafiles(source, record, dataset.id, new DiagnosticSink())) files.push(file);
      const frames = await frameKeys(files, DEMO_LIMITS);
      for (const file of files) {
        const target = path.join(out, file.key);
        all.push({ key: file.key, file: target, size: file.size });
        if ((await stat(target).catch(() => null))?.size === file.size) continue;
        const bytes = await demoFileBytes(file, declared, frames.has(file.key), stills);
        if (bytes.byteLength !== file.size || sha256Hex(bytes) !== file.sha256) {
          throw new Error(`${record.id}/${dataset.id}: ${file.path} does not match its listing; re-run scripts/generate-demo-listings.ts`);
        }
        await mkdir(path.dirname(target), { recursive: true });
        // Written aside and renamed, so a build reading the folder never sees half a file.
        const temp = `${target}.tmp-${process.pid}`;
        await writeFile(temp, bytes);
        await rename(temp, target);
        written.push(target);
      }
    }
  }
  return { written, all };
}

if (process.argv[1]?.endsWith('generate-demo-objects.ts')) {
  const out = path.resolve(process.argv[2] ?? '.aperture/demo-objects');
  const { written, all } = await generateDemoObjects(out, path.resolve(process.argv[3] ?? 'content'));
  const bytes = all.reduce((n, o) => n + o.size, 0);
  console.error(`demo objects: ${all.length} objects (${(bytes / 1e6).toFixed(1)} MB) under ${out}, ${written.length} written now`);
}
