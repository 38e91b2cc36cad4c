/**
 * Search at scale (issue 9 point 7): a staged site of SEARCH_BENCH_RECORDS synthetic
 * landing models (default 10,000; 5 creators with ORCIDs, a 1,500-character abstract,
 * 20 related identifiers, 3 datasets × 50 files each) is indexed by the real index stage
 * (pagefind from the page models + the exact-identifier lookup). Prints index time, peak
 * RSS, index sizes, and — in Chromium, on the real search page taken from a demo build —
 * the bytes a first search fetches (scripts/bench/first-search.ts) for every kind of query:
 * one word, two words, two words and a filter, a PDB ID, a DOI, an author, a file name.
 *
 *   npm run bench -- search            (SEARCH_BENCH_RECORDS=1000 for a quick run)
 */
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { indexSite } from '../../src/index/pagefind.ts';
import type { LandingPageModel } from '../../src/model/landing.ts';
import type { FilePageModel } from '../../src/model/dataset-page.ts';
import { wavelengthBand } from '../../src/model/bands.ts';
import { buildDemoSite } from '../../test/helpers/demo-site.ts';
import { firstSearchLines, measureFirstSearches } from './first-search.ts';

const PROTEINS = ['lysozyme', 'thaumatin', 'insulin', 'trypsin', 'proteinase K', 'photoactive yellow protein', 'main protease', 'photosystem I', 'myoglobin', 'haemoglobin', 'ferritin', 'concanavalin A'];
const FAMILY = ['Moreau', 'Okafor', 'Lindqvist', 'Nguyen', 'Tanaka', 'Keller', 'Rossi', 'Hoffmann', 'Vogel', 'Schmidt', 'Costa', 'Brunner', 'Dubois', 'Sato', 'Alvarez', 'Osei'];
const BEAMLINES = ['ESRF ID23-1', 'ESRF ID30A-3', 'Diamond I03', 'Diamond I04', 'SLS X06SA', 'PETRA III P11', 'ALS 8.2.1', 'MX2'];
const DETECTORS = ['PILATUS 6M', 'EIGER2 XE 16M', 'JUNGFRAU 16M', 'ADSC Q315r'];
const FUNDERS = [['European Research Council', 'ERC'], ['Wellcome Trust', 'WT'], ['National Institutes of Health', 'NIH'], ['Deutsche Forschungsgemeinschaft', 'DFG'], ['Swiss National Science Foundation', 'SNSF']];
const WORDS = 'crystal structure diffraction data collected rotation oscillation resolution wavelength detector beam sample temperature cryo room ligand soaking refinement processing phasing anomalous molecular replacement mutant complex inhibitor binding site active enzyme'.split(' ');

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function landing(i: number, r: () => number): LandingPageModel {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const protein = pick(PROTEINS);
  const beamline = pick(BEAMLINES);
  const creators = Array.from({ length: 5 }, (_, k) => {
    const family = pick(FAMILY);
    return { name: family, displayName: `A. ${family}`, givenName: 'A.', familyName: family, orcid: `0000-0003-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(k).padStart(3, '0')}X`, orcidUrl: null, affiliations: [], role: null, isOrganisation: false };
  });
  const abstract = Array.from({ length: 220 }, () => pick(WORDS)).join(' ').slice(0, 1500);
  const doi = `10.5072/bench-${i}`;
  const slug = doi;
  const pdb = [`${1 + (i % 9)}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i >> 5) % 26))}${i % 10}`];
  const year = String(2015 + (i % 11));
  const released = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  return {
    slug,
    path: `/doi/${slug}/`,
    doi,
    doiDisplay: doi,
    title: `${protein[0].toUpperCase()}${protein.slice(1)} rotation data, sample ${i}, from ${beamline}`,
    otherTitles: [],
    creators,
    contributors: [],
    releasedOnText: released,
    sortDate: released,
    descriptionHtml: `<p>${abstract}</p>`,
    keywords: ['macromolecular crystallography', protein],
    facility: beamline.split(' ')[0],
    technique: { name: 'macromolecular crystallography', panet: null, panetUrl: null },
    proposal: `MX-${10000 + i}`,
    pdb,
    related: [{ relationType: 'References', label: 'References', items: Array.from({ length: 20 }, (_, k) => ({ kind: 'Article', text: `10.1107/s${i}${k}`, links: [] })) }],
    funding: [{ funder: FUNDERS[i % FUNDERS.length][0], funderUrl: null, award: `${FUNDERS[i % FUNDERS.length][1]}-${100000 + i}`, awardTitle: null, awardUrl: null }],
    publicationYear: year,
    collected: { start: released, end: released, text: released },
    datasets: [{ title: 'Sweep 1' }, { title: 'Sweep 2' }, { title: 'Processed' }],
    facets: {
      facility: [beamline.split(' ')[0]],
      beamline: [beamline],
      technique: ['macromolecular crystallography'],
      year: [year],
      licence: ['CC-BY-4.0'],
      resourceType: ['Dataset'],
      detector: [pick(DETECTORS)],
      wavelength: [wavelengthBand(0.7 + r() * 0.8)],
      hitRate: [],
    },
  } as unknown as LandingPageModel;
}

