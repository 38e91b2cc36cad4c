/**
 * Issue 12's classes, one reproduction each and the neighbours of each: what a curator
 * sees when the catalogue is hostile or broken. Every case ends in a diagnostic naming
 * the cause or in correct output, never in an exception.
 */
import { mkdtemp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { filesystemSource } from '../../../src/catalogue/filesystem-source.ts';
import { dataciteFolderSource } from '../../../src/catalogue/datacite-folder-source.ts';
import { readDataCite } from '../../../src/catalogue/read-datacite.ts';
import { parseJsonText } from '../../../src/catalogue/json-text.ts';
import { validateCatalogue, validDatafiles } from '../../../src/validate/validate-catalogue.ts';
import { validateDataCite } from '../../../src/validate/datacite.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { fakeSha256, fixtureDataCite, releasedMxSpec, writeFixtureCatalogue } from '../../helpers/catalogue-fixtures.ts';
import { xmlRecord } from '../../fuzz/arbitraries.ts';
import { runCli } from '../../helpers/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aperture-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function read(text: string | Buffer, format: 'json' | 'xml' = 'json') {
  const sink = new DiagnosticSink();
  const raw = readDataCite(text, format, sink);
  const attrs = raw === undefined ? null : validateDataCite(raw, sink);
  return { raw: raw as Record<string, unknown> | undefined, attrs, sink, codes: sink.list.map((d) => d.code) };
}

const record = (extra: Record<string, unknown> = {}) => JSON.stringify(fixtureDataCite('10.5072/fixture', 'A title', extra));

async function catalogueOf(name: string, specs: Parameters<typeof writeFixtureCatalogue>[1]) {
  const root = await writeFixtureCatalogue(path.join(dir, name), specs);
  const source = filesystemSource(root);
  const sink = new DiagnosticSink();
  const out = [];
  for await (const v of validateCatalogue(source, sink)) out.push(v);
  return { root, source, sink, records: out };
}

