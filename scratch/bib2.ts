import { formatBibtex, formatRis } from '../src/citation/formats.ts';
const item: any = { id: 'x', type: 'dataset', title: 'T', publisher: 'P}\\', version: '1}', DOI: '10.5/a}b{\\', URL: 'https://doi.org/10.5/a}b{', issued: { 'date-parts': [[2020]] }, note: 'n}' , author: [{family: 'A', given: 'B'}]};
console.log(formatBibtex(item));
