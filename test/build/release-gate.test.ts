import { describe, expect, test, beforeAll } from 'vitest';
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFixtureSite, filesContaining, type FixtureSite } from '../helpers/build-fixture.ts';
import {
  releasedMxSpec,
  metadataOnlySpec,
  withdrawnSpec,
  unpublishedSpec,
  UNRELEASED_DOI,
  UNRELEASED_TITLE,
  fixtureDataCite,
} from '../helpers/catalogue-fixtures.ts';

describe('release gate', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite([releasedMxSpec(), metadataOnlySpec(), withdrawnSpec(), unpublishedSpec()]);
  });

  test('the build succeeds and publishes the released and metadata-only records', () => {
    expect(site.report.ok).toBe(true);
    expect(site.report.stage.published.map((p) => p.doi).sort()).toEqual(['10.5072/aperture-embargoed-fixture', '10.5072/aperture-released-fixture']);
    expect(site.report.stage.tombstones.map((t) => t.doi)).toEqual(['10.5072/aperture-withdrawn-fixture']);
  });

  test('the unpublished record appears in no output file, search index included', async () => {
    const files = await site.files();
    expect(files.some((f) => /^pagefind\/[0-9a-f]+\/fragment\//.test(f))).toBe(true);
    expect(await filesContaining(site, UNRELEASED_DOI)).toEqual([]);
    expect(await filesContaining(site, UNRELEASED_TITLE)).toEqual([]);
    expect(await filesContaining(site, 'fixture protein QZX')).toEqual([]);
  });

  test('the withdrawn record appears only on its tombstone (and the DOI manifest)', async () => {
    const hits = await filesContaining(site, '10.5072/aperture-withdrawn-fixture');
    expect(hits.sort()).toEqual(['.well-known/aperture/published-dois.json', 'build-manifest.json', 'doi/10.5072/aperture-withdrawn-fixture/index.html']);
    const tombstone = await site.read('doi/10.5072/aperture-withdrawn-fixture/index.html');
    expect(tombstone).toContain('withdrawn');
    expect(tombstone).toContain('Sample identity could not be confirmed.');
    expect(tombstone).not.toContain('href="https://objects.example.org');
  });

  test('a metadata-only record has a page but no file links, listings or manifests', async () => {
    const page = await site.read('doi/10.5072/aperture-embargoed-fixture/index.html');
    expect(page).toContain('embargo');
    expect(page).toContain('30 June 2028');
    expect(page).not.toContain('href="https://objects.example.org');
    expect(page).not.toContain('/datasets/sweep-1/');
    const files = await site.files();
    expect(files.filter((f) => f.startsWith('doi/10.5072/aperture-embargoed-fixture/datasets/'))).toEqual([]);
  });

  test('a record flipped from released to unpublished disappears from every output on the next build', async () => {
    const title = 'Lysozyme rotation data fixture-released';
    expect((await filesContaining(site, title)).length).toBeGreaterThan(0);
    const experiment = path.join(site.catalogue, 'fixture-released', 'experiment.json');
    const json = JSON.parse(await readFile(experiment, 'utf8'));
    json.release.state = 'unpublished';
    await writeFile(experiment, JSON.stringify(json));
    const report = await site.rebuild();
    expect(report.ok).toBe(true);
    expect(await filesContaining(site, '10.5072/aperture-released-fixture')).toEqual([]);
    expect(await filesContaining(site, title)).toEqual([]);
  });
});

