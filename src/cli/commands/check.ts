/**
 * `aperture check`: load and validate only (no rendering), for curators and CI. Prints
 * the diagnostics grouped by record, or `--json`; exit 1 when there are errors.
 */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { EXIT } from '../exit-codes.ts';
import { loadConfig } from '../load-config.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';

export const registerCheck: RegisterCommand = (program, io, setExit) => {
  program
    .command('check')
    .description('Validate the catalogue (or a folder of bare DataCite XML/JSON files) and report every problem')
    .option('--catalogue <path>', 'catalogue folder, or a folder of DataCite XML/JSON records (default: the config’s)')
    .option('--json', 'print the report as JSON')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .option('--storage', 'also HEAD every released datafile in the object store (missing, forbidden, wrong size)')
    .option('--fair', 'instead: judge the built landing pages against the F-UJI metrics that need no network')
    .option('--out <dir>', 'built site folder for --fair', 'dist')
    .action(async (options: { catalogue?: string; json?: boolean; config: string; fair?: boolean; storage?: boolean; out: string }) => {
      if (options.fair) {
        const { fairSelfCheck, formatFairReport } = await import('../../fair/self-check.ts');
        const results = await fairSelfCheck(path.resolve(io.cwd, options.out));
        io.stdout(options.json ? JSON.stringify(results, null, 2) : formatFairReport(results));
        setExit(results.length === 0 || results.some((r) => r.metrics.some((m) => m.status === 'fail')) ? EXIT.inputErrors : EXIT.ok);
        return;
      }
      const catalogue = options.catalogue
        ? path.resolve(io.cwd, options.catalogue)
        : await loadConfig(options.config, io).then((c) => path.resolve(c.root, c.catalogue));
      const [{ DiagnosticSink }, { formatReport, summarise }, { openCatalogue }, { validateCatalogue, validDatafiles }, { hiddenDois, relationsOf }] = await Promise.all([
        import('../../diagnostics/diagnostic.ts'),
        import('../../diagnostics/report.ts'),
        import('../../catalogue/open-catalogue.ts'),
        import('../../validate/validate-catalogue.ts'),
        import('../../build/unreleased-relations.ts'),
      ]);
      const { listingMismatch } = await import('../../validate/listing-mismatch.ts');
      const { mirrorOrigins, nameOrigins } = await import('../../pull/mirror-origins.ts');
      const sink = new DiagnosticSink();
      const source = openCatalogue(catalogue);
      // What a build would leave out of a public record (its relations to unreleased records), told as the build tells it.
      const { unreleased } = await hiddenDois(source);
      let records = 0;
      let valid = 0;
      for await (const { raw, record } of validateCatalogue(source, sink)) {
        records += 1;
        if (!record) continue;
        for (const d of relationsOf(raw, unreleased).diagnostics) sink.add(d);
        // Listings are part of the record: a bad line is an error even if the metadata is fine.
        const before = sink.errors().length;
        const recordBytes = { bytes: 0 }; // as the build counts the record's total
        for (const dataset of record.datasets) {
          let files = 0;
          let bytes = 0;
          for await (const file of validDatafiles(source, record, dataset.id, sink, recordBytes)) {
            files += 1;
            bytes += file.size;
          }
          const mismatch = listingMismatch(record, dataset, { files, bytes }, '');
          if (mismatch) sink.add(mismatch);
        }
        // A record published without faulty values (validate/salvage.ts) still has errors: not valid.
        if (sink.errors().length === before && !sink.hasErrors(record.id)) valid += 1;
      }
      let storageDown = false;
      if (options.storage) {
        const config = await loadConfig(options.config, io);
        const { verifyCatalogue } = await import('../../storage/verify-catalogue.ts');
        const verification = await verifyCatalogue(config.storage, openCatalogue(catalogue), sink, { env: io.env });
        storageDown = !!verification && (verification.report.stopped !== null || verification.report.unreachable > 0);
        if (verification) {
          const r = verification.report;
          io.stderr(`storage: ${r.checked} objects checked in ${verification.bucket}: ${r.missing} missing, ${r.forbidden} forbidden, ${r.mismatched} wrong size, ${r.unreachable} unreachable`);
        }
      }
      const summary = summarise(records, valid, nameOrigins(sink.list, await mirrorOrigins(catalogue)));
      io.stdout(options.json ? JSON.stringify(summary, null, 2) : formatReport(summary));
      setExit(storageDown ? EXIT.failure : summary.errors > 0 ? EXIT.inputErrors : EXIT.ok);
    });
};
