/**
 * Writes synthetic diffraction frames where the demo catalogue's images would be in the
 * bucket: the first image of each released dataset (its preview) and the images whose
 * listing has no technical metadata (up to the enrich bound), so the demo build has real
 * files to read metadata and previews from:  tsx scripts/generate-demo-objects.ts [OUT] [CATALOGUE]
 * (defaults: .aperture/demo-objects and content/). Deterministic; never uses ../shared.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSink } from '../src/diagnostics/diagnostic.ts';
import { openCatalogue } from '../src/catalogue/open-catalogue.ts';
import { loadSiteConfig } from '../src/config/site-config.ts';
import { validateCatalogue, validDatafiles } from '../src/validate/validate-catalogue.ts';
import { imagesToRead, isDiffractionRecord, type EnrichLimits } from '../src/enrich/enrich-catalogue.ts';
import { miniCbfBytes, smvBytes, syntheticFrame, writeNxmxHdf5 } from '../src/images/synthetic.ts';

export async function generateDemoObjects(out: string, catalogue: string, options: Partial<EnrichLimits> = {}): Promise<string[]> {
  const sink = new DiagnosticSink();
  const source = openCatalogue(catalogue);
  const written: string[] = [];
  const limits = { headersPerDataset: options.headersPerDataset ?? 50, previewsPerDataset: options.previewsPerDataset ?? 4 };
  let seed = 1;
  for await (const { record } of validateCatalogue(source, sink)) {
    if (!record || record.release.state !== 'released' || !isDiffractionRecord(record)) continue;
    for (const dataset of record.datasets) {
      // A hits-only dataset holds frames of its parent run: same detector, same beam.
      const parent = record.datasets.find((d) => d.id === dataset.derivedFrom);
      const declared = { ...parent?.technical, ...dataset.technical };
      for await (const { file } of imagesToRead(validDatafiles(source, record, dataset.id, sink), dataset.fileCount, limits)) {
        const target = path.join(out, file.key);
        seed += 1;
        if (!existsSync(target)) {
          await mkdir(path.dirname(target), { recursive: true });
          // The frame carries the detector, beam and scan values its dataset declares (the
          // declared detector binned to 512 pixels of 0.8 mm), so header, rings and every
          // page that shows them agree.
          const t = { ...declared, ...file.technical };
          const frame = syntheticFrame({
            width: 512,
            height: 512,
            seed,
            spots: dataset.kind === 'hits' ? 160 : 90,
            pixelSizeMm: 0.8,
            geometry: {
              detector: t.detector ?? 'Synthetic detector (Aperture demo)',
              ...(t.wavelength_angstrom ? { wavelength_angstrom: t.wavelength_angstrom } : {}),
              ...(t.distance_mm ? { distance_mm: t.distance_mm } : {}),
              ...(t.exposure_time_s ? { exposure_time_s: t.exposure_time_s } : {}),
              ...(t.oscillation_width_deg != null ? { oscillation_width_deg: t.oscillation_width_deg } : {}),
              ...(t.oscillation_start_deg != null ? { oscillation_start_deg: t.oscillation_start_deg } : {}),
            },
          });
          if (/hdf5|nexus|\.(h5|nxs)$/i.test(file.mediaType + file.path)) await writeNxmxHdf5(target, frame);
          else if (/smv|\.img$/i.test(file.mediaType + file.path)) await writeFile(target, smvBytes(frame));
          else await writeFile(target, miniCbfBytes(frame, path.basename(file.path).replace(/\..*$/, '')));
          written.push(target);
        }
      }
    }
  }
  return written;
}

if (process.argv[1]?.endsWith('generate-demo-objects.ts')) {
  const out = path.resolve(process.argv[2] ?? '.aperture/demo-objects');
  const config = await loadSiteConfig('aperture.config.json');
  const written = await generateDemoObjects(out, path.resolve(process.argv[3] ?? 'content'), config.enrich);
  console.error(`demo objects: ${written.length} synthetic frames written under ${out}`);
}
