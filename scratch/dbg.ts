import { readFileSync } from 'node:fs';
import { DiagnosticSink } from '../src/diagnostics/diagnostic.ts';
import { readDataCite } from '../src/catalogue/read-datacite.ts';
import { xmlRecord } from '../test/fuzz/arbitraries.ts';
const s = new DiagnosticSink();
console.log(readDataCite(xmlRecord('Title&#27;]0;pwned&#7; \u009b2J', 'c', ''), 'xml', s), s.list);
