import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Cite } from '@citation-js/core';
// citation-js's reader of one BibTeX field (a `separated` list for keywords).
import { parse as parseBibtexValue } from '@citation-js/plugin-bibtex/lib/input/value.js';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';
import * as formats from '../../../src/citation/formats.ts';
import * as citationSet from '../../../src/citation/citation-set.ts';
import { risExtras, toCsl } from '../../../src/citation/csl.ts';
import { dataciteCitation } from '../../../src/citation/datacite-citation.ts';
import { toCff } from '../../../src/citation/cff.ts';
import { dataciteRecord, HOSTILE, hostileRecord } from './factory.ts';

const { cachedCitations, citationsFor } = citationSet;
const item = toCsl(dataciteRecord());

describe('public surface', () => {
  test('formats.ts exports exactly these names', () => {
    expect(Object.keys(formats).sort()).toEqual([
      'STYLES', 'formatBiblatex', 'formatBibtex', 'formatCslJson', 'formatRis', 'formatStyle', 'formatStyles', 'htmlToText', 'registerCitationPlugins',
    ]);
  });
  test('citation-set.ts exports exactly these names', () => {
    expect(Object.keys(citationSet).sort()).toEqual(['CITATION_CACHE_VERSION', 'cachedCitations', 'citationsFor']);
  });
});

describe('formatted styles', () => {
  const styles = formats.formatStyles(item);
  test('APA: authors, year, title, version, publisher and DOI URL', () => {
    expect(styles.apa.text).toBe(
      'Garcia, A. & Aperture Beamline Team. (2024). Lysozyme rotation data at 100 K (Version 1.0) [Dataset]. Example Synchrotron Data Archive. https://doi.org/10.5072/aperture.lyso-001',
    );
    expect(styles.apa.html).toContain('<i>Lysozyme rotation data at 100 K</i>');
  });
  test('Harvard, Vancouver and Chicago author-date each name the creator, year and DOI', () => {
    for (const s of ['harvard', 'vancouver', 'chicago'] as const) {
      expect(styles[s].text).toContain('Garcia');
      expect(styles[s].text).toContain('2024');
      expect(styles[s].text).toContain('10.5072/aperture.lyso-001');
      expect(styles[s].html).toMatch(/^<div class="csl-bib-body">/);
    }
    // Chicago author-date spells out given names and puts the year after the authors.
    expect(styles.chicago.text).toMatch(/^Garcia, Ana and Aperture Beamline Team\. 2024\. /);
    // One reference, not a numbered list: no "1."; the DOI is named once (as its resolver URL).
    expect(styles.vancouver.text).toMatch(/^Garcia A, Aperture Beamline Team\./);
    expect(styles.vancouver.text.split('10.5072/aperture.lyso-001').length - 1).toBe(1);
    expect(styles.vancouver.html).not.toContain('csl-left-margin');
  });
  test("text derived from the HTML equals citeproc's own text output, accented and many-author records included", async () => {
    const { Cite } = await import('@citation-js/core');
    const records = [
      dataciteRecord(),
      dataciteRecord({ titles: [{ title: 'Ångström-scale "quoted" <tags> & ampersands — dash' }], creators: [{ name: 'Müller, Jürgen', givenName: 'Jürgen', familyName: 'Müller' }] }),
      dataciteRecord({ creators: Array.from({ length: 25 }, (_, i) => ({ name: `P${i}, Q`, givenName: 'Q', familyName: `P${i}` })) }),
    ];
    for (const r of records) {
      const it = toCsl(r);
      for (const [style, template] of Object.entries(formats.STYLES)) {
        // Vancouver: citeproc's text without the list number, for the item without its separate DOI (named by the URL).
        const input = style === 'vancouver' ? { ...it, DOI: undefined } : it;
        const own = String(new Cite(input).format('bibliography', { template, format: 'text', lang: 'en-US' })).trim().replace(style === 'vancouver' ? /^1\. / : /^$/, '');
        expect(formats.formatStyle(it, style as keyof typeof formats.STYLES).text, style).toBe(own);
      }
    }
  });
  test('each style formats one entry exactly as the full style does (its copy only drops the bibliography sort)', async () => {
    const { Cite } = await import('@citation-js/core');
    const person = (familyName: string, givenName: string) => ({ name: `${familyName}, ${givenName}`, nameType: 'Personal' as const, givenName, familyName });
    const records = [
      dataciteRecord(),
      hostileRecord(),
      // Creators told apart only by given name: Harvard's bibliography spells them out.
      dataciteRecord({ creators: [person('Smith', 'John'), person('Smith', 'Jane'), { name: 'Smith Lab', nameType: 'Organizational' }] }),
      dataciteRecord({ creators: Array.from({ length: 25 }, (_, i) => person(i % 3 ? `Lee${i % 4}` : 'Lee', i % 2 ? 'Anna' : 'Ann')) }),
      dataciteRecord({ creators: [person('van der Berg', 'Jan'), person('Nguyễn', 'Thị'), person("O'Neil", 'Mary-Kate')], dates: [], publicationYear: undefined }),
    ];
    for (const r of records) {
      const it = toCsl(r);
      for (const [style, template] of Object.entries(formats.STYLES)) {
        const input = style === 'vancouver' ? { ...it, DOI: undefined } : it;
        const full = String(new Cite(input).format('bibliography', { template, format: 'html', lang: 'en-US', nosort: true }))
          .trim()
          .replace(/<div class="csl-left-margin">[^<]*<\/div>\s*<div class="csl-right-inline">([\s\S]*?)<\/div>/, '$1');
        expect(formats.formatStyle(it, style as keyof typeof formats.STYLES).html, style).toBe(full);
      }
    }
  });
  test('text of markup-like metadata is verbatim (citeproc\'s own text output injects an attribute into the first "tag")', () => {
    const text = formats.formatStyle(toCsl(hostileRecord()), 'apa').text;
    expect(text.startsWith(`${HOSTILE.img},`)).toBe(true);
    expect(text).not.toContain('data-csl-entry-id');
  });
  test('formatStyle gives the same as formatStyles for one style', () => {
    expect(formats.formatStyle(item, 'harvard')).toEqual(styles.harvard);
  });
});

