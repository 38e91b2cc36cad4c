/**
 * A problem with a pulled record is named by where the curator can fix it: the record's URL
 * in its source and the source's id for it, with the mirrored file (Aperture's copy, which
 * the next pull overwrites) only after. In the pull's own report and in `aperture check`
 * (and the build, test/pull/build-from-mirror.test.ts) of the mirror.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { pull, serve } from './pull-harness.ts';
import { dataciteAttributes } from './fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';

/** A record whose one place lies off the globe: mirrored, its place left out, and reported. */
const farAway = dataciteAttributes('10.16907/far', { geoLocations: [{ geoLocationPlace: 'Sea', geoLocationPoint: { pointLatitude: 123, pointLongitude: 10 } }] });
const fine = dataciteAttributes('10.16907/fine');

describe('a pulled record with a problem', () => {
  it('is reported by its source URL and id, the mirrored file after, by the pull and by aperture check of the mirror', async () => {
    const { replay, out } = await serve((req) => (req.path === '/dois' ? { body: { data: [farAway, fine].map((attributes) => ({ id: attributes.doi, type: 'dois', attributes })), links: {} } } : undefined));
    const { summary, sink } = await pull(dataciteRestSource({ url: replay.url, prefix: '10.16907' }), out);
    expect(summary.written).toBe(2);
    const origin = (d: Diagnostic) => [d.code, d.record, d.file];
    const url = expect.stringMatching(new RegExp(`^${replay.url}/dois/10\\.16907%2Ffar`));
    const pulled = sink.list.filter((d) => d.code === 'geo/out-of-range');
    expect(pulled.map(origin)).toEqual([['geo/out-of-range', '10.16907-far', url]]);
    expect(pulled[0].message).toMatch(/ \[datacite:.+ record 10\.16907\/far; mirrored as 10\.16907-far\/datacite\.json\]$/);
    expect(pulled[0].pointer).toBe('/geoLocations/0/geoLocationPoint/pointLatitude');

    const check = await runCli(['check', '--catalogue', out, '--json'], path.dirname(out));
    const checked = (JSON.parse(check.out) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.code === 'geo/out-of-range');
    expect(checked.map(origin)).toEqual([['geo/out-of-range', '10.16907-far', url]]);
    expect(checked[0].message).toMatch(/mirrored as 10\.16907-far\/datacite\.json\]$/);
    const human = await runCli(['check', '--catalogue', out], path.dirname(out));
    expect(human.out).toMatch(/geo\/out-of-range .*mirrored as 10\.16907-far\/datacite\.json\] {2}\(http:\/\/127\.0\.0\.1:\d+\/dois\/10\.16907%2Ffar\S* \/geoLocations\/0\/geoLocationPoint\/pointLatitude\)/);
  });
});
