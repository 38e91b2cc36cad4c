/**
 * Numbers read from input and echoed by the command line (`aperture inspect`, `aperture
 * check` and the build's diagnostics) are written out positionally: String() gave "1e-7",
 * "1e+21" and "-0", which a curator cannot compare with the value they wrote.
 */
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/build-fixture.ts';
import { fixtureDataCite } from '../../helpers/catalogue-fixtures.ts';
import { smvBytes, syntheticFrame } from '../../../src/images/synthetic.ts';
import { numberText } from '../../../src/model/format.ts';

const EXPONENT = /\d[eE][+-]?\d/;

/** An SMV frame whose header says what `edit` makes of it. */
function smvWith(edit: (header: string) => string): Buffer {
  const frame = syntheticFrame({ width: 20, height: 10, seed: 1 });
  Object.assign(frame.technical, { wavelength_angstrom: 1e-7, distance_mm: 1e21, exposure_time_s: 1.5e-10 });
  return Buffer.from(edit(Buffer.from(smvBytes(frame)).toString('latin1')), 'latin1');
}

let root: string;
beforeAll(async () => {
  root = await tempDir('numbers-');
  await writeFile(path.join(root, 'tiny.img'), smvWith((h) => h.replace('OSC_START=0;', 'OSC_START=-0;')));
  await writeFile(path.join(root, 'wide.img'), smvWith((h) => h.replace('SIZE1=20;', 'SIZE1=100000000000000000000000;')));
  await mkdir(path.join(root, 'bare'));
  const geo = { geoLocations: [{ geoLocationPoint: { pointLatitude: 1e21, pointLongitude: 2 } }] };
  await writeFile(path.join(root, 'bare', 'one.json'), JSON.stringify(fixtureDataCite('10.5072/aperture-geo', 'Far away', geo)));
});

describe('numbers from input on the command line', () => {
  test('aperture inspect prints every value a header holds in positional digits, and no -0', async () => {
    const run = await runCli(['inspect', 'tiny.img'], root);
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(EXPONENT);
    expect(run.out).toMatch(/wavelength_angstrom +0\.0000001\n/);
    expect(run.out).toMatch(/distance_mm +1000000000000000000000\n/);
    expect(run.out).toMatch(/exposure_time_s +0\.00000000015\n/);
    expect(run.out).toMatch(/oscillation_start_deg +0\n/);
  });

  test("an image's too-large dimensions are echoed as the header wrote them", async () => {
    const run = await runCli(['inspect', 'wide.img'], root);
    expect(run.out + run.err).not.toMatch(EXPONENT);
    expect(run.err).toContain('SIZE1×SIZE2 = 100000000000000000000000×10 is above the 67,108,864-pixel limit');
  });

  test('aperture check names an out-of-range coordinate as written', async () => {
    const run = await runCli(['check', '--catalogue', 'bare'], root);
    expect(run.out).not.toMatch(EXPONENT);
    expect(run.out).toMatch(/geo\/out-of-range +1000000000000000000000 is outside -90\.\.90/);
  });
});

describe('numberText(value)', () => {
  test.each([
    [0.9763, '0.9763'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [-1.5e-10, '-0.00000000015'],
    [-0, '0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123456789, '123456789'],
  ])('%s is %s', (value, text) => {
    expect(numberText(value)).toBe(text);
  });
});
