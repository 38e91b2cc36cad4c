/**
 * Records in right-to-left scripts: an Arabic title and abstract, a Hebrew withdrawn record.
 * Their text must read right to left wherever it appears (landing page, tombstone, dataset
 * breadcrumb, cards, search hits, creators, keywords) while the page chrome stays left to
 * right, and an English record beside them stays left to right.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, fixtureExperiment, releasedMxSpec, sweepDataset, sweepFiles, withdrawnSpec, type FixtureSpec } from '../helpers/catalogue-fixtures.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { HAS_CHROMIUM, launchBrowser, waitForSearch } from './demo-site.ts';
import { axeViolations, describeViolations } from './axe.ts';

const AR_DOI = '10.5072/aperture-arabic-fixture';
const HE_DOI = '10.5072/aperture-hebrew-fixture';
const EN_DOI = '10.5072/aperture-released-fixture';
// Trailing Latin and neutral characters are what an LTR paragraph puts on the wrong side.
const AR_TITLE = 'بيانات حيود الأشعة السينية لبلورات الليزوزيم (PDB 1LYZ).';
const AR_ABSTRACT = 'صور حيود دورانية لبلورة ليزوزيم رباعية، جمعت في 2023 على الخط FX1.';
const RELATED_TITLE = 'مقال عن بلورات الليزوزيم (2024).';
const HE_TITLE = 'נתוני עקיפה של גבישי ליזוזים (PDB 1LYZ).';

function arabicSpec(): FixtureSpec {
  return {
    id: 'fixture-arabic',
    datacite: fixtureDataCite(AR_DOI, AR_TITLE, {
      titles: [{ title: AR_TITLE, lang: 'ar' }],
      language: 'ar',
      creators: [{ name: 'العبدالله, محمد', nameType: 'Personal', givenName: 'محمد', familyName: 'العبدالله', affiliation: [] }],
      descriptions: [{ description: AR_ABSTRACT, descriptionType: 'Abstract', lang: 'ar' }],
      subjects: [{ subject: 'تصوير بلوري', lang: 'ar' }],
      relatedItems: [{ relatedItemType: 'JournalArticle', relationType: 'IsCitedBy', titles: [{ title: RELATED_TITLE }], publicationYear: '2024' }],
    }),
    description: 'بلورات ليزوزيم من بياض البيض، الشكل الرباعي.\n',
    experiment: fixtureExperiment({ state: 'released' }, [sweepDataset('sweep-1', 3)]),
    listings: { 'sweep-1': sweepFiles('sweep-1', 3) },
  };
}

function hebrewWithdrawnSpec(): FixtureSpec {
  const spec = withdrawnSpec('fixture-hebrew');
  return { ...spec, datacite: fixtureDataCite(HE_DOI, HE_TITLE, { titles: [{ title: HE_TITLE, lang: 'he' }] }) };
}

/** The element's resolved direction (dir="auto" resolves from its first strong character). */
async function direction(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((el) => (el.matches(':dir(rtl)') ? 'rtl' : 'ltr'));
}

