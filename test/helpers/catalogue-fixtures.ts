/**
 * Fixture catalogues written by code (docs/catalogue.md format). Factories return specs;
 * `writeFixtureCatalogue` turns specs into folders. Tests of the release gate, hostile
 * rendering and builds combine these instead of keeping fixture files by hand.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import type { CatalogueSource, RawExperiment } from '../../src/catalogue/types.ts';

/** One record folder. Objects are written as JSON; `*Raw` strings are written verbatim (for malformed input). */
export interface FixtureSpec {
  id: string;
  datacite?: Record<string, unknown>;
  dataciteRaw?: string;
  dataciteXml?: string;
  experiment?: Record<string, unknown>;
  experimentRaw?: string;
  description?: string;
  /** Dataset id → listing lines (objects are JSON-encoded, strings written as they are). Streamed to disk. */
  listings?: Record<string, Iterable<unknown> | AsyncIterable<unknown>>;
}

export async function writeFixtureCatalogue(dir: string, records: FixtureSpec[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const spec of records) {
    const folder = path.join(dir, spec.id);
    await mkdir(path.join(folder, 'datasets'), { recursive: true });
    if (spec.dataciteRaw !== undefined) await writeFile(path.join(folder, 'datacite.json'), spec.dataciteRaw);
    else if (spec.datacite !== undefined) await writeFile(path.join(folder, 'datacite.json'), JSON.stringify(spec.datacite, null, 2));
    if (spec.dataciteXml !== undefined) await writeFile(path.join(folder, 'datacite.xml'), spec.dataciteXml);
    if (spec.experimentRaw !== undefined) await writeFile(path.join(folder, 'experiment.json'), spec.experimentRaw);
    else if (spec.experiment !== undefined) await writeFile(path.join(folder, 'experiment.json'), JSON.stringify(spec.experiment, null, 2));
    if (spec.description !== undefined) await writeFile(path.join(folder, 'description.md'), spec.description);
    for (const [datasetId, lines] of Object.entries(spec.listings ?? {})) {
      await writeLines(path.join(folder, 'datasets', `${datasetId}.jsonl`), lines);
    }
  }
  return dir;
}

