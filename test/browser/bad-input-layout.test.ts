/**
 * Metadata that breaks naive layouts: a very long title, hundreds of creators, thousands of
 * related identifiers, right-to-left and CJK text, and a description that is one
 * 10,000-character word. Built with the real pipeline; every page must stay inside the
 * viewport at 320 and 1280 CSS px and pass axe.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, fixtureExperiment, sweepFiles, type FixtureSpec } from '../helpers/catalogue-fixtures.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { HAS_CHROMIUM, launchBrowser } from './demo-site.ts';
import { axeViolations, describeViolations } from './axe.ts';

const DOI = '10.5072/aperture-bad-layout-fixture';
const CREATORS = 320;
const RELATED = 3000;
// A protein sequence is a real source of one unbroken "word" in a description.
const ONE_WORD = 'MKVLAAGIVALLLAAGCSSHA'.repeat(477).slice(0, 10_000);
const LONG_TITLE =
  'Serial femtosecond crystallography of the photosynthetic water-oxidising complex (photosystem II, Thermosynechococcus vestitus) ' +
  'across the S1→S2→S3→S0 Kok cycle with dark-adapted, once-, twice- and thrice-flashed microcrystals at room temperature, ' +
  'including pump–probe delays of 50 µs, 150 µs, 250 µs, 400 µs and 1200 µs, and the Na⁺/Cl⁻-free controls: ' +
  'Dihydroxyacetonephosphateacyltransferase-fusion-construct-without-cleavage-site';

function creators(n: number): Array<Record<string, unknown>> {
  const names = [
    { givenName: 'محمد', familyName: 'العبدالله' },
    { givenName: '美咲', familyName: '佐藤' },
    { givenName: 'Wei', familyName: '张' },
    { givenName: 'Bartholomew-Maximilian', familyName: 'Featherstonehaugh-Cholmondeley' },
    { givenName: 'נועה', familyName: 'כהן' },
  ];
  return Array.from({ length: n }, (_, i) => {
    const p = names[i % names.length];
    return {
      name: `${p.familyName}, ${p.givenName}`,
      nameType: 'Personal',
      givenName: p.givenName,
      familyName: p.familyName,
      affiliation: [{ name: i % 2 ? 'جامعة الملك عبدالله للعلوم والتقنية' : '中国科学院生物物理研究所 (Institute of Biophysics, Chinese Academy of Sciences)' }],
    };
  });
}

function related(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 0
      ? { relatedIdentifier: `${20_000_000 + i}`, relatedIdentifierType: 'PMID', relationType: 'References' }
      : { relatedIdentifier: `10.5555/related-${i}-${'x'.repeat(i % 40)}`, relatedIdentifierType: 'DOI', relationType: i % 3 === 1 ? 'IsCitedBy' : 'References' },
  );
}

function badLayoutSpec(): FixtureSpec {
  const files = [...sweepFiles('a-rather-long-sweep-name-that-goes-on-and-on-sweep_00000000000000000001', 60)];
  return {
    id: 'fixture-bad-layout',
    datacite: fixtureDataCite(DOI, LONG_TITLE, {
      creators: creators(CREATORS),
      titles: [{ title: LONG_TITLE }, { title: 'بيانات حيود الأشعة السينية لبلورات البروتين', lang: 'ar', titleType: 'TranslatedTitle' }, { title: '光系统II的连续飞秒晶体学数据', lang: 'zh', titleType: 'TranslatedTitle' }],
      descriptions: [{ description: ONE_WORD, descriptionType: 'Abstract' }],
      relatedIdentifiers: related(RELATED),
      subjects: [{ subject: 'macromolecular crystallography' }, { subject: '连续飞秒晶体学' }, { subject: 'تصوير بلوري' }, { subject: ONE_WORD.slice(0, 300) }],
    }),
    experiment: fixtureExperiment({ state: 'released' }, [
      {
        id: 'sweep-1',
        title: `Sweep ${ONE_WORD.slice(0, 200)}`,
        description: null,
        kind: 'raw',
        derivedFrom: null,
        hitRate: null,
        fileCount: files.length,
        totalBytes: files.reduce((s, f) => s + Number(f.size), 0),
        technical: { detector: 'PILATUS 6M', wavelength_angstrom: 0.9763, distance_mm: 250, frames: files.length },
        bundles: [],
        listing: 'datasets/sweep-1.jsonl',
      },
    ]),
    listings: { 'sweep-1': files },
  };
}

describe.skipIf(!HAS_CHROMIUM)('bad input lays out without breaking the page', () => {
  let site: FixtureSite;
  let server: StaticServer;
  let browser: Browser;
  const landing = `/doi/${DOI}/`;
  const dataset = `/doi/${DOI}/datasets/sweep-1/`;
  beforeAll(async () => {
    site = await buildFixtureSite([badLayoutSpec()]);
    server = await serveStatic(site.dist);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the record is published (nothing was dropped to make layout easy)', () => {
    expect(site.report.ok).toBe(true);
    expect(site.report.stage.published.map((p) => p.doi)).toEqual([DOI]);
  });

  test('no page scrolls sideways at 320 or 1280 CSS px', async () => {
    const wide: string[] = [];
    for (const width of [320, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      for (const url of [landing, dataset, '/', '/browse/', '/statistics/', '/browse/technique/macromolecular-crystallography/']) {
        const page = await context.newPage();
        await page.goto(server.url + url);
        const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        if (scrollWidth > width) wide.push(`${url} at ${width}: ${scrollWidth}px`);
        await page.close();
      }
      await context.close();
    }
    expect(wide).toEqual([]);
  });

  test('hundreds of creators: the first few are shown, all are one click away', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + landing);
    const head = page.locator('.record-head');
    const visible = await head.locator('.creators li:visible').count();
    expect(visible).toBeLessThan(30);
    await head.locator('details.creators-more > summary').click();
    expect(await head.locator('.creators li:visible').count()).toBe(CREATORS);
    await page.close();
  });

  test('axe finds no violations on the landing and dataset pages (light and dark)', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ bypassCSP: true, colorScheme });
      for (const url of [landing, dataset]) {
        const page = await context.newPage();
        await page.goto(server.url + url);
        const violations = await axeViolations(page);
        if (violations.length) found.push(`${url} (${colorScheme}):\n${describeViolations(violations)}`);
        await page.close();
      }
      await context.close();
    }
    expect(found.join('\n')).toBe('');
  });
});
