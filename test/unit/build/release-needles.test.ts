/** The release gate's needles: what an unpublished or withdrawn record must never show on the site. */
import { describe, expect, it } from 'vitest';
import { releaseNeedles } from '../../../src/build/release-needles.ts';
import type { RecordSummary } from '../../../src/model/site.ts';

const published = [{ doi: '10.5072/public', path: '/doi/10.5072/public/', state: 'released' as const }];
const summaries = [{ path: '/doi/10.5072/public/', title: 'Hen egg-white lysozyme,  tetragonal' } as RecordSummary];
const tombstones = [{ doi: '10.5072/gone', path: '/doi/10.5072/gone/', title: 'Thaumatin, tetragonal' }];

describe('releaseNeedles', () => {
  it('looks for an unpublished record by DOI and by its own title', () => {
    const needles = releaseNeedles({ published, summaries, tombstones, withheld: [{ record: 'secret', doi: '10.5072/secret', title: 'A secret structure', reason: 'unpublished' }] });
    expect(needles.map((n) => n.text)).toEqual(['10.5072/secret', 'A secret structure', '10.5072/gone']);
  });

  it('does not look for a title that a public record or a tombstone also has, but still for the DOI', () => {
    const needles = releaseNeedles({
      published,
      summaries,
      tombstones,
      withheld: [
        { record: 'twin', doi: '10.5072/twin', title: 'hen egg-white lysozyme, tetragonal', reason: 'unpublished' },
        { record: 'twin2', doi: '10.5072/twin2', title: 'Thaumatin, tetragonal', reason: 'unpublished' },
      ],
    });
    expect(needles.map((n) => n.text)).toEqual(['10.5072/twin', '10.5072/twin2', '10.5072/gone']);
  });

  it('does not look for a title found inside a public one (a beamline I04 beside I04-1), and still looks for the DOI', () => {
    const needles = releaseNeedles({
      published,
      summaries: [{ path: '/doi/10.5072/public/', title: 'Thaumatin, tetragonal, 1.5 Å rotation data from Diamond I04-1' } as RecordSummary],
      tombstones: [],
      withheld: [
        { record: 'prefix', doi: '10.5072/prefix', title: 'THAUMATIN, tetragonal, 1.5 Å rotation data from  Diamond I04', reason: 'unpublished' },
        { record: 'longer', doi: '10.5072/longer', title: 'Thaumatin, tetragonal, 1.5 Å rotation data from Diamond I04-1, second crystal', reason: 'unpublished' },
      ],
    });
    expect(needles.map((n) => n.text)).toEqual(['10.5072/prefix', '10.5072/longer', 'Thaumatin, tetragonal, 1.5 Å rotation data from Diamond I04-1, second crystal']);
  });

  it('only unpublished records are secrets; a withdrawn DOI is allowed on its tombstone', () => {
    const needles = releaseNeedles({ published, summaries, tombstones, withheld: [{ record: 'bad', doi: '10.5072/bad', title: 'Invalid record', reason: 'invalid' }] });
    expect(needles).toEqual([expect.objectContaining({ text: '10.5072/gone', allowedUnder: expect.arrayContaining(['doi/10.5072/gone/']) })]);
  });

  it('names the public DOIs that hold a withheld one past a separator, for the gate not to find it inside them', () => {
    const needles = releaseNeedles({
      published: [
        { doi: '10.5072/Secret.v2', path: '/doi/10.5072/secret.v2/', state: 'released' },
        { doi: '10.5072/secretive', path: '/doi/10.5072/secretive/', state: 'released' },
        { doi: '10.5072/secret1', path: '/doi/10.5072/secret1/', state: 'released' },
        { doi: '10.5072/gone/part-1', path: '/doi/10.5072/gone/part-1/', state: 'released' },
      ],
      summaries: [],
      tombstones: [...tombstones, { doi: '10.5072/secret-old', path: '/doi/10.5072/secret-old/' }],
      withheld: [{ record: 'secret', doi: '10.5072/secret', title: null, reason: 'unpublished' }],
    });
    const within = Object.fromEntries(needles.map((n) => [n.text, n.within]));
    expect(within).toEqual({ '10.5072/secret': ['10.5072/secret-old', '10.5072/secret.v2'], '10.5072/gone': ['10.5072/gone/part-1'], '10.5072/secret-old': undefined });
  });

  it('does not look for a withdrawn DOI a public record cites (its new version names it); still for the others', () => {
    const twoGone = [...tombstones, { doi: '10.5072/gone-too', path: '/doi/10.5072/gone-too/', title: 'Insulin' }];
    const needles = releaseNeedles({ published, summaries, tombstones: twoGone, withheld: [], citedTombstones: ['10.5072/gone'] });
    expect(needles.map((n) => n.text)).toEqual(['10.5072/gone-too']);
  });
});
