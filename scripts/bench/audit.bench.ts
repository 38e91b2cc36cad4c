/**
 * The release-gate audit at scale (`npm run bench -- audit`): writes an output tree shaped
 * like a real build's (per experiment: a landing page, three dataset pages, manifests,
 * citation exports, DataCite JSON/XML, a Link Set and a gzip pagefind fragment; about 41
 * files and 0.5 MB an experiment, as measured on a synthetic `aperture build`), then audits
 * it for ~300 needles (unpublished DOIs and titles; withdrawn DOIs allowed only on their
 * tombstones), with one leak planted in one file. Prints files, bytes, seconds and MB/s for
 * the audit as it was (String.includes per needle and form; `--before`) and as it is now
 * (one automaton; in one thread and with worker threads), and checks both find the leak.
 *
 *   npm run bench -- audit                       1,000 experiments, 300 needles, the new audit only
 *   npm run bench -- audit --records 10000 --before
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { auditOutput, type AuditFinding, type AuditNeedle } from '../../src/build/audit.ts';
import { legacyAuditOutput } from '../../test/helpers/legacy-audit.ts';

const WORDS = 'crystal structure diffraction data collected rotation oscillation resolution wavelength detector beam sample temperature cryo ligand soaking refinement phasing anomalous molecular replacement mutant complex inhibitor binding site enzyme lysozyme thaumatin insulin trypsin'.split(' ');

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const doiOf = (i: number) => `10.5072/aperture-synthetic.bench-${String(i).padStart(6, '0')}`;
const titleOf = (i: number, r: () => number) => `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]} rotation data of sample ${i}, "${WORDS[i % WORDS.length]}" & co`;

function hex(r: () => number, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

function prose(r: () => number, chars: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = WORDS[Math.floor(r() * WORDS.length)];
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

const html = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/theme.css"></head><body><header><nav><a href="/">Aperture</a> <a href="/search/">Search</a> <a href="/browse/">Browse</a></nav></header><main>${body}</main><footer><p>Open data, released under CC-BY-4.0.</p></footer></body></html>\n`;

/** One experiment's files (relative path → content), about 0.5 MB, as a real build writes them. */
function experimentFiles(i: number, r: () => number, withdrawn: boolean): Map<string, Buffer | string> {
  const doi = doiOf(i);
  const title = titleOf(i, r);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const files = new Map<string, Buffer | string>();
  const base = `doi/${doi}`;
  if (withdrawn) {
    files.set(`${base}/index.html`, html(esc(title), `<h1>Withdrawn: ${esc(title)}</h1><p>DOI ${doi} was withdrawn. ${prose(r, 1500)}</p>`));
    return files;
  }
  const abstract = prose(r, 1600);
  const creators = Array.from({ length: 5 }, (_, k) => `<li><a href="https://orcid.org/0000-0002-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(k).padStart(3, '0')}X">Person${k}, Given${i % 97}</a> (Institute ${k})</li>`).join('');
  const related = Array.from({ length: 20 }, (_, k) => `<li><a href="https://doi.org/10.5072/related-${i}-${k}">10.5072/related-${i}-${k}</a></li>`).join('');
  const datasets = ['xtal-1', 'xtal-2', 'xtal-1-processed'];
  files.set(`${base}/index.html`, html(esc(title), `<h1>${esc(title)}</h1><p class="doi">https://doi.org/${doi}</p><ul>${creators}</ul><section>${abstract}</section><ul>${related}</ul>${prose(r, 22000)}<script type="application/ld+json">{"@id":"https://doi.org/${doi}","name":${JSON.stringify(title)}}</script>`));
  const all: string[] = [];
  for (const [d, dataset] of datasets.entries()) {
    const count = d === 2 ? 5 : 50;
    const rows = Array.from({ length: count }, (_, k) => {
      const name = `${dataset}/images/${dataset}_${String(k + 1).padStart(5, '0')}.cbf`;
      return { name, size: 6_000_000 + Math.floor(r() * 400_000), sha: hex(r, 64) };
    });
    all.push(...rows.map((f) => f.name));
    const table = rows
      .map((f) => `<tr class="file-row" data-size="${f.size}"><td class="name"><a href="https://objects.example.org/${doi}/${f.name}" download>${f.name}</a></td><td class="size" title="${f.size} bytes">${(f.size / 1e6).toFixed(1)} MB</td><td class="type">application/x-cbf</td><td class="checksum"><details><summary>SHA-256</summary><code>${f.sha}</code> <button type="button" data-copy="${f.sha}" aria-label="Copy the SHA-256 checksum of ${f.name}">Copy</button></details></td><td class="preview"><a href="/doi/${doi}/datasets/${dataset}/files/${encodeURIComponent(f.name)}/">Header and preview of ${f.name}</a></td></tr>\n`)
      .join('');
    files.set(`${base}/datasets/${dataset}/index.html`, html(`${esc(title)} — ${dataset}`, `<h1>${dataset}</h1><table>${table}</table>`));
    const m = `${base}/datasets/${dataset}/manifest`;
    files.set(`${m}/SHA256SUMS`, rows.map((f) => `${f.sha}  ${f.name}\n`).join(''));
    files.set(`${m}/urls.txt`, rows.map((f) => `https://objects.example.org/${doi}/${f.name}\n`).join(''));
    files.set(`${m}/files.tsv`, rows.map((f) => `${f.name}\t${f.size}\t${f.sha}\n`).join(''));
    files.set(`${m}/download.sh`, `#!/bin/sh\nset -eu\n` + rows.map((f) => `curl -fsSL --create-dirs -o '${f.name}' 'https://objects.example.org/${doi}/${f.name}'\n`).join(''));
    files.set(`${m}/files.aria2`, rows.map((f) => `https://objects.example.org/${doi}/${f.name}\n  out=${f.name}\n  checksum=sha-256=${f.sha}\n`).join(''));
    files.set(`${m}/files.meta4`, `<?xml version="1.0" encoding="UTF-8"?>\n<metalink xmlns="urn:ietf:params:xml:ns:metalink">\n` + rows.map((f) => `<file name="${f.name}"><size>${f.size}</size><hash type="sha-256">${f.sha}</hash><url>https://objects.example.org/${doi}/${f.name}</url></file>\n`).join('') + `</metalink>\n`);
  }
  const m = `${base}/manifest`;
  files.set(`${m}/urls.txt`, all.map((n) => `https://objects.example.org/${doi}/${n}\n`).join(''));
  files.set(`${m}/SHA256SUMS`, all.map((n) => `${hex(r, 64)}  ${n}\n`).join(''));
  files.set(`${m}/files.tsv`, all.map((n) => `${n}\t6000000\t${hex(r, 64)}\n`).join(''));
  files.set(`${m}/download.sh`, all.map((n) => `curl -fsSL --create-dirs -o '${n}' 'https://objects.example.org/${doi}/${n}'\n`).join(''));
  files.set(`${m}/files.aria2`, all.map((n) => `https://objects.example.org/${doi}/${n}\n  out=${n}\n  checksum=sha-256=${hex(r, 64)}\n`).join(''));
  files.set(`${m}/files.meta4`, all.map((n) => `<file name="${n}"><hash type="sha-256">${hex(r, 64)}</hash><url>https://objects.example.org/${doi}/${n}</url></file>\n`).join(''));
  const record = { doi, title, abstract, creators: Array.from({ length: 5 }, (_, k) => ({ name: `Person${k}, Given${i % 97}` })), related: Array.from({ length: 20 }, (_, k) => `10.5072/related-${i}-${k}`) };
  files.set(`${base}/datacite.json`, JSON.stringify({ data: { id: doi, attributes: record } }, null, 2));
  files.set(`${base}/datacite.xml`, `<?xml version="1.0" encoding="UTF-8"?>\n<resource><identifier identifierType="DOI">${doi}</identifier><titles><title>${esc(title)}</title></titles><descriptions><description>${abstract}</description></descriptions></resource>\n`);
  files.set(`${base}/metadata.jsonld`, JSON.stringify({ '@context': 'https://schema.org', '@id': `https://doi.org/${doi}`, name: title, description: abstract }, null, 2));
  files.set(`${base}/linkset.json`, JSON.stringify({ linkset: all.map((n) => ({ anchor: `https://objects.example.org/${doi}/${n}`, collection: [{ href: `https://doi.org/${doi}` }] })) }, null, 2));
  files.set(`${base}/citation.bib`, `@misc{${doi},\n  title = {${title}},\n  doi = {${doi}},\n  year = {2024}\n}\n`);
  files.set(`${base}/citation.ris`, `TY  - DATA\nTI  - ${title}\nDO  - ${doi}\nAB  - ${abstract}\nER  - \n`);
  files.set(`${base}/citation.csl.json`, JSON.stringify([{ id: doi, type: 'dataset', title, DOI: doi, abstract }], null, 2));
  files.set(`${base}/CITATION.cff`, `cff-version: 1.2.0\ntitle: ${JSON.stringify(title)}\ndoi: ${doi}\nabstract: ${JSON.stringify(abstract)}\n`);
  files.set(`pagefind/fragment/en_${hex(r, 12)}.pf_fragment`, gzipSync(JSON.stringify({ url: `/${base}/`, content: `${title}. ${abstract}`, meta: { title } })));
  return files;
}