describe('release gate: a public record that extends a withheld one', () => {
  // Numbered DOIs extend one another (zenodo.12 inside zenodo.120), and so do titles ("… I04"
  // inside "… I04-1"): the public record's own DOI and title must not read as a leak.
  const PUBLIC = '10.5072/aperture-prefix-120';
  const WITHDRAWN = '10.5072/aperture-prefix-1';
  const UNPUBLISHED = '10.5072/aperture-prefix-12';
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite([
      releasedMxSpec('public-120', PUBLIC, 2),
      { ...withdrawnSpec('withdrawn-1'), datacite: fixtureDataCite(WITHDRAWN, 'Thaumatin rotation data') },
      { ...unpublishedSpec('unpublished-12'), datacite: fixtureDataCite(UNPUBLISHED, 'Lysozyme rotation data public-12') },
    ]);
  });

  test('the build is not refused, and the withheld DOIs appear nowhere as themselves', async () => {
    expect(site.report.audit).toEqual([]);
    expect(site.report.ok).toBe(true);
    expect(await site.read(`doi/${PUBLIC}/index.html`)).toContain('Lysozyme rotation data public-120');
    const whole = (doi: string) => new RegExp(`${doi.replace(/[.]/g, '\\.')}(?![0-9a-z])`, 'i');
    for (const file of await site.files()) {
      if (file.startsWith('pagefind/')) continue; // gzip; the audit reads it decoded
      const text = await site.read(file);
      expect(whole(UNPUBLISHED).test(text), file).toBe(false);
      if (![`doi/${WITHDRAWN}/index.html`, 'build-manifest.json', '.well-known/aperture/published-dois.json'].includes(file)) expect(whole(WITHDRAWN).test(text), file).toBe(false);
    }
  });
});

describe('release gate: a public record whose DOI holds a withheld one past a separator', () => {
  // Versioned DOIs (Mendeley Data's `….1`, `….2`, a facility's `…-2`): the gate finds an
  // identifier before `.` or `-`, so these public DOIs once refused every build.
  const VERSION_2 = '10.5072/aperture-versioned.v2';
  const UNPUBLISHED = '10.5072/aperture-versioned';
  const PART_2 = '10.5072/aperture-series-2';
  const WITHDRAWN = '10.5072/aperture-series';
  let site: FixtureSite;
  beforeAll(async () => {
    site = await buildFixtureSite([
      releasedMxSpec('version-2', VERSION_2, 2),
      {
        ...releasedMxSpec('part-2', PART_2, 2),
        // A DOI outside the catalogue that holds the unpublished one: the gate would read it as that record.
        datacite: fixtureDataCite(PART_2, 'Lysozyme rotation data part-2', { relatedIdentifiers: [{ relatedIdentifier: `${UNPUBLISHED}.v3`, relatedIdentifierType: 'DOI', relationType: 'References' }] }),
      },
      { ...unpublishedSpec('version-1'), datacite: fixtureDataCite(UNPUBLISHED, 'Lysozyme rotation data, first version') },
      { ...withdrawnSpec('part-1'), datacite: fixtureDataCite(WITHDRAWN, 'Thaumatin rotation data, first part') },
    ]);
  });

  test('the build is not refused, and publishes both', () => {
    expect(site.report.audit).toEqual([]);
    expect(site.report.ok).toBe(true);
    expect(site.report.stage.published.map((p) => p.doi).sort()).toEqual([PART_2, VERSION_2]);
  });

  test('the withheld DOIs appear in no file as themselves', async () => {
    // Not followed by a letter, a digit or the public DOI's rest.
    const alone = (doi: string, rest: string) => new RegExp(`${doi.replace(/[.]/g, '\\.')}(?![0-9a-z]|${rest.replace(/[.]/g, '\\.')}(?![0-9a-z]))`, 'i');
    const files = await site.files();
    expect(files).toContain(`doi/${VERSION_2}/index.html`);
    for (const file of files) {
      if (file.startsWith('pagefind/')) continue; // gzip; the audit reads it decoded
      const text = await site.read(file);
      expect(alone(UNPUBLISHED, '.v2').test(text), file).toBe(false);
      if (![`doi/${WITHDRAWN}/index.html`, 'build-manifest.json', '.well-known/aperture/published-dois.json'].includes(file)) expect(alone(WITHDRAWN, '-2').test(text), file).toBe(false);
    }
    expect(await filesContaining(site, 'first version')).toEqual([]);
  });

  test('a relation to a DOI that holds the unpublished one is left out, and the curator is told which record it would show', () => {
    const told = site.report.diagnostics.filter((d) => d.code === 'stage/relation-to-unreleased');
    expect(told).toEqual([expect.objectContaining({ record: 'part-2', pointer: '/relatedIdentifiers/0/relatedIdentifier' })]);
    expect(told[0].message).toContain(`names ${UNPUBLISHED}.v3, which holds the DOI of ${UNPUBLISHED}, a record of this catalogue not released`);
  });
});

