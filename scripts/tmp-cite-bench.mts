import { readFileSync } from 'node:fs';
import { formatStyles, formatBibtex, formatBiblatex, formatRis, formatCslJson } from '../src/citation/formats.ts';
import { toCsl } from '../src/citation/csl.ts';
import { syntheticExperiment, DEFAULT_OPTIONS } from './synthetic-catalogue.ts';
const items = Array.from({ length: 300 }, (_, i) => toCsl(JSON.parse(syntheticExperiment(i, DEFAULT_OPTIONS).files.find(([f]) => f === 'datacite.json')![1])));
for (const round of [0, 1]) {
  for (const [name, fn] of [['styles', formatStyles], ['bibtex', formatBibtex], ['biblatex', formatBiblatex], ['ris', (x: any) => formatRis(x)], ['csl', formatCslJson]] as const) {
    const t = performance.now();
    for (const it of items) (fn as any)(it);
    if (round) console.log(name, ((performance.now() - t) / items.length).toFixed(2), 'ms/item');
  }
}