describe('class 1: one record never aborts the others', () => {
  test.each(['10.5072/sp%20x', '10.5072/sp%0ax', '10.5072/sp%09', '10.5072/sp%E2%80%A8'])('a DOI with percent-encoded whitespace (%s) is published exactly as written', async (doi) => {
    const { records, sink } = await catalogueOf(`pct-${doi.length}-${doi.slice(-3)}`, [releasedMxSpec('a', doi, 1), releasedMxSpec('b', '10.5072/other', 1)]);
    expect(sink.errors()).toEqual([]);
    expect(records.map((r) => r.record?.doi)).toEqual([doi.toLowerCase(), '10.5072/other']);
    expect(records[0].record!.slug).toMatch(/^10\.5072\/sp~25/);
  });

  test.each(['titles', 'creators', 'unknownThing'])('JSON nested 5,000 levels deep in %s is catalogue/too-deep', (key) => {
    const text = record().replace(/}$/, `,"${key}":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const { raw, codes } = read(text);
    expect(raw).toBeUndefined();
    expect(codes).toEqual(['catalogue/too-deep']);
  });

  test('a listing that names a folder is listing-missing, and the other dataset still reads', async () => {
    const spec = releasedMxSpec('lst', '10.5072/lst', 2);
    const root = await writeFixtureCatalogue(path.join(dir, 'eisdir'), [spec]);
    const experiment = JSON.parse(JSON.stringify(spec.experiment));
    const dataset = (experiment.datasets as Array<Record<string, unknown>>)[0];
    dataset.listing = 'datasets/folder.jsonl';
    await mkdir(path.join(root, 'lst', 'datasets', 'folder.jsonl'));
    await writeFile(path.join(root, 'lst', 'experiment.json'), JSON.stringify(experiment));
    const sink = new DiagnosticSink();
    const files = [];
    for await (const f of filesystemSource(root).datafiles('lst', String(dataset.id), sink)) files.push(f);
    expect(files).toEqual([]);
    expect(sink.list.map((d) => [d.code, d.message])).toEqual([['catalogue/listing-missing', expect.stringContaining('it is a folder')]]);
  });
});

describe('class 3: only files inside the record folder are read', () => {
  const SECRET = 'AWS_SECRET_ACCESS_KEY=outside-the-catalogue';

  test('a metadata file linked out of its folder is not read, so what it points at is never published', async () => {
    const secret = path.join(dir, 'secret.txt');
    await writeFile(secret, SECRET);
    const root = await writeFixtureCatalogue(path.join(dir, 'links-out'), [
      releasedMxSpec('desc', '10.5072/desc', 1),
      releasedMxSpec('meta', '10.5072/meta', 1),
      releasedMxSpec('near', '10.5072/near', 1),
    ]);
    await rm(path.join(root, 'desc', 'description.md'));
    await symlink(secret, path.join(root, 'desc', 'description.md'));
    await rm(path.join(root, 'meta', 'datacite.json'));
    await symlink(path.join(root, 'near', 'datacite.json'), path.join(root, 'meta', 'datacite.json'));
    // A link that stays inside its own record folder is an ordinary input.
    await writeFile(path.join(root, 'near', 'notes.md'), 'Notes kept beside the record.');
    await rm(path.join(root, 'near', 'description.md'));
    await symlink('notes.md', path.join(root, 'near', 'description.md'));

    const sink = new DiagnosticSink();
    const records = [];
    for await (const v of validateCatalogue(filesystemSource(root), sink)) records.push(v);
    expect(JSON.stringify(records)).not.toContain(SECRET);
    expect(records.map((r) => [r.raw.id, r.record?.doi ?? null, r.raw.descriptionMarkdown])).toEqual([
      ['desc', '10.5072/desc', null],
      ['meta', null, expect.any(String)],
      ['near', '10.5072/near', 'Notes kept beside the record.'],
    ]);
    expect(sink.list.map((d) => [d.code, d.record, d.file])).toEqual([
      ['catalogue/link-outside', 'desc', 'desc/description.md'],
      ['catalogue/link-outside', 'meta', 'meta/datacite.json'],
    ]);
    expect(sink.list[0].message).toContain(secret);
  });

  test('a listing reached through a linked folder out of the record is not read', async () => {
    const outside = path.join(dir, 'outside-listings');
    const root = await writeFixtureCatalogue(path.join(dir, 'folder-link'), [releasedMxSpec('via', '10.5072/via', 1)]);
    await rm(outside, { recursive: true, force: true });
    await rename(path.join(root, 'via', 'datasets'), outside);
    await symlink(outside, path.join(root, 'via', 'datasets'));
    const source = filesystemSource(root);
    const sink = new DiagnosticSink();
    const lines = [];
    for await (const line of source.datafiles('via', 'sweep-1', sink)) lines.push(line.value);
    expect(lines).toEqual([]);
    expect(sink.list.map((d) => [d.code, d.file])).toEqual([['catalogue/link-outside', 'via/datasets/sweep-1.jsonl']]);
  });

  test('a listing that is a FIFO is reported, not read forever, and the next dataset still reads', async () => {
    const root = await writeFixtureCatalogue(path.join(dir, 'fifo'), [releasedMxSpec('pipe', '10.5072/pipe', 2)]);
    await rm(path.join(root, 'pipe', 'datasets', 'sweep-1.jsonl'));
    execFileSync('mkfifo', [path.join(root, 'pipe', 'datasets', 'sweep-1.jsonl')]);
    const source = filesystemSource(root);
    const sink = new DiagnosticSink();
    const lines = [];
    for (const dataset of ['sweep-1', 'sweep-2']) for await (const line of source.datafiles('pipe', dataset, sink)) lines.push(line.value);
    expect(lines).toHaveLength(2);
    expect(sink.list.map((d) => [d.code, d.file, d.message])).toEqual([
      ['catalogue/listing-missing', 'pipe/datasets/sweep-1.jsonl', expect.stringContaining('it is a FIFO')],
    ]);
  });
});

describe('class 2: text is decoded and cleaned once', () => {
  test('XML character references are decoded, and the exported XML holds the character once escaped', () => {
    const { attrs } = read(xmlRecord('Num&#233;rique &amp; &#x1F600;', 'c', ''), 'xml');
    expect(attrs!.titles[0].title).toBe('Numérique & 😀');
    const xml = toDataCiteXml(attrs!);
    expect(xml).toContain('Numérique &amp; 😀');
    expect(xml).not.toContain('&#233;');
  });

  test.each([
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xmlRecord('Größe', 'c', '').replace('UTF-8', 'UTF-16'), 'utf16le')])],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xmlRecord('Größe', 'c', '').replace('UTF-8', 'UTF-16'), 'utf16le').swap16()])],
    ['ISO-8859-1 by its declaration', Buffer.from(xmlRecord('Größe', 'c', '').replace('UTF-8', 'ISO-8859-1'), 'latin1')],
  ])('%s is decoded', (_, bytes) => {
    expect(read(bytes, 'xml').attrs!.titles[0].title).toBe('Größe');
  });

  const listingText = ['{"path":"Größe_1.cbf"}', '{"path":"b.cbf"}', ''].join('\r\n');
  test.each([
    ['UTF-16LE with a BOM (PowerShell 5\'s Out-File)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(listingText, 'utf16le')])],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(listingText, 'utf16le').swap16()])],
    ['UTF-16LE without a BOM', Buffer.from(listingText, 'utf16le')],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(listingText)])],
  ])('a listing in %s is read line by line, every file kept', async (name, bytes) => {
    const file = path.join(dir, `listing-${name.replace(/\W+/g, '-')}.jsonl`);
    await writeFile(file, bytes);
    const { readListing } = await import('../../../src/catalogue/listing-stream.ts');
    const sink = new DiagnosticSink();
    const lines = [];
    for await (const l of readListing(file, 'x.jsonl', sink)) lines.push(l.value);
    expect(lines).toEqual([{ path: 'Größe_1.cbf' }, { path: 'b.cbf' }]);
    expect(sink.list).toEqual([]);
  });

  test('a UTF-16 listing cut inside a character keeps the lines before and reports the rest, once', async () => {
    const file = path.join(dir, 'listing-utf16-cut.jsonl');
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"path":"a.cbf"}\n{"path":"b', 'utf16le'), Buffer.from([0x2e])]));
    const { readListing } = await import('../../../src/catalogue/listing-stream.ts');
    const sink = new DiagnosticSink();
    const lines = [];
    for await (const l of readListing(file, 'x.jsonl', sink)) lines.push(l.value);
    expect(lines).toEqual([{ path: 'a.cbf' }]);
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/undecodable-text']);
  });

  test('bytes that are not UTF-8 are refused, not garbled', () => {
    const bytes = Buffer.from(xmlRecord('Größe', 'c', ''), 'latin1'); // declared UTF-8, written Latin-1
    const { raw, sink } = read(bytes, 'xml');
    expect(raw).toBeUndefined();
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/undecodable-text' });
  });

  test('text that is UTF-8 read as Latin-1 or Windows-1252 is reported once, and published as written', () => {
    // A real nanoHUB record's creator is "PatiÃ±o, Carlos" (Patiño).
    const { attrs, sink } = read(record({ creators: [{ name: 'PatiÃ±o, Carlos' }], titles: [{ title: 'Itâ€™s a CafÃ© Ã  Paris' }] }));
    expect(attrs!.creators[0].name).toBe('PatiÃ±o, Carlos');
    const garbled = sink.list.filter((d) => d.code === 'catalogue/garbled-text');
    expect(garbled).toHaveLength(1);
    expect(garbled[0]).toMatchObject({ severity: 'warning', pointer: '/creators/0/name' });
    expect(garbled[0].message).toContain('PatiÃ±o');
    // Genuine Portuguese, French and typographic text is not.
    const clean = read(record({ titles: [{ title: 'SÃO PAULO, CÂBLE, À la carte – “quoted” São Tomé, ÃÂ' }] }));
    expect(clean.sink.list.filter((d) => d.code === 'catalogue/garbled-text')).toEqual([]);
  });

  test('control characters and non-characters are removed with one warning, and text is NFC', () => {
    const { attrs, sink } = read(record({ titles: [{ title: 'Cafe\u0301\u0000 \u001b[2J\u0085x\uFFFE' }] }));
    expect(attrs!.titles[0].title).toBe('Café [2Jx');
    expect(sink.list.filter((d) => d.code === 'catalogue/text-cleaned')).toHaveLength(1);
    expect(sink.list.find((d) => d.code === 'catalogue/text-cleaned')!.pointer).toBe('/titles/0/title');
  });
  test('bidirectional overrides and isolates are removed from metadata with one warning; marks stay, and right-to-left text is kept', () => {
    const { attrs, sink } = read(
      record({
        titles: [{ title: 'Photo \u202Egnp.exe\u202C of the crystal' }, { title: 'بيانات \u2067ID23-1\u2069 الحيود\u200F', titleType: 'TranslatedTitle' }],
        creators: [{ name: 'Evil\u202E, Name' }],
      }),
    );
    expect(attrs!.titles[0].title).toBe('Photo gnp.exe of the crystal');
    expect(attrs!.titles[1].title).toBe('بيانات ID23-1 الحيود\u200F');
    expect(attrs!.creators[0].name).toBe('Evil, Name');
    const bidi = sink.list.filter((d) => d.code === 'catalogue/bidi-controls');
    expect(bidi).toHaveLength(1);
    expect(bidi[0]).toMatchObject({ severity: 'warning', pointer: '/creators/0/name' });
    expect(bidi[0].message).toMatch(/^3 text values/);
  });
});

describe('class 4: identity does not change on the way', () => {
  test('a%2Fb and a/b are two DOIs; a Kelvin-sign look-alike is refused', async () => {
    const { records, sink } = await catalogueOf('identity', [
      releasedMxSpec('a', '10.5072/a/b', 1),
      releasedMxSpec('b', '10.5072/a%2Fb', 1),
      releasedMxSpec('c', '10.5072/\u212Aelvin', 1),
      releasedMxSpec('d', '10.5072/kelvin', 1),
    ]);
    expect(records.map((r) => r.record?.doi ?? null)).toEqual(['10.5072/a/b', '10.5072/a%2fb', null, '10.5072/kelvin']);
    expect(sink.list.filter((d) => d.severity === 'error').map((d) => [d.record, d.code])).toEqual([['c', 'doi/non-ascii']]);
  });

  test('DataCite XML keeps a non-ASCII DOI as written (no Unicode lower-casing), so it is diagnosed', () => {
    const { raw, codes } = read(xmlRecord('t', 'c', '').replace('10.5072/fuzz', '10.5072/\u212Aelvin'), 'xml');
    expect(raw!.doi).toBe('10.5072/\u212Aelvin');
    expect(codes).toContain('doi/non-ascii');
  });

  const line = (p: string, i: number) => ({ path: p, size: 1, sha256: fakeSha256(p), mediaType: 'application/x-cbf', key: `k/${i}.cbf` });
  test('colliding and unsafe paths in one dataset are reported with their cause', async () => {
    const paths = ['a', 'a', './b', 'c//d', 'e/f', 'E/f', 'g', 'g/h', 'C:/x', 'back\\slash', 'rtl\u202Etxt.exe', 'dot.', 'ok'];
    const spec = releasedMxSpec('paths', '10.5072/paths', 0);
    spec.listings = { [Object.keys(spec.listings!)[0]]: paths.map(line) };
    const { source, records } = await catalogueOf('paths', [spec]);
    const sink = new DiagnosticSink();
    const kept = [];
    for await (const f of validDatafiles(source, records[0].record!, records[0].record!.datasets[0].id, sink)) kept.push(f.path);
    expect(kept).toEqual(['a', 'e/f', 'E/f', 'g', 'ok']);
    const byLine = sink.list.map((d) => [d.pointer, d.code, d.severity]);
    expect(byLine).toEqual([
      ['2:1', 'catalogue/path-collision', 'error'],
      ['3:1', 'catalogue/path-unsafe', 'error'],
      ['4:1', 'catalogue/path-unsafe', 'error'],
      ['6:1', 'catalogue/path-collision', 'warning'],
      ['8:1', 'catalogue/path-collision', 'error'],
      ['9:1', 'catalogue/path-unsafe', 'error'],
      ['10:1', 'catalogue/path-unsafe', 'error'],
      ['11:1', 'catalogue/path-unsafe', 'error'],
      ['12:1', 'catalogue/path-unsafe', 'error'],
    ]);
    expect(sink.list[5].message).toContain('Windows drive');
    expect(sink.list[6].message).toContain('backslash');
    expect(sink.list[6].message).not.toContain('..');
    expect(sink.list[7].message).toContain('bidirectional');
  });

  test('a listing of garbage lines reports its first 20 bad lines and one summary, not one diagnostic per line', async () => {
    const spec = releasedMxSpec('garbage', '10.5072/garbage', 0);
    const datasetId = Object.keys(spec.listings!)[0];
    spec.listings = { [datasetId]: [line('ok', 0)] };
    const { source, records } = await catalogueOf('garbage', [spec]);
    // A CSV saved under the listing's name, with one JSON line that is no datafile among its lines.
    const csv = Array.from({ length: 200 }, (_, i) => (i === 150 ? '{"path":"x","size":-1}' : `run_${i}.cbf,1024,${i}`));
    await writeFile(path.join(dir, 'garbage', 'garbage', 'datasets', `${datasetId}.jsonl`), [JSON.stringify(line('ok', 0)), ...csv].join('\n'));
    const sink = new DiagnosticSink();
    const kept = [];
    for await (const f of validDatafiles(source, records[0].record!, datasetId, sink)) kept.push(f.path);
    expect(kept).toEqual(['ok']);
    expect(sink.list.slice(0, 20).map((d) => [d.record, d.file, d.pointer?.replace(/:\d+$/, '')])).toEqual(
      Array.from({ length: 20 }, (_, i) => ['garbage', `garbage/datasets/${datasetId}.jsonl`, String(i + 2)]),
    );
    expect(sink.list.slice(20)).toEqual([
      expect.objectContaining({ code: 'catalogue/listing-problems', severity: 'error', record: 'garbage', file: `garbage/datasets/${datasetId}.jsonl`, pointer: '22:1' }),
    ]);
    expect(sink.list[20].message).toMatch(/200 listing lines have problems.*on 180 more line\(s\), lines 22 to 201/);
  });
});

describe('class 5: values the outputs cannot carry', () => {
  test('duplicate JSON keys are an error, not last-wins', () => {
    const { raw, sink } = read('{"doi":"10.5072/x","doi":"10.5072/y"}');
    expect(raw).toBeUndefined();
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/duplicate-key', pointer: '1:20' });
  });

  test.each([
    ['deep in an array of objects', '{"a":[{"x":1},{"y":{"k":1,"k":2}}]}', '1:27'],
    ['written with an escape', '{"titles":[],"\\u0074itles":[]}', '1:14'],
    ['__proto__', '{"__proto__":1,"__proto__":2}', '1:16'],
  ])('a key repeated %s is found', (_, text, pointer) => {
    const sink = new DiagnosticSink();
    expect(parseJsonText(text, sink)).toEqual({ ok: false });
    expect(sink.list[0]).toMatchObject({ code: 'catalogue/duplicate-key', pointer });
  });

  test('two keys that are one key once cleaned are a duplicate: an unpublished record is not published by "state\\u0000"', async () => {
    const spec = releasedMxSpec('twice', '10.5072/twice', 1);
    const experimentRaw = JSON.stringify(spec.experiment).replace('"state":"released"', '"state":"unpublished","state\\u0000":"released"');
    const { records, sink } = await catalogueOf('cleaned-keys', [{ ...spec, experimentRaw }, releasedMxSpec('other', '10.5072/other', 1)]);
    expect(records.map((r) => [r.raw.id, r.record?.release.state ?? null])).toEqual([['other', 'released'], ['twice', null]]);
    expect(sink.list.map((d) => [d.code, d.record, d.file, d.pointer])).toEqual([['catalogue/duplicate-key', 'twice', 'twice/experiment.json', '/release/state']]);
    // A key composed and decomposed is one key after NFC.
    const { raw, codes } = read(record({ types: { resourceTypeGeneral: 'Dataset', 'caf\u00e9': 1, 'cafe\u0301': 2 } }));
    expect(raw).toBeUndefined();
    expect(codes).toEqual(['catalogue/duplicate-key']);
  });

  test('a __proto__ key stays a key: strict checks report it and no value is read through it', async () => {
    const spec = releasedMxSpec('proto', '10.5072/proto', 1);
    const experiment = structuredClone(spec.experiment) as Record<string, unknown>;
    delete experiment.facility;
    const experimentRaw = JSON.stringify(experiment).replace(/^\{/, '{"__proto__":{"facility":"Smuggled Light Source"},');
    const { records, sink } = await catalogueOf('proto-key', [{ ...spec, experimentRaw }]);
    expect(records[0].record).toBeNull();
    expect(sink.list.map((d) => [d.code, d.message])).toEqual([['catalogue/experiment-invalid', expect.stringContaining('"__proto__"')]]);
    expect((records[0].raw.experiment as Record<string, unknown>).facility).toBeUndefined();
  });

  test('colons and key-like text inside strings are not members', () => {
    const sink = new DiagnosticSink();
    expect(parseJsonText('{"a":"b:\\"a\\":1","c":{"a":":"}}', sink)).toEqual({ ok: true, value: { a: 'b:"a":1', c: { a: ':' } } });
    expect(sink.list).toEqual([]);
  });

  test('a language that is not a language tag is an error; a POSIX locale (en_US) is a warning and kept', () => {
    expect(read(record({ language: 'en US' })).codes).toContain('datacite/language');
    const locale = read(record({ language: 'en_US' }));
    expect(locale.codes).toContain('datacite/language-underscore');
    expect(locale.codes).not.toContain('datacite/language');
    expect(locale.attrs?.language).toBe('en_US');
    expect(read(record({ titles: [{ title: 't', lang: 'de DE' }] })).codes).toContain('datacite/language');
    expect(read(record({ language: 'en-GB' })).attrs).not.toBeNull();
  });

  test.each([
    ['two root elements', xmlRecord('t', 'c', '') + '<resource/>'],
    ['a foreign namespace on the root', xmlRecord('t', 'c', '').replace('http://datacite.org/schema/kernel-4', 'http://evil.example/ns')],
    ['an attribute given twice', xmlRecord('t', 'c', '').replace('<title>', '<title titleType="Other" titleType="Subtitle">')],
    ['an unknown entity', xmlRecord('t &nope; x', 'c', '')],
  ])('malformed XML (%s) is catalogue/malformed-xml', (_, xml) => {
    const { raw, sink } = read(xml, 'xml');
    expect(raw).toBeUndefined();
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/malformed-xml']);
    expect(sink.list[0].pointer).toMatch(/^\d+:\d+$/);
  });

  test('a record saved from the DataCite API publishes only metadata fields', () => {
    const api = { data: { id: '10.5072/fixture', type: 'dois', attributes: { ...JSON.parse(record()), xml: 'PD94bWwg'.repeat(1000), state: 'findable', viewCount: 12, isActive: true } } };
    const { attrs, codes } = read(JSON.stringify(api));
    expect(codes).toEqual([]);
    expect(Object.keys(attrs!)).not.toContain('xml');
    expect(Object.keys(attrs!)).not.toContain('state');
    expect(Object.keys(attrs!)).not.toContain('viewCount');
  });

  test('container.identifier is checked like any link', () => {
    expect(read(record({ container: { type: 'Series', identifier: 'javascript:alert(1)', identifierType: 'URL' } })).codes).toContain('link/unsafe-scheme');
  });
});

describe('limits: absurd input costs a diagnostic, not the machine', () => {
  test('100,000 creators stop at the 10,001st', () => {
    const creators = Array.from({ length: 100_000 }, (_, i) => ({ name: `P${i}` }));
    const { raw, codes } = read(record({ creators }));
    expect(raw).toBeUndefined();
    expect(codes).toEqual(['catalogue/too-deep']);
  });

  test('a 50 MB metadata file is not read', async () => {
    const folder = path.join(dir, 'big-file');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'huge.json'), record({ descriptions: [{ description: 'x'.repeat(50 * 1024 * 1024), descriptionType: 'Abstract' }] }));
    const sink = new DiagnosticSink();
    for await (const _ of dataciteFolderSource(folder).experiments(sink));
    expect(sink.list.map((d) => d.code)).toEqual(['catalogue/too-large']);
  });

  test('a listing line with a 50 MB path streams past and the next line is read', async () => {
    const file = path.join(dir, 'long-line.jsonl');
    const { readListing } = await import('../../../src/catalogue/listing-stream.ts');
    await writeFile(file, `{"path":"${'p'.repeat(50 * 1024 * 1024)}"}\n{"path":"ok"}\n`);
    const sink = new DiagnosticSink();
    const lines = [];
    for await (const l of readListing(file, 'x.jsonl', sink)) lines.push(l);
    expect(lines).toEqual([{ position: 2, file: 'x.jsonl', value: { path: 'ok' } }]);
    expect(sink.list.map((d) => [d.code, d.pointer])).toEqual([['catalogue/too-large', '1:1']]);
  });
});

describe('class 6: diagnostics name the real cause', () => {
  test('a bare DataCite file without dates gets the DataCite error, not a releasedOn one', async () => {
    const folder = path.join(dir, 'bare');
    await mkdir(folder, { recursive: true });
    const attrs = JSON.parse(record());
    delete attrs.publicationYear;
    delete attrs.dates;
    await writeFile(path.join(folder, 'one.json'), JSON.stringify(attrs));
    const sink = new DiagnosticSink();
    for await (const _ of validateCatalogue(dataciteFolderSource(folder), sink));
    expect(sink.errors().map((d) => d.message).join('\n')).not.toContain('releasedOn');
    expect(sink.errors().map((d) => d.pointer)).toContain('/publicationYear');
  });

  test('check reports a listing count mismatch, and never prints a terminal escape from a record', async () => {
    const spec = releasedMxSpec('esc', '10.5072/esc', 3);
    (spec.experiment!.datasets as Array<Record<string, unknown>>)[0].fileCount = 99;
    const root = await writeFixtureCatalogue(path.join(dir, 'check'), [spec]);
    await mkdir(path.join(root, 'bad\u001b[2Jname'));
    const run = await runCli(['check', '--catalogue', root], dir);
    expect(run.out).toContain('catalogue/listing-mismatch');
    expect(run.out).toContain('/datasets/0/fileCount');
    expect(run.out).toContain('bad\\u{1b}[2Jname');
    expect(run.out).not.toContain('\u001b');
  });

  test('convert reads UTF-16 XML and prints no control character from the record', async () => {
    const file = path.join(dir, 'rec.xml');
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xmlRecord('Title\u001b]0;pwned\u0007 \u009b2J', 'c', '').replace('UTF-8', 'UTF-16'), 'utf16le')]));
    const run = await runCli(['convert', file, '--to', 'ris'], dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain('TI  - Title]0;pwned 2J');
    expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(run.out)).toBe(false);
  });
});

describe('failure boundary of validation', () => {
  test('a record whose values throw when read is left out with catalogue/read-failed, and the next record validates', async () => {
    const good = JSON.parse(record());
    const exploding = new Proxy({}, { get: () => { throw new Error('boom from a connector'); }, ownKeys: () => { throw new Error('boom from a connector'); } });
    const experiment = { release: { state: 'released', releasedOn: '2024-03-01' }, datasets: [] };
    const raw = (id: string, datacite: unknown) => ({ id, files: { datacite: `${id}.json`, experiment: null, description: null }, datacite, experiment, descriptionMarkdown: null, digest: id });
    const source = {
      name: 'test',
      experiments: async function* () {
        yield raw('bad', exploding);
        yield raw('good', good);
      },
      datafiles: async function* () {},
    };
    const sink = new DiagnosticSink();
    const out = [];
    for await (const v of validateCatalogue(source, sink)) out.push([v.raw.id, v.record?.doi ?? null]);
    expect(out).toEqual([['bad', null], ['good', '10.5072/fixture']]);
    // The message names whatever broke first (the connector's getter, or copying its value).
    expect(sink.list.filter((d) => d.code === 'catalogue/read-failed').map((d) => [d.record, d.message])).toEqual([['bad', expect.stringMatching(/failed unexpectedly/)]]);
  });
});
