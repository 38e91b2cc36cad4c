
import { formatBibtex, formatRis, formatBiblatex } from '../src/citation/formats.ts';

  const item: any = { id: 'x', type: 'dataset', title: 'T}, note = {evil} @misc{a, title={b\r\nTY  - INJ\r\nER  - ', publisher: 'P\nER  - \nTY  - JOUR', abstract: 'a\r\nTY  - INJ\r\nER  - ', author: [{ literal: 'Smith } & Sons {\n@misc' }, {family: 'O}x', given: 'A\\'}], DOI: '10.5/x', URL: 'https://doi.org/10.5/x', issued: { 'date-parts': [[2020]] }, keyword: 'a,b\nc' };
  console.log(formatBibtex(item)); console.log(formatBiblatex(item)); console.log(JSON.stringify(formatRis(item)));