/** Writes JSON Lines with backpressure, so a listing of any length costs constant memory. */
export async function writeLines(file: string, lines: Iterable<unknown> | AsyncIterable<unknown>): Promise<void> {
  const out = createWriteStream(file);
  for await (const line of lines) {
    if (!out.write((typeof line === 'string' ? line : JSON.stringify(line)) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Deterministic stand-in checksum: the files do not exist, so hash a seed string. */
export function fakeSha256(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** N datafile lines of a rotation sweep, generated lazily. */
export function* sweepFiles(prefix: string, n: number, options: { start?: number; width?: number; size?: number } = {}): Generator<Record<string, unknown>> {
  const { start = 0, width = 0.1, size = 6_224_107 } = options;
  for (let i = 1; i <= n; i++) {
    const name = `images/${prefix}_${String(i).padStart(5, '0')}.cbf`;
    yield {
      path: name,
      size: size + (i % 97),
      sha256: fakeSha256(`${prefix}/${name}`),
      mediaType: 'application/x-cbf',
      key: `fixture/${prefix}/${name}`,
      technical: { oscillation_start_deg: round(start + (i - 1) * width), oscillation_width_deg: width, exposure_time_s: 0.02 },
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const ORCID_CARBERRY = 'https://orcid.org/0000-0002-1825-0097'; // ORCID's own fictional test person

export function fixtureDataCite(doi: string, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    doi,
    creators: [
      {
        name: 'Carberry, Josiah',
        nameType: 'Personal',
        givenName: 'Josiah',
        familyName: 'Carberry',
        nameIdentifiers: [{ nameIdentifier: ORCID_CARBERRY, nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
        affiliation: [{ name: 'Diamond Light Source', affiliationIdentifier: 'https://ror.org/05etxs293', affiliationIdentifierScheme: 'ROR' }],
      },
    ],
    titles: [{ title }],
    publisher: { name: 'Aperture Fixture Facility' },
    publicationYear: 2024,
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'Diffraction images' },
    subjects: [{ subject: 'macromolecular crystallography' }],
    dates: [
      { date: '2024-03-01', dateType: 'Issued' },
      { date: '2023-11-20/2023-11-21', dateType: 'Collected' },
    ],
    rightsList: [
      {
        rights: 'Creative Commons Attribution 4.0 International',
        rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode',
        rightsIdentifier: 'CC-BY-4.0',
        rightsIdentifierScheme: 'SPDX',
        schemeUri: 'https://spdx.org/licenses/',
      },
    ],
    descriptions: [
      {
        description: 'Rotation diffraction images of a tetragonal lysozyme crystal, written for Aperture tests; no real experiment.',
        descriptionType: 'Abstract',
      },
    ],
    relatedIdentifiers: [
      { relatedIdentifier: '10.2210/pdb1lyz/pdb', relatedIdentifierType: 'DOI', relationType: 'References', resourceTypeGeneral: 'Dataset' },
      { relatedIdentifier: '20124692', relatedIdentifierType: 'PMID', relationType: 'References' },
    ],
    fundingReferences: [{ funderName: 'Wellcome Trust', funderIdentifier: 'https://doi.org/10.13039/100004440', funderIdentifierType: 'Crossref Funder ID' }],
    ...extra,
  };
}

export function fixtureExperiment(release: Record<string, unknown>, datasets: Array<Record<string, unknown>> = []): Record<string, unknown> {
  return {
    release: { releasedOn: '2024-03-01', ...release },
    facility: 'Fixture Light Source',
    instrument: 'FX1',
    technique: { name: 'macromolecular crystallography', panet: 'PaNET01245' },
    proposal: 'FX-0001',
    collected: { start: '2023-11-20', end: '2023-11-21' },
    datasets,
  };
}

export function sweepDataset(id: string, n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const files = [...sweepFiles(id, n)];
  return {
    id,
    title: `Rotation sweep ${id}`,
    description: null,
    kind: 'raw',
    derivedFrom: null,
    hitRate: null,
    fileCount: n,
    totalBytes: files.reduce((sum, f) => sum + Number(f.size), 0),
    technical: { detector: 'PILATUS 6M', wavelength_angstrom: 0.9763, distance_mm: 250, frames: n },
    bundles: [],
    listing: `datasets/${id}.jsonl`,
    ...extra,
  };
}

/** A valid, released MX record: two sweeps of `n` files each. */
export function releasedMxSpec(id = 'fixture-released', doi = '10.5072/aperture-released-fixture', n = 5): FixtureSpec {
  return {
    id,
    datacite: fixtureDataCite(doi, `Lysozyme rotation data ${id}`),
    description: '## Sample\n\nHen egg-white lysozyme, **tetragonal** form.\n\n| sweep | frames |\n| --- | --- |\n| sweep-1 | 5 |\n\nSee [the PDB entry](https://www.rcsb.org/structure/1LYZ).\n',
    experiment: fixtureExperiment({ state: 'released' }, [sweepDataset('sweep-1', n), sweepDataset('sweep-2', n)]),
    listings: { 'sweep-1': sweepFiles('sweep-1', n), 'sweep-2': sweepFiles('sweep-2', n) },
  };
}

export function metadataOnlySpec(id = 'fixture-embargoed'): FixtureSpec {
  return {
    ...releasedMxSpec(id, '10.5072/aperture-embargoed-fixture', 3),
    experiment: fixtureExperiment({ state: 'metadata-only', filesAvailableFrom: '2028-06-30' }, [sweepDataset('sweep-1', 3)]),
    listings: { 'sweep-1': sweepFiles('sweep-1', 3) },
  };
}

export function withdrawnSpec(id = 'fixture-withdrawn'): FixtureSpec {
  return {
    ...releasedMxSpec(id, '10.5072/aperture-withdrawn-fixture', 3),
    experiment: fixtureExperiment(
      { state: 'withdrawn', withdrawnOn: '2024-09-15', withdrawalReason: 'Sample identity could not be confirmed.' },
      [sweepDataset('sweep-1', 3)],
    ),
    listings: { 'sweep-1': sweepFiles('sweep-1', 3) },
  };
}

/** Grep-able markers: neither may appear anywhere in a build's output. */
export const UNRELEASED_DOI = '10.5072/aperture-unreleased-fixture';
export const UNRELEASED_TITLE = 'Unreleased: Cryo structure of fixture protein QZX';

export function unpublishedSpec(id = 'fixture-unreleased'): FixtureSpec {
  return {
    id,
    datacite: fixtureDataCite(UNRELEASED_DOI, UNRELEASED_TITLE),
    description: `# ${UNRELEASED_TITLE}\n\nNot yet public.\n`,
    experiment: fixtureExperiment({ state: 'unpublished', releasedOn: null }, [sweepDataset('sweep-1', 3)]),
    listings: { 'sweep-1': sweepFiles('sweep-1', 3) },
  };
}

/** Every payload the renderer must keep inert. */
export const HOSTILE = {
  script: '</script><script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  js: 'javascript:alert(1)',
  comment: '<!--<script>',
} as const;
const hostileText = `${HOSTILE.script} ${HOSTILE.img} ${HOSTILE.comment} "quoted' &amp;`;

/**
 * Every text field carries markup and script payloads, yet the record is VALID, so it is
 * rendered: the test is that the output is inert. `javascript:` appears as text and as
 * Markdown/HTML links in description.md (which the sanitizer must neutralise); metadata
 * link fields stay http(s) here because the validator leaves anything else out (see
 * hostileLinksSpec).
 */
export function hostileSpec(id = 'fixture-hostile', doi = '10.5072/aperture-hostile-fixture'): FixtureSpec {
  const person = {
    name: `Mallory, ${hostileText}`,
    nameType: 'Personal',
    givenName: hostileText,
    familyName: `Mallory ${HOSTILE.script}`,
    affiliation: [{ name: `Institute ${HOSTILE.img}` }],
  };
  return {
    id,
    datacite: fixtureDataCite(doi, `Hostile ${hostileText} ${HOSTILE.js}`, {
      creators: [person],
      contributors: [{ ...person, contributorType: 'DataCollector' }],
      publisher: { name: `Publisher ${HOSTILE.script}` },
      subjects: [{ subject: hostileText }, { subject: HOSTILE.js }],
      titles: [{ title: `Hostile ${hostileText} ${HOSTILE.js}` }, { title: HOSTILE.comment, titleType: 'Subtitle' }],
      descriptions: [{ description: `Abstract ${hostileText} ${HOSTILE.js} long enough to be a real description of something.`, descriptionType: 'Abstract' }],
      relatedIdentifiers: [
        { relatedIdentifier: `https://example.org/?q=${encodeURIComponent(HOSTILE.script)}`, relatedIdentifierType: 'URL', relationType: 'References' },
        { relatedIdentifier: `10.1234/${HOSTILE.script}`, relatedIdentifierType: 'DOI', relationType: 'IsCitedBy' },
      ],
      fundingReferences: [{ funderName: `Funder ${HOSTILE.script}`, awardTitle: hostileText, awardNumber: HOSTILE.img }],
      version: HOSTILE.comment,
    }),
    description: [
      `# Heading ${HOSTILE.script}`,
      '',
      `Paragraph ${HOSTILE.img} ${HOSTILE.comment}`,
      '',
      `[click me](${HOSTILE.js}) and <a href="${HOSTILE.js}">raw</a> and ![img](${HOSTILE.js})`,
      '',
      '<script>alert(1)</script><iframe src="https://example.org"></iframe>',
      '',
    ].join('\n'),
    experiment: {
      ...fixtureExperiment({ state: 'released' }, [
        {
          ...sweepDataset('sweep-1', 2),
          title: `Dataset ${hostileText}`,
          description: `Dataset description ${HOSTILE.script} ${HOSTILE.js}`,
          totalBytes: 3,
        },
      ]),
      facility: `Facility ${HOSTILE.script}`,
      instrument: `Beamline ${HOSTILE.img}`,
      technique: { name: `Technique ${HOSTILE.comment}`, panet: null },
      proposal: `P ${HOSTILE.script}`,
    },
    listings: {
      'sweep-1': [
        { path: 'images/a_00001.cbf', size: 1, sha256: fakeSha256('h1'), mediaType: 'application/x-cbf', key: 'hostile/a_00001.cbf', technical: { detector: HOSTILE.script } },
        { path: 'images/<img src=x onerror=alert(1)>.cbf', size: 2, sha256: fakeSha256('h2'), mediaType: 'application/x-cbf', key: 'hostile/"><script>alert(1)</script>.cbf' },
      ],
    },
  };
}

/**
 * Every link-bearing property of a DataCite record, each holding its own unsafe URL
 * (`javascript:`, `data:`, `vbscript:`, `file:` in turn), keyed by JSON pointer. Each value
 * carries a marker (`xunsafe07`) that survives any escaping, so a test can look for it in
 * every output file.
 */
export const UNSAFE_LINKS: Record<string, string> = Object.fromEntries(
  [
    '/url',
    '/creators/0/nameIdentifiers/0/nameIdentifier',
    '/creators/0/nameIdentifiers/0/schemeUri',
    '/creators/0/affiliation/0/affiliationIdentifier',
    '/creators/0/affiliation/0/schemeUri',
    '/contributors/0/nameIdentifiers/0/nameIdentifier',
    '/contributors/0/affiliation/0/affiliationIdentifier',
    '/publisher/publisherIdentifier',
    '/publisher/schemeUri',
    '/fundingReferences/0/funderIdentifier',
    '/fundingReferences/0/schemeUri',
    '/fundingReferences/0/awardUri',
    '/subjects/0/valueUri',
    '/subjects/0/schemeUri',
    '/relatedIdentifiers/0/relatedIdentifier',
    '/relatedIdentifiers/0/schemeUri',
    '/relatedItems/0/relatedItemIdentifier/relatedItemIdentifier',
    '/relatedItems/0/relatedItemIdentifier/schemeUri',
    '/alternateIdentifiers/0/alternateIdentifier',
    '/rightsList/0/rightsUri',
    '/rightsList/0/schemeUri',
    '/rightsList/0/rightsIdentifier',
  ].map((pointer, i) => {
    const marker = `xunsafe${String(i).padStart(2, '0')}`;
    const value = [`javascript:alert('${marker}')`, `data:text/html,<script>${marker}</script>`, `vbscript:msgbox(${marker})`, `file:///etc/${marker}`][i % 4];
    return [pointer, value];
  }),
);

/**
 * An unsafe URL in every metadata link field (UNSAFE_LINKS): the record is published all the
 * same — a registered DOI keeps its page — with each of those values left out of every output.
 */
export function hostileLinksSpec(id = 'fixture-hostile-links'): FixtureSpec {
  const spec = hostileSpec(id, '10.5072/aperture-hostile-links-fixture');
  const link = (pointer: string) => UNSAFE_LINKS[pointer]!;
  const person = (at: string) => ({
    name: 'Carberry, Josiah',
    nameType: 'Personal',
    nameIdentifiers: [{ nameIdentifier: link(`${at}/nameIdentifiers/0/nameIdentifier`), nameIdentifierScheme: 'ORCID', schemeUri: UNSAFE_LINKS[`${at}/nameIdentifiers/0/schemeUri`] ?? 'https://orcid.org' }],
    affiliation: [{ name: 'Fixture Institute', affiliationIdentifier: link(`${at}/affiliation/0/affiliationIdentifier`), affiliationIdentifierScheme: 'ROR', ...(UNSAFE_LINKS[`${at}/affiliation/0/schemeUri`] ? { schemeUri: link(`${at}/affiliation/0/schemeUri`) } : {}) }],
  });
  return {
    ...spec,
    datacite: {
      ...spec.datacite!,
      url: link('/url'),
      creators: [person('/creators/0')],
      contributors: [{ ...person('/contributors/0'), contributorType: 'DataCollector' }],
      publisher: { name: 'Fixture Publisher', publisherIdentifier: link('/publisher/publisherIdentifier'), publisherIdentifierScheme: 'ROR', schemeUri: link('/publisher/schemeUri') },
      fundingReferences: [{ funderName: 'Funder', funderIdentifier: link('/fundingReferences/0/funderIdentifier'), funderIdentifierType: 'ROR', schemeUri: link('/fundingReferences/0/schemeUri'), awardNumber: 'A-1', awardUri: link('/fundingReferences/0/awardUri') }],
      subjects: [{ subject: 'keyword', subjectScheme: 'Fixture', schemeUri: link('/subjects/0/schemeUri'), valueUri: link('/subjects/0/valueUri') }],
      relatedIdentifiers: [{ relatedIdentifier: link('/relatedIdentifiers/0/relatedIdentifier'), relatedIdentifierType: 'URL', relationType: 'References', schemeUri: link('/relatedIdentifiers/0/schemeUri') }],
      relatedItems: [
        {
          relationType: 'IsPublishedIn',
          relatedItemType: 'Journal',
          relatedItemIdentifier: { relatedItemIdentifier: link('/relatedItems/0/relatedItemIdentifier/relatedItemIdentifier'), relatedItemIdentifierType: 'URL', schemeUri: link('/relatedItems/0/relatedItemIdentifier/schemeUri') },
          titles: [{ title: 'Journal of Fixtures' }],
        },
      ],
      alternateIdentifiers: [{ alternateIdentifier: link('/alternateIdentifiers/0/alternateIdentifier'), alternateIdentifierType: 'URL' }],
      rightsList: [{ rights: `Licence ${HOSTILE.img}`, rightsUri: link('/rightsList/0/rightsUri'), schemeUri: link('/rightsList/0/schemeUri'), rightsIdentifier: link('/rightsList/0/rightsIdentifier') }],
    },
  };
}

/** datacite.json with a syntax error on line 3. */
export function malformedJsonSpec(id = 'fixture-malformed'): FixtureSpec {
  return {
    ...releasedMxSpec(id, '10.5072/aperture-malformed-fixture', 1),
    datacite: undefined,
    dataciteRaw: '{\n  "doi": "10.5072/aperture-malformed-fixture",\n  "titles": [ { "title": "Broken" } ]\n  "creators": []\n}\n',
  };
}

/** Parses, but violates the DataCite schema: no creators, no titles, publicationYear not a year. */
export function schemaViolatingSpec(id = 'fixture-schema-violation'): FixtureSpec {
  const datacite = fixtureDataCite('10.5072/aperture-schema-fixture', 'x');
  delete datacite.creators;
  return { ...releasedMxSpec(id, '10.5072/aperture-schema-fixture', 1), datacite: { ...datacite, titles: [], publicationYear: 'soon' } };
}

export function unknownLicenceSpec(id = 'fixture-unknown-licence'): FixtureSpec {
  return {
    ...releasedMxSpec(id, '10.5072/aperture-licence-fixture', 1),
    datacite: fixtureDataCite('10.5072/aperture-licence-fixture', 'Record under a home-grown licence', {
      rightsList: [{ rights: 'Fixture Facility Data Licence v2', rightsIdentifier: 'FFDL-2', rightsIdentifierScheme: 'SPDX' }],
    }),
  };
}

/** Same DOI as `doi` but in a different case: DOIs are case-insensitive, so this duplicates it. */
export function duplicateDoiSpec(doi = '10.5072/aperture-released-fixture', id = 'fixture-duplicate-doi'): FixtureSpec {
  return releasedMxSpec(id, doi.toUpperCase(), 1);
}

/** A released record whose one dataset has `n` files, streamed (never built as an array). */
export function bigDatasetSpec(n: number, id = 'fixture-big'): FixtureSpec {
  const spec = releasedMxSpec(id, '10.5072/aperture-big-fixture', 1);
  let total = 0;
  for (let i = 1; i <= n; i++) total += 6_224_107 + (i % 97);
  return {
    ...spec,
    experiment: fixtureExperiment({ state: 'released' }, [
      { ...sweepDataset('sweep-1', 1), title: `Large sweep of ${n} images`, fileCount: n, totalBytes: total, technical: { frames: n } },
    ]),
    listings: { 'sweep-1': sweepFiles('sweep-1', n) },
  };
}

/** Every record a source yields, for tests that look at the whole catalogue at once. */
export async function collectExperiments(source: CatalogueSource, sink = new DiagnosticSink()): Promise<RawExperiment[]> {
  const out: RawExperiment[] = [];
  for await (const record of source.experiments(sink)) out.push(record);
  return out;
}