async function writeTree(root: string, records: number, withdrawnEvery: number): Promise<{ files: number; bytes: number; withdrawn: number[] }> {
  const r = rand(9);
  let files = 0;
  let bytes = 0;
  const withdrawn: number[] = [];
  for (let i = 0; i < records; i++) {
    const isWithdrawn = i % withdrawnEvery === 7;
    if (isWithdrawn) withdrawn.push(i);
    const entries = experimentFiles(i, r, isWithdrawn);
    const dirs = new Set([...entries.keys()].map((f) => path.dirname(path.join(root, f))));
    await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
    await Promise.all(
      [...entries].map(([file, content]) => {
        files += 1;
        bytes += Buffer.byteLength(content);
        return writeFile(path.join(root, file), content);
      }),
    );
  }
  const manifest = JSON.stringify({ tombstones: withdrawn.map((i) => ({ doi: doiOf(i) })) }, null, 2);
  await writeFile(path.join(root, 'build-manifest.json'), manifest);
  return { files: files + 1, bytes: bytes + manifest.length, withdrawn };
}

/** ~`count` needles: unpublished DOIs and titles (of records not in the tree), withdrawn DOIs. */
function needlesFor(count: number, withdrawn: number[]): AuditNeedle[] {
  const r = rand(77);
  const needles: AuditNeedle[] = [];
  for (const i of withdrawn.slice(0, Math.floor(count / 3))) {
    needles.push({ text: doiOf(i), what: `withdrawn DOI ${doiOf(i)} outside its tombstone`, allowedUnder: [`doi/${doiOf(i)}/`, 'build-manifest.json'] });
  }
  for (let k = 0; needles.length < count; k++) {
    const i = 900_000 + k;
    needles.push({ text: doiOf(i), what: `unpublished record ${i} (DOI)` });
    if (needles.length < count) needles.push({ text: titleOf(i, r), what: `unpublished record ${i} (title)` });
  }
  return needles;
}

