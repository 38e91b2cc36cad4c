/**
 * A large collaboration's landing page (DataCite records of LHC or LIGO papers and data
 * register thousands of creators): a byline a reader can get past, with the first creators
 * shown and every other one a click away in a <details>; every creator in the head's
 * citation_author and DC.creator tags and in the JSON-LD.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, releasedMxSpec } from '../helpers/catalogue-fixtures.ts';
import { BYLINE_NAMES, foldByline } from '../../src/model/people.ts';

const DOI = '10.5072/aperture-collaboration';
const CREATORS = 5000;
const family = (i: number) => `Physicist-${String(i + 1).padStart(4, '0')}`;

describe('foldByline', () => {
  test('folds a long list after the first names, and shows a list that would fold only a few whole', () => {
    const people = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(foldByline(people(CREATORS)).shown).toEqual(people(BYLINE_NAMES));
    expect(foldByline(people(CREATORS)).folded).toHaveLength(CREATORS - BYLINE_NAMES);
    expect(foldByline(people(BYLINE_NAMES + 3))).toEqual({ shown: people(BYLINE_NAMES + 3), folded: [] });
    expect(foldByline(people(BYLINE_NAMES + 4)).folded).toEqual([20, 21, 22, 23]);
  });
});

describe(`the landing page of a record with ${CREATORS} creators`, () => {
  let html: string;
  let byline: string;
  let exports: { ris: string; bib: string; cff: string };
  beforeAll(async () => {
    const spec = releasedMxSpec('collaboration', DOI, 1);
    spec.datacite = fixtureDataCite(DOI, 'Proton collisions at 13.6 TeV', {
      creators: Array.from({ length: CREATORS }, (_, i) => ({
        name: `${family(i)}, Ann`, nameType: 'Personal', givenName: 'Ann', familyName: family(i), affiliation: [{ name: 'CERN' }],
      })),
    });
    const site = await buildFixtureSite([spec]);
    expect(site.report.ok).toBe(true);
    html = await site.read(`doi/${DOI}/index.html`);
    exports = { ris: await site.read(`doi/${DOI}/citation.ris`), bib: await site.read(`doi/${DOI}/citation.bib`), cff: await site.read(`doi/${DOI}/CITATION.cff`) };
    byline = /<header class="record-head">([\s\S]*?)<\/header>/.exec(html)![1];
  }, 300_000);

  test('shows the first creators and folds the others, each once, into a <details> that says how many', () => {
    const [open, details] = byline.split('<details class="creators-more">');
    const names = (part: string) => [...part.matchAll(/<span dir="auto">Ann (Physicist-\d{4})<\/span>/g)].map((m) => m[1]);
    expect(names(open)).toEqual(Array.from({ length: BYLINE_NAMES }, (_, i) => family(i)));
    expect(details).toMatch(/^\s*<summary>and 4,980 more creators<\/summary>/);
    expect(names(details)).toEqual(Array.from({ length: CREATORS - BYLINE_NAMES }, (_, i) => family(i + BYLINE_NAMES)));
    expect(details).toContain(`aria-label="Creators 21 to 5,000"`);
  });

  test('cites the record with the first 19 creators, an ellipsis and the last, as APA 7 does', () => {
    const recommended = /<p class="cite-text" data-cite-recommended>([^<]*)<\/p>/.exec(html)![1];
    expect(recommended.match(/Physicist-\d{4}/g)).toHaveLength(20);
    expect(recommended).toContain(`${family(18)}, Ann; … ${family(CREATORS - 1)}, Ann (`);
  });

  test('gives every creator in the head, as citation_author and DC.creator (conventions A3), and in the JSON-LD', () => {
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head.match(/<meta name="citation_author"/g)).toHaveLength(CREATORS);
    expect(head.match(/<meta name="DC.creator"/g)).toHaveLength(CREATORS);
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(ld.creator).toHaveLength(CREATORS);
    expect(ld.creator.at(-1).familyName).toBe(family(CREATORS - 1));
  });

  test('names a bounded number of creators in each shown citation style, every one in the exports, and stays under 400 bytes a creator', () => {
    const styles = [...html.matchAll(/<figure class="citation-style" data-style="(\w+)">([\s\S]*?)<\/figure>/g)];
    expect(styles).toHaveLength(4);
    // APA 7 names 19 and the last, Chicago 7 of 11+, Vancouver 6, Harvard 3: et al. or an ellipsis, whatever the count.
    for (const [, style, figure] of styles) expect(figure.match(/Physicist-\d{4}/g)!.length, style).toBeLessThanOrEqual(20);
    // Each creator is in the byline, citation_author, DC.creator and the JSON-LD (conventions A3), and nowhere else.
    expect(html.length).toBeLessThan(CREATORS * 400);
    expect(exports.ris.match(/^AU {2}- /gm)).toHaveLength(CREATORS);
    expect(exports.bib).toContain(`${family(CREATORS - 1)}, Ann}`);
    expect(exports.cff.match(/family-names: "Physicist-\d{4}"/g)).toHaveLength(CREATORS);
  });
});
