/**
 * The release of a record pulled from a DataCite repository: the day the record says it
 * became public (Available, else Issued, else publicationYear), as a bare record in a folder
 * catalogue is read, not the day its DOI was registered; the registration stands in only
 * while the record states no date that has come.
 */
import { describe, expect, it } from 'vitest';
import { dataciteRelease } from '../../src/pull/release.ts';
import { defaultRelease } from '../../src/record/release.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const record = (extra: Record<string, unknown>) => ({ state: 'findable', registered: '2014-01-15T09:12:44.000Z', publicationYear: 2012, dates: [], ...extra });

describe('dataciteRelease(attrs, now)', () => {
  it('a legacy record registered years later is released when it says: its Issued date, else its publicationYear', () => {
    expect(dataciteRelease(record({ dates: [{ date: '2012-06-01', dateType: 'Issued' }] }), NOW)).toEqual({ public: true, state: 'released', releasedOn: '2012-06-01' });
    expect(dataciteRelease(record({}), NOW)).toEqual({ public: true, state: 'released', releasedOn: '2012-01-01' });
  });
  it('an embargo that has ended is released on its Available date, before Issued', () => {
    const attrs = record({ registered: '2021-09-06T06:00:10.000Z', publicationYear: 2021, dates: [{ date: '2021', dateType: 'Issued' }, { date: '2024-09-06', dateType: 'Available' }] });
    expect(dataciteRelease(attrs, NOW)).toEqual({ public: true, state: 'released', releasedOn: '2024-09-06' });
  });
  it('a record whose dates have not come stands on its registration: metadata-only until Available, or released on a findable DOI', () => {
    const session = record({ registered: '2025-09-06T06:00:10.000Z', publicationYear: 2028, dates: [{ date: '2028-09-06', dateType: 'Available' }] });
    expect(dataciteRelease(session, NOW)).toMatchObject({ state: 'metadata-only', releasedOn: '2025-09-06', filesAvailableFrom: '2028-09-06' });
    expect(dataciteRelease(record({ publicationYear: 2549 }), NOW)).toEqual({ public: true, state: 'released', releasedOn: '2014-01-15' });
  });
  it('reads a record as a bare one in a folder catalogue is read', () => {
    for (const attrs of [record({ dates: [{ date: '2012-06-01', dateType: 'Issued' }] }), record({ dates: [{ date: '2024-09-06', dateType: 'Available' }] }), record({ publicationYear: 2549 })]) {
      const pulled = dataciteRelease(attrs, NOW);
      expect(pulled.public && pulled.releasedOn).toBe(defaultRelease(attrs, attrs.registered, NOW).releasedOn);
    }
  });
});
