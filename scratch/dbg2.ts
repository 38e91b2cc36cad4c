import { DiagnosticSink } from '../src/diagnostics/diagnostic.ts';
import { readDataCite } from '../src/catalogue/read-datacite.ts';
import { toCsl } from '../src/citation/csl.ts';
import { formatRis, formatBibtex, formatBiblatex } from '../src/citation/formats.ts';
import { fixtureDataCite } from '../test/helpers/catalogue-fixtures.ts';
const a: any = readDataCite(JSON.stringify(fixtureDataCite('10.1000/𐀀𐀀𐀀𐀀', 'xx')), 'json', new DiagnosticSink());
console.log(JSON.stringify(toCsl(a).DOI), JSON.stringify(toCsl(a).URL)); console.log(formatRis(toCsl(a)));
const b: any = readDataCite(JSON.stringify(fixtureDataCite('10.1000/xx', 'xx', {creators: [{"name":"\u0000","nameType":"Personal","familyName":"@misc{a,","givenName":"\u0000"}]})), 'json', new DiagnosticSink());
console.log(JSON.stringify(toCsl(b).author)); console.log(formatBibtex(toCsl(b))); console.log(formatBiblatex(toCsl(b)));
