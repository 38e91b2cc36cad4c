/**
 * `aperture enrich`: read technical metadata and previews from the image files of released
 * datasets (header reads, one frame per dataset) and cache them by checksum, so the next
 * `aperture build` uses them without reading anything. `aperture build` runs the same stage
 * itself when enrich.enabled is set.
 */
import path from 'node:path';
import type { RegisterCommand } from './index.ts';
import { EXIT } from '../exit-codes.ts';
import { loadConfig } from '../load-config.ts';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.ts';
import type { EnrichmentIndex } from '../../enrich/enrich-catalogue.ts';

export const registerEnrich: RegisterCommand = (program, io, setExit) => {
  program
    .command('enrich')
    .description('Read technical metadata and previews from the image files of released datasets into the cache')
    .option('--catalogue <path>', 'catalogue folder (default: the config’s)')
    .option('--image-root <dir|url>', 'where image bytes are read (default: enrich.imageRoot, else storage.publicBaseUrl)')
    .option('--work-dir <dir>', 'folder for caches, shared with aperture build', '.aperture')
    .option('--json', 'print the summary as JSON')
    .option('--config <file>', 'site config file', DEFAULT_CONFIG_FILE)
    .action(async (options: { catalogue?: string; imageRoot?: string; workDir: string; json?: boolean; config: string }) => {
      const config = await loadConfig(options.config, io);
      const [{ DiagnosticSink }, { formatReport, summarise }, { openCatalogue }, { validateCatalogue }, { enrichRecord }, { objectSources }, { fileCache }] = await Promise.all([
        import('../../diagnostics/diagnostic.ts'),
        import('../../diagnostics/report.ts'),
        import('../../catalogue/open-catalogue.ts'),
        import('../../validate/validate-catalogue.ts'),
        import('../../enrich/enrich-catalogue.ts'),
        import('../../enrich/object-source.ts'),
        import('../../enrich/cache.ts'),
      ]);
      const catalogue = options.catalogue ? path.resolve(io.cwd, options.catalogue) : path.resolve(config.root, config.catalogue);
      const imageRoot = options.imageRoot ? (/^https?:/i.test(options.imageRoot) ? options.imageRoot : path.resolve(io.cwd, options.imageRoot)) : config.enrich.imageRoot;
      const sink = new DiagnosticSink();
      const source = openCatalogue(catalogue);
      const index: EnrichmentIndex = new Map();
      const objects = objectSources(imageRoot, config.storage.publicBaseUrl, config.root);
      const cache = fileCache(path.resolve(io.cwd, options.workDir, 'cache', 'images'));
      let records = 0;
      let valid = 0;
      const started = performance.now();
      for await (const { record } of validateCatalogue(source, sink)) {
        records += 1;
        if (!record) continue;
        valid += 1;
        await enrichRecord(record, { source, objects, cache, sink, index, limits: { headersPerDataset: config.enrich.headersPerDataset, previewsPerDataset: config.enrich.previewsPerDataset } });
      }
      const datasets = [...index.values()];
      const result = {
        datasets: datasets.length,
        previews: datasets.filter((d) => d.previewStatus === 'available').length,
        previewsUnavailable: datasets.filter((d) => d.previewStatus === 'unavailable').length,
        filesWithMetadataFromHeaders: datasets.reduce((n, d) => n + d.technical.size, 0),
        seconds: Math.round(performance.now() - started) / 1000,
      };
      const summary = summarise(records, valid, sink.list);
      if (options.json) io.stdout(JSON.stringify({ ...result, ...summary }, null, 2));
      else {
        if (summary.diagnostics.length) io.stderr(formatReport(summary));
        io.stdout(
          `enriched ${result.datasets} released datasets in ${result.seconds} s: ${result.previews} previews, ${result.previewsUnavailable} unavailable, ` +
            `${result.filesWithMetadataFromHeaders} files' metadata read from their headers`,
        );
      }
      setExit(summary.errors > 0 ? EXIT.inputErrors : EXIT.ok);
    });
};
