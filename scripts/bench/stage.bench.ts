/**
 * The stage alone (catalogue → validate → model → exports → manifests → staged models),
 * without rendering or indexing: the share of `aperture build` src/build/stage.ts owns.
 * A synthetic catalogue of BENCH_STAGE_RECORDS experiments (default 1,000) of the size
 * issue 9 measured (5 creators with ORCIDs and affiliations, 20 related identifiers, a
 * 1,500-character abstract, 3 datasets of 50 files) is staged cold, then unchanged (every
 * record comes from the per-record cache). BENCH_STAGE_WORKERS sets the worker count
 * (default: the available cores).
 * Prints records/s, CPU time and peak RSS for each run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFixtureCatalogue, fixtureDataCite, fixtureExperiment, sweepFiles, type FixtureSpec } from '../../test/helpers/catalogue-fixtures.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { FIXTURE_CONFIG } from '../../test/helpers/build-fixture.ts';
import { openCatalogue } from '../../src/catalogue/open-catalogue.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { stageSite } from '../../src/build/stage.ts';

const ABSTRACT = 'Rotation diffraction images of a synthetic crystal, generated for the stage benchmark. '.repeat(18).slice(0, 1500);

/** A well-formed ORCID iD (ISO 7064 11,2 check digit) for a number. */
function orcid(n: number): string {
  const digits = `0000000${String(n).padStart(8, '0')}`;
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  const all = digits + (check === 10 ? 'X' : String(check));
  return `https://orcid.org/${all.match(/.{4}/g)!.join('-')}`;
}

/** One experiment of the size issue 9 describes. */
export function benchSpec(i: number): FixtureSpec {
  const id = `bench-${String(i).padStart(6, '0')}`;
  const creators = Array.from({ length: 5 }, (_, k) => ({
    name: `Person${k}, Given${i % 97}`,
    nameType: 'Personal',
    givenName: `Given${i % 97}`,
    familyName: `Person${k}`,
    nameIdentifiers: [{ nameIdentifier: orcid(i * 5 + k), nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
    affiliation: [{ name: `Institute ${k}`, affiliationIdentifier: 'https://ror.org/05etxs293', affiliationIdentifierScheme: 'ROR' }],
  }));
  const relatedIdentifiers = Array.from({ length: 20 }, (_, k) => ({
    relatedIdentifier: `10.5072/related-${i}-${k}`,
    relatedIdentifierType: 'DOI',
    relationType: k % 2 ? 'References' : 'IsSupplementTo',
  }));
  const datacite = fixtureDataCite(`10.5072/aperture-bench-${i}`, `Synthetic rotation data ${i}`, {
    creators,
    relatedIdentifiers,
    descriptions: [{ description: ABSTRACT, descriptionType: 'Abstract' }],
  });
  const datasets = ['sweep-1', 'sweep-2', 'sweep-3'];
  const files = (d: string) => [...sweepFiles(`${id}-${d}`, 50)];
  return {
    id,
    datacite,
    experiment: fixtureExperiment(
      { state: 'released' },
      datasets.map((d) => ({
        id: d,
        title: `Rotation sweep ${d}`,
        description: null,
        kind: 'raw',
        derivedFrom: null,
        hitRate: null,
        fileCount: 50,
        totalBytes: files(d).reduce((s, f) => s + Number(f.size), 0),
        technical: { detector: 'PILATUS 6M', wavelength_angstrom: 0.9763, distance_mm: 250, frames: 50 },
        bundles: [],
        listing: `datasets/${d}.jsonl`,
      })),
    ),
    listings: Object.fromEntries(datasets.map((d) => [d, files(d)])),
  };
}

export default async function bench(): Promise<void> {
  const records = Number(process.env.BENCH_STAGE_RECORDS ?? 1000);
  const workers = process.env.BENCH_STAGE_WORKERS ? Number(process.env.BENCH_STAGE_WORKERS) : undefined;
  const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-stage-bench-'));
  try {
    const catalogue = path.join(root, 'catalogue');
    const t = performance.now();
    for (let start = 0; start < records; start += 500) {
      const specs: FixtureSpec[] = [];
      for (let i = start; i < Math.min(records, start + 500); i++) specs.push(benchSpec(i));
      await writeFixtureCatalogue(catalogue, specs);
    }
    console.log(`catalogue: ${records} experiments written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
    for (const run of ['cold', 'unchanged']) {
      const out = path.join(root, `stage-${run}`);
      const sink = new DiagnosticSink();
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const result = await stageSite({
        config,
        source: openCatalogue(catalogue),
        catalogue,
        stageDir: path.join(out, 'models'),
        publicDir: path.join(out, 'public'),
        cacheDir: path.join(root, 'cache'),
        sink,
        now: new Date('2026-11-01T00:00:00Z'),
        workers,
      });
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu);
      console.log(
        `${run.padEnd(9)} ${records} records staged in ${seconds.toFixed(2)} s (${(records / seconds).toFixed(0)} records/s), ` +
          `CPU ${((used.user + used.system) / 1e6).toFixed(1)} s (all threads), ${result.pages} pages, ${result.cached} from the cache, ${sink.errors().length} errors, ` +
          `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