function filePage(page: LandingPageModel, dataset: number): FilePageModel {
  const id = `sweep-${dataset}`;
  return {
    path: `${page.path}datasets/${id}/`,
    recordTitle: page.title,
    dataset: { title: `Sweep ${dataset}` },
    files: Array.from({ length: 50 }, (_, k) => {
      const name = `${page.slug.replace(/\W/g, '_')}_${id}_${String(k + 1).padStart(5, '0')}.cbf`;
      return { name, path: `images/${name}` };
    }),
  } as unknown as FilePageModel;
}

async function du(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

export default async function bench(): Promise<void> {
  const n = Number(process.env.SEARCH_BENCH_RECORDS ?? 10_000);
  const root = await mkdtemp(path.join(os.tmpdir(), 'aperture-search-bench-'));
  const stageDir = path.join(root, 'models');
  const dist = path.join(root, 'dist');
  await mkdir(stageDir, { recursive: true });
  const r = rand(42);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const page = landing(i, r);
    const dir = `records/${i}`;
    await mkdir(path.join(stageDir, dir), { recursive: true });
    await writeFile(path.join(stageDir, dir, 'landing.json'), JSON.stringify(page));
    lines.push(JSON.stringify({ kind: 'landing', route: page.slug, model: `${dir}/landing.json` }));
    for (let d = 1; d <= 3; d++) {
      await writeFile(path.join(stageDir, dir, `files-${d}.json`), JSON.stringify(filePage(page, d)));
      lines.push(JSON.stringify({ kind: 'files', route: `${page.slug}/datasets/sweep-${d}`, model: `${dir}/files-${d}.json` }));
    }
  }
  await writeFile(path.join(stageDir, 'pages.jsonl'), lines.join('\n') + '\n');
  console.log(`staged ${n.toLocaleString('en')} synthetic landing models and ${(n * 150).toLocaleString('en')} file names`);

  const rssBefore = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const indexed = await indexSite(dist, stageDir);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(`  CPU time of this process in the index stage: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (pagefind's own binary not counted)`);
  const pf = await du(path.join(dist, 'pagefind'));
  const ids = await du(path.join(dist, 'search-ids'));
  console.log(`index stage: ${seconds.toFixed(1)} s for ${indexed.pages.toLocaleString('en')} records (peak RSS of this process ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB, was ${(rssBefore / 1024 / 1024).toFixed(2)} GB before)`);
  console.log(`  pagefind bundle: ${pf.files.toLocaleString('en')} files, ${(pf.bytes / 1e6).toFixed(1)} MB`);
  console.log(`  identifier lookup: ${indexed.lookup.keys.toLocaleString('en')} keys in ${indexed.lookup.shards} shards, ${(ids.bytes / 1e6).toFixed(1)} MB, largest shard ${(indexed.lookup.largestShardBytes / 1024).toFixed(0)} KB`);

  // The real search page and its scripts, from a demo build, over the synthetic index.
  const demo = await buildDemoSite({ root: path.join(root, 'demo') });
  for (const entry of await readdir(demo.dist)) {
    if (['pagefind', 'search-ids', 'doi', 'api', 'browse', 'experiments', 'pdb'].includes(entry)) continue;
    await cp(path.join(demo.dist, entry), path.join(dist, entry), { recursive: true });
  }
  const sample = landing(77, rand(0));
  const pdbId = sample.pdb[0];
  const fileName = filePage(sample, 2).files[2].name;
  try {
    const figures = await measureFirstSearches(dist, [
      { label: 'one word', search: '?q=lysozyme' },
      { label: 'two words', search: '?q=lysozyme%20rotation' },
      { label: 'two words + filter', search: '?q=lysozyme%20rotation&f.facility=ESRF' },
      // Two of the commonest words of the synthetic abstracts: the heaviest index chunks there are.
      { label: 'two common words + filter', search: '?q=crystal%20structure&f.facility=ESRF' },
      { label: 'PDB ID (exact lookup)', search: `?q=${pdbId}` },
      { label: 'DOI (exact lookup)', search: `?q=${encodeURIComponent(sample.doi)}` },
      { label: 'author', search: '?q=Moreau' },
      { label: 'file name (exact lookup)', search: `?q=${encodeURIComponent(fileName)}` },
    ]);
    for (const line of firstSearchLines(figures)) console.log(line);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