describe('BibTeX, BibLaTeX, RIS, CSL-JSON, CFF', () => {
  test('BibTeX is @misc with doi, url, publisher and a month macro (no "mar 1" quirk)', () => {
    const bib = formats.formatBibtex(item);
    expect(bib).toMatch(/^@misc\{Garcia2024Lysozyme,/);
    expect(bib).toContain('doi = {10.5072/aperture.lyso-001}');
    expect(bib).toContain('url = {https://doi.org/10.5072/aperture.lyso-001}');
    expect(bib).toContain('publisher = {Example Synchrotron Data Archive}');
    expect(bib).toMatch(/^\s*month = mar,$/m);
    expect(bib).not.toContain('mar 1');
    expect(bib).toContain('author = {Garcia, Ana and {Aperture Beamline Team}}');
  });
  test('a record of a type CSL calls an article is @article only with a journal; without one it is @misc', () => {
    for (const resourceTypeGeneral of ['Instrument', 'Award', 'Poster', 'Preprint', 'Text', 'PeerReview', 'ConferencePaper', 'BookChapter']) {
      const bare = dataciteRecord({ types: { resourceTypeGeneral } });
      expect(formats.formatBibtex(toCsl(bare)), resourceTypeGeneral).toMatch(/^@misc\{/);
      expect(formats.formatBiblatex(toCsl(bare)), resourceTypeGeneral).not.toMatch(/^@(article|inproceedings|inbook)\{/);
    }
    const published = dataciteRecord({
      types: { resourceTypeGeneral: 'JournalArticle' },
      relatedItems: [{ relationType: 'IsPublishedIn', relatedItemType: 'Journal', titles: [{ title: 'Journal of Synchrotron Radiation' }], volume: '31' }],
    });
    const bib = formats.formatBibtex(toCsl(published));
    expect(bib).toMatch(/^@article\{/);
    expect(bib).toContain('journal = {Journal of Synchrotron Radiation}');
  });
  test('LaTeX specials are escaped in organisation names as well as titles', () => {
    const bib = formats.formatBibtex(toCsl(dataciteRecord({ titles: [{ title: 'R&D at 50%' }], creators: [{ name: 'Smith & Sons #2', nameType: 'Organizational' }] })));
    expect(bib).toContain('author = {{Smith \\& Sons \\#2}}');
    expect(bib).toContain('title = {R\\&{D} at 50\\%}');
    expect(formats.formatBiblatex(toCsl(dataciteRecord({ creators: [{ name: 'A & B', nameType: 'Organizational' }] })))).toContain('{A \\& B}');
  });
  test('$, _, ^, ~, <, > and ` in an organisation or family-only name are LaTeX text commands, and the entry reads back', () => {
    const odd = 'Team_A $5 ^x ~y <z> `q`';
    const attrs = dataciteRecord({ creators: [{ name: odd, nameType: 'Organizational' }, { name: odd, nameType: 'Personal', familyName: odd }] });
    for (const bib of [formats.formatBibtex(toCsl(attrs)), formats.formatBiblatex(toCsl(attrs))]) {
      const written = 'Team\\textunderscore{}A \\textdollar{}5 \\textasciicircum{}x \\textasciitilde{}y \\textless{}z\\textgreater{} \\textasciigrave{}q\\textasciigrave{}';
      expect(bib).toContain(`author = {{${written}} and {${written}}}`);
      const back = new Cite(bib, { forceType: '@biblatex/text' }).data[0] as { author: Array<{ family?: string; literal?: string }> };
      expect(back.author.map((a) => a.family ?? a.literal)).toEqual([odd, odd]);
    }
  });
  test('BibTeX keeps text in every script: what citation-js cannot write in LaTeX stays UTF-8, the rest is as before', () => {
    // citation-js dropped every character it has no LaTeX command for: a Thai, Chinese or Cyrillic record had an empty title and authors.
    const attrs = dataciteRecord({
      titles: [{ title: 'การเพาะเลี้ยง: Ωμέγα-Структура of β-lactamase, 蛋白质结构 単結晶 단백질 at 1.4 Å (Müller’s ə)' }],
      creators: [
        { name: 'แซ่เตียว, กัญจนา', nameType: 'Personal', givenName: 'กัญจนา', familyName: 'แซ่เตียว' },
        { name: '王, 小明', nameType: 'Personal', givenName: '小明', familyName: '王' },
        { name: 'Иванов, Иван', nameType: 'Personal', givenName: 'Иван', familyName: 'Иванов' },
        { name: 'جامعة القاهرة', nameType: 'Organizational' },
      ],
      publisher: 'สถาบัน 研究所',
    });
    for (const bib of [formats.formatBibtex(toCsl(attrs)), formats.formatBiblatex(toCsl(attrs))]) {
      expect(bib).toContain('author = {แซ่เตียว, กัญจนา and 王, 小明 and Иванов, Иван and {جامعة القاهرة}}');
      expect(bib).toContain('publisher = {สถาบัน 研究所}');
      // Greek words that lose a letter are kept whole; a lone β, Å, ü and ’ are LaTeX as before.
      expect(bib).toContain('การเพาะเลี้ยง: Ωμέγα-Структура of $\\beta$-lactamase, 蛋白质结构 単結晶 단백질 at 1.4 {\\r {A}} ({M}{\\" u}ller\\textquoteright{}s ə)');
      expect(bib).toMatch(/^@(misc|dataset)\{[\x21-\x7e]+,$/m);
      expect(bib).not.toMatch(/qx\d+u/);
    }
    // A Latin-script record's BibTeX is exactly what citation-js writes.
    expect(formats.formatBibtex(item)).toMatch(/^@misc\{Garcia2024Lysozyme,/);
  });
  test('BibTeX with a spacing accent (O´Keeffe) or Ǣ reads back: the accent is not written as a LaTeX command over nothing', () => {
    const attrs = dataciteRecord({
      titles: [{ title: 'Ǣ and ¨ on ˘' }],
      creators: [{ name: 'O´Keeffe, Nicholas', nameType: 'Personal', givenName: 'Nicholas', familyName: 'O´Keeffe' }],
    });
    for (const bib of [formats.formatBibtex(toCsl(attrs)), formats.formatBiblatex(toCsl(attrs))]) {
      const back = new Cite(bib, { forceType: '@biblatex/text' }).data[0] as { title: string; author: Array<{ family: string; given: string }> };
      expect(back.author).toEqual([{ family: 'O´Keeffe', given: 'Nicholas' }]);
      expect(back.title).toBe('Ǣ and ¨ on ˘');
    }
  });
  test("typed --, ---, '' and ,, stay literal in LaTeX (no en/em dash or curly quote) and read back as typed; real dashes and page ranges stay TeX dashes", () => {
    const attrs = dataciteRecord({
      titles: [{ title: "Payload <!-- x --> a---b ''q'' ,,low – en — em" }],
      creators: [
        { name: 'Smith--Jones, Ann', nameType: 'Personal', givenName: 'Ann', familyName: 'Smith--Jones' },
        { name: 'Van -- Doe, Bo', nameType: 'Personal', givenName: 'Bo', familyName: 'Van -- Doe' },
        { name: 'Team -- B', nameType: 'Organizational' },
      ],
      publisher: 'P--Q',
      subjects: [{ subject: 'a--b' }],
    });
    const csl = { ...toCsl(attrs), page: '1-10' };
    for (const bib of [formats.formatBibtex(csl), formats.formatBiblatex(csl)]) {
      expect(bib).toContain("\\textless{}!{-}{-} x {-}{-}\\textgreater{} a{-}{-}{-}b {'}{'}q{'}{'} {,}{,}low -- en --- em");
      expect(bib).toContain('author = {Smith{-}{-}Jones, Ann and Van {-}{-} Doe, Bo and {Team {-}{-} B}}');
      expect(bib).toContain('publisher = {P{-}{-}Q}');
      expect(bib).toContain('pages = {1--10}');
      const back = new Cite(bib, { forceType: '@biblatex/text' }).data[0] as { title: string; publisher: string; author: Array<{ family: string }> };
      expect(back.title).toBe("Payload <!-- x --> a---b ''q'' ,,low – en — em");
      expect(back.publisher).toBe('P--Q');
      expect(back.author.map((a) => a.family)).toEqual(['Smith--Jones', 'Van -- Doe', 'Team -- B']);
    }
    expect(formats.formatBibtex(csl)).toContain('keywords = {a{-}{-}b}');
  });
  test('a record whose own text holds the token marker still comes back as written', () => {
    const bib = formats.formatBibtex(toCsl(dataciteRecord({ titles: [{ title: 'qx0u41u0xq and Ж' }] })));
    expect(bib).toContain('title = {qx0u41u0xq and Ж}');
  });
  test('BibLaTeX is @dataset with version', () => {
    const bib = formats.formatBiblatex(item);
    expect(bib).toMatch(/^@dataset\{/);
    expect(bib).toContain('version = {1.0}');
  });
  test('RIS is TY - DATA with DO, PB, ET, trimmed keywords and no truncated ID', () => {
    const lines = formats.formatRis(item).trim().split('\n');
    expect(lines[0]).toBe('TY  - DATA');
    expect(lines.at(-1)).toBe('ER  -');
    expect(lines).toContain('DO  - 10.5072/aperture.lyso-001');
    expect(lines).toContain('PB  - Example Synchrotron Data Archive');
    expect(lines).toContain('ET  - 1.0');
    expect(lines).toContain('KW  - lysozyme');
    expect(lines).toContain('AU  - Garcia, Ana');
    expect(lines.some((l) => l.startsWith('ID  - '))).toBe(false);
  });
  test('RIS of a journal article gives no version as ET, which the RIS spec reads there as the e-pub date', () => {
    const attrs = dataciteRecord({ types: { resourceTypeGeneral: 'JournalArticle' }, version: '1.0' });
    const ris = formats.formatRis(toCsl(attrs), risExtras(attrs));
    expect(ris).toMatch(/^TY {2}- JOUR$/m);
    expect(ris).not.toMatch(/^ET {2}-/m);
    const back = new Cite(ris, { forceType: '@ris/file' }).data[0] as Record<string, unknown>;
    expect(back['available-date']).toBeUndefined();
  });
  test('RIS: one line per tag however long, zero-padded dates, TY from the DataCite type, series in T2/SN', () => {
    const long = 'A long abstract about radiation damage in protein crystals at cryogenic temperatures. '.repeat(5).trim();
    const attrs = dataciteRecord({
      descriptions: [{ description: `${long}\nwith a second line`, descriptionType: 'Abstract' }],
      types: { resourceTypeGeneral: 'Software' },
      dates: [{ date: '2024-03-01', dateType: 'Issued' }],
      container: { type: 'Series', title: 'Beamline software series', identifier: '2049-3630', identifierType: 'ISSN' },
    });
    const ris = formats.formatRis(toCsl(attrs), risExtras(attrs));
    const lines = ris.trim().split('\n');
    expect(lines[0]).toBe('TY  - COMP');
    expect(lines.every((l) => /^[A-Z][A-Z0-9]  - /.test(l) || l === 'ER  -')).toBe(true);
    expect(lines.find((l) => l.startsWith('AB  - '))).toBe(`AB  - ${long} with a second line`);
    expect(lines).toContain('DA  - 2024/03/01/');
    expect(lines).toContain('T2  - Beamline software series');
    expect(lines).toContain('SN  - 2049-3630');
    expect(formats.formatRis(toCsl(dataciteRecord({ types: { resourceTypeGeneral: 'Text' } })), { resourceTypeGeneral: 'Text' })).toMatch(/^TY {2}- RPRT$/m);
  });
  test('BibTeX carries the keywords', () => {
    expect(formats.formatBibtex(item)).toContain('keywords = {macromolecular crystallography, lysozyme}');
  });
  test('the BibTeX key is made from the plain name and title, ASCII-folded, not from their LaTeX escapes', () => {
    const keyOf = (creator: NonNullable<DataCiteAttributes['creators']>[number], title = 'Crystal data') => {
      const item = toCsl(dataciteRecord({ creators: [creator], titles: [{ title }] }));
      return [formats.formatBibtex(item), formats.formatBiblatex(item)].map((bib) => /^@\w+\{([^,]*),/.exec(bib)![1]);
    };
    expect(keyOf({ name: '_Beamline & {Detector} Group', nameType: 'Organizational' })).toEqual(['_Beamline2024Crystal', '_Beamline2024Crystal']);
    expect(keyOf({ name: '{Lab}_X', nameType: 'Organizational' })).toEqual(['Lab2024Crystal', 'Lab2024Crystal']);
    expect(keyOf({ name: 'Müller, Jörg', nameType: 'Personal', familyName: 'Müller', givenName: 'Jörg' })).toEqual(['Muller2024Crystal', 'Muller2024Crystal']);
    // A word citation-js cannot write in ASCII is kept as UTF-8 in the entry, never in the key.
    expect(keyOf({ name: 'Ωμέγα Lab', nameType: 'Organizational' }, 'Ωμέγα crystals')).toEqual(['Lab2024crystals', 'Lab2024crystals']);
  });
  test('a BibTeX keyword holding a comma is read back by citation-js as one keyword', () => {
    const bib = formats.formatBibtex(toCsl(dataciteRecord({ subjects: [{ subject: 'Crystallography, X-ray' }, { subject: 'a_b' }, { subject: 'lysozyme' }] })));
    const keywords = /^\tkeywords = \{(.*)\},$/m.exec(bib)![1]!;
    expect(parseBibtexValue(keywords, 'keywords')).toEqual(['Crystallography, X-ray', 'a_b', 'lysozyme']);
  });
  test('CSL-JSON is a one-item array that parses back to the crosswalk output', () => {
    expect(JSON.parse(formats.formatCslJson(item))).toEqual([item]);
  });
  test('CFF 1.2.0: type dataset, authors with ORCID, doi, SPDX licence, date-released, version', () => {
    const cff = toCff(dataciteRecord());
    expect(cff).toBe(
      [
        'cff-version: 1.2.0',
        'message: "If you use this dataset, please cite it using the metadata from this file."',
        'type: "dataset"',
        'title: "Lysozyme rotation data at 100 K"',
        'authors:',
        '  - family-names: "Garcia"',
        '    given-names: "Ana"',
        '    orcid: "https://orcid.org/0000-0002-1825-0097"',
        '    affiliation: "Example Synchrotron"',
        '  - name: "Aperture Beamline Team"',
        'doi: "10.5072/aperture.lyso-001"',
        'url: "https://doi.org/10.5072/aperture.lyso-001"',
        'version: "1.0"',
        'date-released: "2024-03-01"',
        'license: "CC-BY-4.0"',
        'abstract: "Rotation diffraction images of hen egg-white lysozyme collected at 100 K on a pixel-array detector."',
        'keywords:',
        '  - "macromolecular crystallography"',
        '  - "lysozyme"',
        '',
      ].join('\n'),
    );
  });
  test('CFF says software for a Software or ComputationalNotebook record (CFF has no other type)', () => {
    for (const general of ['Software', 'ComputationalNotebook']) {
      const cff = toCff(dataciteRecord({ types: { resourceTypeGeneral: general } }));
      expect(cff).toContain('type: "software"');
      expect(cff).toContain('message: "If you use this software, please cite it using the metadata from this file."');
    }
    expect(toCff(dataciteRecord({ types: { resourceTypeGeneral: 'Image' } }))).toContain('type: "dataset"');
  });
  test('CFF leaves date-released out when only a year is known', () => {
    expect(toCff(dataciteRecord({ dates: [], publicationYear: 2020 }))).not.toContain('date-released');
  });
});

describe('dataciteCitation(attrs)', () => {
  test('Creator (Year). Title. Version. Publisher. ResourceType. DOI URL', () => {
    expect(dataciteCitation(dataciteRecord())).toBe(
      'Garcia, Ana; Aperture Beamline Team (2024). Lysozyme rotation data at 100 K. Version 1.0. Example Synchrotron Data Archive. X-ray diffraction images. https://doi.org/10.5072/aperture.lyso-001',
    );
  });
  test('without version or resourceType it falls back to resourceTypeGeneral', () => {
    expect(dataciteCitation(dataciteRecord({ version: null, types: { resourceTypeGeneral: 'Dataset' } }))).toBe(
      'Garcia, Ana; Aperture Beamline Team (2024). Lysozyme rotation data at 100 K. Example Synchrotron Data Archive. Dataset. https://doi.org/10.5072/aperture.lyso-001',
    );
  });
});

describe('a large collaboration (5,000 creators)', () => {
  const person = (i: number) => ({ name: `Member${i}, Ann`, nameType: 'Personal' as const, givenName: 'Ann', familyName: `Member${i}` });
  const many = (n: number) => dataciteRecord({ creators: Array.from({ length: n }, (_, i) => person(i)) });
  const set = citationsFor(many(5000));

  test('the shown DataCite citation names 20 creators whole and cuts 21 or more to the first 19, an ellipsis and the last (APA 7)', () => {
    expect(dataciteCitation(many(20))).toMatch(/^Member0, Ann; .*; Member18, Ann; Member19, Ann \(2024\)/);
    expect(dataciteCitation(many(21))).toMatch(/^Member0, Ann; .*; Member18, Ann; … Member20, Ann \(2024\)/);
    expect(set.datacite).toMatch(/; Member18, Ann; … Member4999, Ann \(2024\)\. Lysozyme/);
    expect(set.datacite.match(/Member\d+/g)).toHaveLength(20);
    expect(set.datacite.length).toBeLessThan(600);
  });
  test('each shipped CSL style keeps to its own et-al rule', () => {
    expect(set.styles.apa.text.match(/Member\d+/g)).toHaveLength(20);
    expect(set.styles.apa.text).toContain('… Member4999, A.');
    expect(set.styles.vancouver.text.match(/Member\d+/g)).toHaveLength(6);
    expect(set.styles.chicago.text.match(/Member\d+/g)).toHaveLength(7);
    for (const s of ['harvard', 'vancouver', 'chicago'] as const) expect(set.styles[s].text).toContain('et al.');
  });
  test('every export a machine reads keeps every creator', () => {
    for (const text of [set.bibtex, set.biblatex, set.ris, set.cslJson, set.cff]) {
      expect(text).toContain('Member2500');
      expect(text).toContain('Member4999');
    }
    expect(JSON.parse(set.cslJson)[0].author).toHaveLength(5000);
  });
});

describe('hostile metadata', () => {
  test('HTML citations escape markup from titles, names and publisher', () => {
    const set = citationsFor(hostileRecord());
    for (const s of Object.values(set.styles)) {
      expect(s.html).not.toContain('<script');
      expect(s.html).not.toContain('</script');
      expect(s.html).not.toContain('<img');
      expect(s.html).not.toMatch(/href="javascript:/i);
    }
    expect(set.styles.apa.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
  test('CFF stays valid YAML-quoted whatever the title holds', () => {
    const cff = toCff(dataciteRecord({ titles: [{ title: 'a: "b"\n- c # d' }] }));
    expect(cff).toContain('title: "a: \\"b\\" - c # d"');
  });
  test('plain text outputs keep the characters (escaping is the renderer\'s job)', () => {
    expect(citationsFor(hostileRecord()).datacite).toContain(HOSTILE.script);
  });
});

describe('cachedCitations(attrs, digest, cacheDir)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aperture-cite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('computes once, then reads the cache for the same digest without formatting', () => {
    const attrs = dataciteRecord();
    const first = cachedCitations(attrs, 'digest-a', dir);
    expect(first).toEqual(citationsFor(attrs));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    // Same digest, different attributes: the cached set wins, proving nothing was reformatted.
    const again = cachedCitations(dataciteRecord({ titles: [{ title: 'Changed' }] }), 'digest-a', dir);
    expect(again.styles.apa.text).toContain('Lysozyme rotation data');
    // A new digest is formatted afresh.
    expect(cachedCitations(dataciteRecord({ titles: [{ title: 'Changed' }] }), 'digest-b', dir).styles.apa.text).toContain('Changed');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
  test('a corrupt cache entry is recomputed and rewritten', () => {
    cachedCitations(dataciteRecord(), 'digest-c', dir);
    const file = readdirSync(dir).map((f) => join(dir, f));
    for (const f of file) writeFileSync(f, '{"truncated": ');
    expect(cachedCitations(dataciteRecord(), 'digest-c', dir).datacite).toContain('Garcia, Ana');
  });
});

describe('robustness', () => {
  test('sparse or odd records still produce every output (no throw)', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.oneof(fc.constant(''), fc.string()), fc.integer({ min: 0, max: 3000 }), (title, name, version, year) => {
        const set = citationsFor(dataciteRecord({
          titles: title ? [{ title }] : [],
          creators: name ? [{ name }] : [],
          version,
          publicationYear: year,
          dates: [],
          subjects: [{ subject: name }],
        }));
        expect(set.styles.apa.html).toMatch(/^<div class="csl-bib-body">/);
        expect(set.ris.startsWith('TY  - DATA')).toBe(true);
        expect(set.cff.startsWith('cff-version: 1.2.0')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
