/**
 * Staging renders each description of a record once: the head's plain text (meta description,
 * JSON-LD) reads the page's own rendering. Rendering an abstract costs 2–3 ms, so a second
 * rendering was about 12 s of a 10,000-record build's stage on two cores.
 */
import { describe, expect, test, vi } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir, FIXTURE_CONFIG } from '../helpers/build-fixture.ts';
import { writeFixtureCatalogue, releasedMxSpec, fixtureDataCite } from '../helpers/catalogue-fixtures.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { openCatalogue } from '../../src/catalogue/open-catalogue.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { stageSite } from '../../src/build/stage.ts';

/** Every text rendered, in order (the stage runs in this thread with one worker). */
const rendered = vi.hoisted(() => [] as string[]);
vi.mock('../../src/markdown/render-markdown.ts', async (original) => {
  const actual = await original<typeof import('../../src/markdown/render-markdown.ts')>();
  return {
    ...actual,
    renderDescription: (markdown: string, ...rest: unknown[]) => {
      rendered.push(markdown);
      return (actual.renderDescription as (...a: unknown[]) => ReturnType<typeof actual.renderDescription>)(markdown, ...rest);
    },
    // It renders each text through the module's own renderDescription, which the mock cannot see.
    renderMoreDescriptions: (texts: readonly string[], spent: number) => {
      rendered.push(...texts);
      return actual.renderMoreDescriptions(texts, spent);
    },
  };
});

const ABSTRACT = 'Diffraction images of *tetragonal* lysozyme, collected at 100 K in two sweeps of 3,600 frames each, for a benchmark of indexing programs.';

describe('staging renders a record’s descriptions once each', () => {
  test('the abstract, whether it is the page body or shown beside description.md, and description.md', async () => {
    const root = await tempDir('renders-once-');
    const withBody = releasedMxSpec('with-body', '10.5072/with-body', 2);
    const abstractOnly = releasedMxSpec('abstract-only', '10.5072/abstract-only', 2);
    const abstract = [{ description: ABSTRACT, descriptionType: 'Abstract' }];
    withBody.datacite = { ...fixtureDataCite('10.5072/with-body', 'With a body'), descriptions: abstract };
    abstractOnly.datacite = { ...fixtureDataCite('10.5072/abstract-only', 'Abstract only'), descriptions: abstract };
    delete abstractOnly.description;
    const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), [withBody, abstractOnly]);
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    const config = await loadSiteConfig(path.join(root, 'aperture.config.json'), {});
    const sink = new DiagnosticSink();
    const out = path.join(root, 'out');
    const result = await stageSite({
      config,
      source: openCatalogue(catalogue),
      catalogue,
      stageDir: path.join(out, 'models'),
      publicDir: path.join(out, 'public'),
      cacheDir: path.join(root, 'cache'),
      sink,
      now: new Date('2026-11-01T00:00:00Z'),
      workers: 1,
    });
    expect(result.published.map((p) => p.doi).sort()).toEqual(['10.5072/abstract-only', '10.5072/with-body']);
    // Two records: the abstract is the body of one and shown after description.md on the other.
    expect(rendered.filter((t) => t === ABSTRACT)).toHaveLength(2);
    expect(rendered.filter((t) => t === withBody.description)).toHaveLength(1);
  });
});