describe.skipIf(!HAS_CHROMIUM)('right-to-left record text', () => {
  let site: FixtureSite;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    site = await buildFixtureSite([arabicSpec(), hebrewWithdrawnSpec(), releasedMxSpec('fixture-released', EN_DOI, 3)]);
    server = await serveStatic(site.dist);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(url: string): Promise<Page> {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + url);
    return page;
  }

  test('the records are published', () => {
    expect(site.report.ok).toBe(true);
    expect(site.report.stage.published.map((p) => p.doi).sort()).toEqual([AR_DOI, EN_DOI]);
  });

  test('an Arabic landing page: title, abstract, description, creator and keyword read right to left, flush right', async () => {
    const p = await open(`/doi/${AR_DOI}/`);
    for (const selector of ['h1', '#abstract-heading + .prose', '#description-heading + .prose', '.creators li > span', '.keywords li']) {
      expect(await direction(p, selector), selector).toBe('rtl');
    }
    const related = p.locator('section[aria-labelledby=related-heading] li :is(span, a)', { hasText: 'مقال' });
    expect(await related.first().evaluate((el) => (el.matches(':dir(rtl)') ? 'rtl' : 'ltr'))).toBe('rtl');
    // The title's text ends at the heading's right edge, as Arabic is set.
    const gap = await p.locator('h1').evaluate((h) => {
      const range = document.createRange();
      range.selectNodeContents(h);
      return h.getBoundingClientRect().right - range.getBoundingClientRect().right;
    });
    expect(gap).toBeLessThan(2);
  });

  test('the page chrome stays left to right around right-to-left text', async () => {
    const p = await open(`/doi/${AR_DOI}/`);
    expect(await p.evaluate(() => document.documentElement.dir || getComputedStyle(document.documentElement).direction)).toBe('ltr');
    for (const selector of ['.site-header', 'nav[aria-label=Main]', '.site-footer', '.facts', '#cite-heading']) {
      expect(await direction(p, selector), selector).toBe('ltr');
    }
    const [brand, nav] = await Promise.all([p.locator('.site-header .brand').boundingBox(), p.locator('nav[aria-label=Main]').boundingBox()]);
    expect(brand!.x).toBeLessThan(nav!.x);
  });

  test('an English record beside them stays left to right', async () => {
    const p = await open(`/doi/${EN_DOI}/`);
    expect(await direction(p, 'h1')).toBe('ltr');
    expect(await direction(p, '.keywords li')).toBe('ltr');
  });

  test('a Hebrew tombstone title reads right to left', async () => {
    const p = await open(`/doi/${HE_DOI}/`);
    expect(await p.locator('h1').textContent()).toBe(HE_TITLE);
    expect(await direction(p, 'h1')).toBe('rtl');
  });

  test('titles keep their language on cards and tombstones, as on the landing page (WCAG 3.1.2)', async () => {
    const p = await open('/experiments/');
    expect(await p.locator('.card :is(h2, h3)', { hasText: 'بيانات' }).getAttribute('lang')).toBe('ar');
    expect(await p.locator('.card :is(h2, h3)', { hasText: 'Lysozyme' }).getAttribute('lang')).toBeNull();
    const t = await open(`/doi/${HE_DOI}/`);
    expect(await t.locator('h1').getAttribute('lang')).toBe('he');
  });

  test('the dataset page breadcrumb isolates the Arabic record title', async () => {
    const p = await open(`/doi/${AR_DOI}/datasets/sweep-1/`);
    expect(await direction(p, 'nav[aria-label=Breadcrumb] a')).toBe('rtl');
    expect(await direction(p, 'nav[aria-label=Breadcrumb]')).toBe('ltr');
  });

  test('record cards and search hits give the Arabic title its direction', async () => {
    const p = await open('/experiments/');
    const card = p.locator('.card', { hasText: 'بيانات' });
    expect(await card.locator('h2, h3').first().evaluate((el) => (el.matches(':dir(rtl)') ? 'rtl' : 'ltr'))).toBe('rtl');
    const q = await open(`/search/?q=${encodeURIComponent(AR_DOI)}`);
    await waitForSearch(q);
    const hit = q.locator('[data-search-results] h3', { hasText: 'بيانات' });
    await hit.first().waitFor();
    expect(await hit.first().evaluate((el) => (el.matches(':dir(rtl)') ? 'rtl' : 'ltr'))).toBe('rtl');
  });

  test('axe finds no violations on the Arabic landing page and the Hebrew tombstone (light and dark, 320 and 1280 px)', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [320, 1280]) {
        const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width, height: 800 } });
        for (const url of [`/doi/${AR_DOI}/`, `/doi/${HE_DOI}/`]) {
          const p = await context.newPage();
          await p.goto(server.url + url);
          const violations = await axeViolations(p);
          if (violations.length) found.push(`${url} (${colorScheme}, ${width}px):\n${describeViolations(violations)}`);
        }
        await context.close();
      }
    }
    expect(found.join('\n')).toBe('');
  });
});