describe('release gate: a public record that names a withdrawn and an unreleased record', () => {
  // The new version of a withdrawn dataset names it (IsNewVersionOf); a dataset names the
  // collection it belongs to before that is released (IsPartOf, here as a doi.org URL in
  // capitals, and as a related item), and mentions it in its abstract and description.md.
  // None of it may stop the build.
  const WITHDRAWN = '10.5072/aperture-withdrawn-fixture';
  const PUBLIC = '10.5072/aperture-new-version';
  let site: FixtureSite;
  beforeAll(async () => {
    const spec = releasedMxSpec('new-version', PUBLIC, 2);
    site = await buildFixtureSite([
      {
        ...spec,
        description: `Replaces ${WITHDRAWN}. Part of the collection [${UNRELEASED_DOI}](https://doi.org/${UNRELEASED_DOI.replace('/', '%2F')}).\n`,
        datacite: fixtureDataCite(PUBLIC, 'Thaumatin rotation data, corrected', {
          descriptions: [{ description: `Corrected data; the collection is ${UNRELEASED_DOI.toUpperCase()}.`, descriptionType: 'Abstract' }],
          relatedIdentifiers: [
            { relatedIdentifier: WITHDRAWN, relatedIdentifierType: 'DOI', relationType: 'IsNewVersionOf', resourceTypeGeneral: 'Dataset' },
            { relatedIdentifier: `https://doi.org/${UNRELEASED_DOI.toUpperCase()}`, relatedIdentifierType: 'URL', relationType: 'IsPartOf' },
            { relatedIdentifier: '10.2210/pdb1lyz/pdb', relatedIdentifierType: 'DOI', relationType: 'References', resourceTypeGeneral: 'Dataset' },
          ],
          relatedItems: [{ relationType: 'IsPartOf', relatedItemType: 'Collection', titles: [{ title: 'A collection' }], relatedItemIdentifier: { relatedItemIdentifier: UNRELEASED_DOI, relatedItemIdentifierType: 'DOI' } }],
        }),
      },
      // A tombstone shows no relations: its own naming of the unreleased record is not reported.
      { ...withdrawnSpec(), datacite: fixtureDataCite(WITHDRAWN, 'Thaumatin rotation data', { relatedIdentifiers: [{ relatedIdentifier: UNRELEASED_DOI, relatedIdentifierType: 'DOI', relationType: 'IsPartOf' }] }) },
      unpublishedSpec(),
    ]);
  });

  test('the build passes the gate and publishes the record', () => {
    expect(site.report.audit).toEqual([]);
    expect(site.report.ok).toBe(true);
    expect(site.report.stage.published.map((p) => p.doi)).toEqual([PUBLIC]);
  });

  test('the withdrawn DOI stays a relation of the new version, which links it', async () => {
    const page = await site.read(`doi/${PUBLIC}/index.html`);
    expect(page).toContain(`https://doi.org/${WITHDRAWN}`);
    expect(await site.read(`doi/${PUBLIC}/datacite.xml`)).toContain(WITHDRAWN);
    expect(page).toContain('1LYZ');
  });

  test('the unreleased record is named in no output file, and the curator is told once per relation', async () => {
    expect(await filesContaining(site, UNRELEASED_DOI)).toEqual([]);
    const told = site.report.diagnostics.filter((d) => d.code === 'stage/relation-to-unreleased');
    expect(told.map((d) => [d.record, d.file, d.pointer, d.severity])).toEqual([
      ['new-version', 'new-version/datacite.json', '/relatedIdentifiers/1/relatedIdentifier', 'warning'],
      ['new-version', 'new-version/datacite.json', '/relatedItems/0/relatedItemIdentifier/relatedItemIdentifier', 'warning'],
      ['new-version', 'new-version/datacite.json', '/descriptions/0/description', 'warning'],
      ['new-version', 'new-version/description.md', null, 'warning'],
    ]);
    expect(told[0].message).toContain(UNRELEASED_DOI);
  });

  test('the text keeps its words, with the unreleased DOI masked and the withdrawn one as written', async () => {
    const page = await site.read(`doi/${PUBLIC}/index.html`);
    expect(page).toContain(`Replaces ${WITHDRAWN}.`);
    expect(page).toContain('Corrected data; the collection is [a record not yet released].');
    expect(page).toContain('Part of the collection [a record not yet released].');
  });
});
