import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../../src/cli/main.ts';
import type { CliIO } from '../../../src/cli/io.ts';
import { toDataCiteXml } from '../../../src/datacite/xml-write.ts';
import { tempDir } from '../../helpers/build-fixture.ts';
import { dataciteRecord } from '../citation/factory.ts';
import { runCli, hasXmllint } from '../../helpers/cli.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
const XSD = path.join(SHARED, 'datacite/xsd/kernel-4.7/metadata.xsd');
const ESRF_REST = path.join(SHARED, 'records/datacite-rest/esrf/datacite-esrf-dc-2493599001.json');



describe('aperture convert FILE --to FORMAT', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('convert-');
    const attrs = dataciteRecord();
    await writeFile(path.join(dir, 'bare.json'), JSON.stringify(attrs));
    await writeFile(path.join(dir, 'envelope.json'), JSON.stringify({ data: { id: attrs.doi, type: 'dois', attributes: attrs } }));
    await writeFile(path.join(dir, 'record.xml'), toDataCiteXml(attrs));
    await writeFile(path.join(dir, 'no-creators.json'), JSON.stringify({ ...attrs, creators: [] }));
    await writeFile(path.join(dir, 'broken.xml'), '<resource xmlns="http://datacite.org/schema/kernel-4"><titles>');
  });

  test('prints every format from bare REST attributes', async () => {
    const expectations: Record<string, (out: string) => void> = {
      'csl-json': (o) => expect(JSON.parse(o)[0]).toMatchObject({ type: 'dataset', DOI: '10.5072/aperture.lyso-001' }),
      bibtex: (o) => expect(o).toMatch(/^@\w+\{/),
      ris: (o) => expect(o).toMatch(/^TY {2}- DATA/m),
      'schema-org': (o) => expect(JSON.parse(o)).toMatchObject({ '@type': 'Dataset', name: 'Lysozyme rotation data at 100 K', sameAs: 'https://doi.org/10.5072/aperture.lyso-001' }),
      'datacite-xml': (o) => expect(o).toContain('<identifier identifierType="DOI">10.5072/APERTURE.LYSO-001</identifier>'),
      'datacite-json': (o) => expect(JSON.parse(o)).toMatchObject({ doi: '10.5072/APERTURE.LYSO-001', publicationYear: 2024 }),
      cff: (o) => expect(o).toContain('cff-version: 1.2.0'),
      apa: (o) => expect(o).toContain('Garcia, A.'),
      harvard: (o) => expect(o).toContain('Garcia'),
      vancouver: (o) => expect(o).toContain('Garcia A'),
      chicago: (o) => expect(o).toContain('Garcia, Ana'),
    };
    for (const [format, check] of Object.entries(expectations)) {
      const r = await runCli(['convert', 'bare.json', '--to', format], dir);
      expect(r.code, `${format}: ${r.err}`).toBe(0);
      check(r.out);
    }
  });

  test('reads the REST envelope and kernel-4 XML to the same result', async () => {
    const bare = await runCli(['convert', 'bare.json', '--to', 'datacite-json'], dir);
    for (const file of ['envelope.json', 'record.xml']) {
      const other = await runCli(['convert', file, '--to', 'datacite-json'], dir);
      expect(other.code).toBe(0);
      expect(JSON.parse(other.out).titles).toEqual(JSON.parse(bare.out).titles);
      expect(JSON.parse(other.out).creators.map((c: { name: string }) => c.name)).toEqual(['Garcia, Ana', 'Aperture Beamline Team']);
    }
  });

  test('invalid input: exit 1 with diagnostics, nothing on stdout', async () => {
    const missing = await runCli(['convert', 'no-creators.json', '--to', 'bibtex'], dir);
    expect(missing.code).toBe(1);
    expect(missing.out).toBe('');
    expect(missing.err).toContain('datacite/schema');
    expect(missing.err).toContain('/creators');
    const broken = await runCli(['convert', 'broken.xml', '--to', 'apa'], dir);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('catalogue/malformed-xml');
    const absent = await runCli(['convert', 'absent.json', '--to', 'apa'], dir);
    expect(absent.code).toBe(1);
  });

  test('an unknown format is a usage error (exit 2)', async () => {
    const r = await runCli(['convert', 'bare.json', '--to', 'endnote'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Allowed choices');
  });

  test.skipIf(!existsSync(ESRF_REST) || !hasXmllint() || !existsSync(XSD))('a real ESRF REST record converts to DataCite XML that validates against the 4.7 XSD', async () => {
    const r = await runCli(['convert', ESRF_REST, '--to', 'datacite-xml'], dir);
    expect(r.code, r.err).toBe(0);
    const file = path.join(dir, 'esrf.xml');
    await writeFile(file, r.out);
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
  });
});
