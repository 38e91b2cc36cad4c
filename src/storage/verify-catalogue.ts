/**
 * Verification of a whole catalogue against the object store: the one place that walks
 * released records' datafiles and HEADs them, shared by `aperture storage verify`,
 * `aperture check --storage` and `aperture build` (when storage.verifyOnBuild is set).
 */
import type { StorageConfig } from '../config/site-config.ts';
import type { CatalogueSource } from '../catalogue/types.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { validateCatalogue, validDatafiles } from '../validate/validate-catalogue.ts';
import { createStorageClient, credentialsFromEnv } from './client.ts';
import { verifyItems, verifyObjects, unavailableKeys, type VerifyOptions, type VerifyReport } from './verify.ts';

export interface CatalogueVerification {
  bucket: string;
  report: VerifyReport;
  /** Keys pages must show as unavailable instead of linking. */
  unavailable: Set<string>;
  /** Records that validated (only those are verified). */
  records: number;
  /** Catalogue errors met while walking (reported by `aperture check`, only counted here). */
  catalogueErrors: number;
}

export async function verifyCatalogue(
  storage: StorageConfig,
  source: CatalogueSource,
  sink: DiagnosticSink,
  options: VerifyOptions & { env?: NodeJS.ProcessEnv } = {},
): Promise<CatalogueVerification | null> {
  if (!storage.bucket) {
    sink.add({
      code: 'storage/not-configured',
      message: 'Object storage is not configured (storage.bucket), so files were not verified.',
    });
    return null;
  }
  const catalogueSink = new DiagnosticSink();
  let records = 0;
  async function* valid(): AsyncGenerator<ExperimentRecord> {
    for await (const v of validateCatalogue(source, catalogueSink)) {
      if (!v.record) continue;
      records += 1;
      yield v.record;
    }
  }
  const client = createStorageClient(storage, credentialsFromEnv(options.env ?? process.env));
  try {
    // One running total per record, as the build keeps it (verifyItems reads a record's datasets in order).
    let counted = { record: '', recordBytes: { bytes: 0 } };
    const items = verifyItems(valid(), (e, d) => {
      if (counted.record !== e) counted = { record: e, recordBytes: { bytes: 0 } };
      return validDatafiles(source, { id: e }, d, catalogueSink, counted.recordBytes);
    });
    const report = await verifyObjects(client, storage.bucket, items, options, sink);
    return { bucket: storage.bucket, report, unavailable: unavailableKeys(report), records, catalogueErrors: catalogueSink.errors().length };
  } finally {
    client.destroy();
  }
}