async function timed(label: string, tree: { files: number; bytes: number }, run: () => Promise<AuditFinding[]>): Promise<AuditFinding[]> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const findings = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `  ${label.padEnd(34)} ${seconds.toFixed(1).padStart(7)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1).padStart(6)} s CPU (this thread and its workers), ${(tree.bytes / 1e6 / seconds).toFixed(0).padStart(5)} MB/s, ${findings.length} finding(s)`,
  );
  return findings;
}

export default async function bench(args: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { records: { type: 'string', default: '1000' }, needles: { type: 'string', default: '300' }, before: { type: 'boolean', default: false }, keep: { type: 'string' } },
  });
  const records = Number(values.records);
  const needleCount = Number(values.needles);
  const root = values.keep ?? (await mkdtemp(path.join(os.tmpdir(), 'aperture-audit-bench-')));
  try {
    const t0 = performance.now();
    // One withdrawn record in 33 (3%), as `npm run generate -- --mix` makes them.
    const tree = await writeTree(root, records, 33);
    if (values.keep) console.log(`output tree kept in ${root}`);
    const needles = needlesFor(needleCount, tree.withdrawn);
    // The planted leak: an unpublished title, HTML-escaped, in one dataset page deep in the tree.
    const leak = needles.find((n) => n.what.endsWith('(title)'))!;
    const victim = `doi/${doiOf(Math.floor(records * 0.8) + 1)}/datasets/xtal-2/index.html`;
    await writeFile(path.join(root, victim), html('x', `<p>${leak.text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</p>`), { flag: 'a' });
    console.log(`output tree: ${records.toLocaleString('en')} experiments, ${tree.files.toLocaleString('en')} files, ${(tree.bytes / 1e6).toFixed(0)} MB, written in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${needles.length} needles (${tree.withdrawn.length} withdrawn in the tree), one leak planted in ${victim}`);
    const expected = JSON.stringify([{ file: victim, what: leak.what }]);
    const check = (label: string, f: AuditFinding[]) => {
      if (JSON.stringify(f) !== expected) throw new Error(`${label}: expected exactly the planted leak, got ${JSON.stringify(f.slice(0, 5))}`);
    };
    check('now, one thread', await timed('now, one thread', tree, () => auditOutput(root, needles, { workers: 0 })));
    const cores = os.availableParallelism();
    check('now, workers', await timed(`now, ${cores} worker threads`, tree, () => auditOutput(root, needles, { workers: cores, inlineFiles: 0 })));
    if (values.before) check('before', await timed('before (includes per needle)', tree, () => legacyAuditOutput(root, needles)));
  } finally {
    if (!values.keep) await rm(root, { recursive: true, force: true });
  }
}
