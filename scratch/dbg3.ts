import { formatBibtex } from '../src/citation/formats.ts';
for (const author of [[{family:'a}{\\'}], [{given:'b}{\\'}], [{family:'a}{\\', given:'b}{\\'}], [{literal:'c}{\\'}], [{family: 'x', given: 'y', suffix: 's}', 'non-dropping-particle': 'v}'}]])
  console.log(formatBibtex({ id: 'x', type: 'dataset', title: 't', author } as any).split('\n')[1]);
