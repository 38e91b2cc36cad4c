import fc from 'fast-check';
import { jsonTextArb } from '../test/fuzz/arbitraries.ts';
import { DiagnosticSink } from '../src/diagnostics/diagnostic.ts';
import { readDataCite } from '../src/catalogue/read-datacite.ts';
const samples = fc.sample(jsonTextArb, { numRuns: 3000, seed: 1 });
const times = samples.map((s) => { const t = performance.now(); readDataCite(Buffer.from(s), 'json', new DiagnosticSink()); return [performance.now() - t, s.length, s.slice(0, 60)] as const; });
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 8));
console.log('total', times.reduce((a, b) => a + b[0], 0));
for (const [, , head] of times.slice(0, 3)) {
  const s = samples.find((x) => x.startsWith(head))!;
  for (let i = 0; i < 3; i++) { const t = performance.now(); readDataCite(Buffer.from(s), 'json', new DiagnosticSink()); console.log('again', performance.now() - t); }
}
