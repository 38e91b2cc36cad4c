/** A pulled mirror as `aperture build` reads it: the valid records, each with its datasets' file paths, and what reading reported. */
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { filesystemSource } from '../../src/catalogue/filesystem-source.ts';
import { validateCatalogue, validDatafiles } from '../../src/validate/validate-catalogue.ts';

export async function readMirror(out: string) {
  const sink = new DiagnosticSink();
  const source = filesystemSource(out);
  const records = [];
  for await (const { record } of validateCatalogue(source, sink)) {
    if (!record) continue;
    const files: Record<string, string[]> = {};
    for (const ds of record.datasets) {
      files[ds.id] = [];
      for await (const f of validDatafiles(source, record, ds.id, sink)) files[ds.id].push(f.path);
    }
    records.push({ record, files });
  }
  return { records, sink };
}
