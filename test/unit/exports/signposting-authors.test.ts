/**
 * Signposting's `author` links name each creator by an identifier (signposting.org/FAIR:
 * "a URI that identifies an author"): the ORCID iD, an organisation's ROR id, else another
 * registered identifier that links (ISNI, one given with a schemeUri). One link per creator,
 * none for a creator with no identifier that resolves. The head and the Link Set share them.
 */
import { describe, expect, test } from 'vitest';
import { signpostingLinks } from '../../../src/build/record-head.ts';
import { experimentRecord, HOSTILE } from '../citation/factory.ts';

const creators = [
  { name: 'Garcia, Ana', nameType: 'Personal', nameIdentifiers: [
    { nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID' },
    { nameIdentifier: '0000 0001 2146 438X', nameIdentifierScheme: 'ISNI' },
  ] },
  { name: 'Okafor, Chidi', nameType: 'Personal', nameIdentifiers: [{ nameIdentifier: '0000 0004 1234 5678', nameIdentifierScheme: 'ISNI' }] },
  { name: 'Example Synchrotron', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: 'https://ror.org/02mhbdp94', nameIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }] },
  { name: 'Beamline Team', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: 'team-7', nameIdentifierScheme: 'Local', schemeUri: 'https://people.example.org/teams/' }] },
  { name: 'Unidentified, Una', nameType: 'Personal' },
  { name: 'Local, Lee', nameType: 'Personal', nameIdentifiers: [{ nameIdentifier: 'L-17', nameIdentifierScheme: 'Staff number' }] },
  { name: 'Hostile, Hal', nameType: 'Personal', nameIdentifiers: [{ nameIdentifier: 'x', nameIdentifierScheme: 'Evil', schemeUri: HOSTILE.js }] },
];

describe('Signposting author links', () => {
  test('one per identified creator: ORCID, ROR, ISNI or a schemeUri identifier, in order', () => {
    const links = signpostingLinks(experimentRecord({}, { creators } as never), 'https://data.example.org', null);
    expect(links.filter((l) => l.rel === 'author').map((l) => l.href)).toEqual([
      'https://orcid.org/0000-0002-1825-0097',
      'https://isni.org/isni/0000000412345678',
      'https://ror.org/02mhbdp94',
      'https://people.example.org/teams/team-7',
    ]);
  });
});
