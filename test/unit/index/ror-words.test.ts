/**
 * A reader pastes an institution's ROR address to find its output: every ROR id the record
 * states (a creator that is an organisation, an affiliation, a funder, the publisher) reaches
 * the search document through the landing model.
 */
import { expect, test } from 'vitest';
import { toLandingPage } from '../../../src/model/landing.ts';
import { bareExperimentJson } from '../../../src/record/release.ts';
import { validateRecord } from '../../../src/validate/validate-record.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import { fixtureDataCite } from '../../helpers/catalogue-fixtures.ts';
import { searchDocument } from '../../../src/index/search-document.ts';

test('the ROR ids a record states are words of its search document', () => {
  const datacite = fixtureDataCite('10.5072/ror-words', 'Thaumatin', {});
  Object.assign(datacite, {
    creators: [
      { name: 'DataCite', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: 'https://ror.org/04wxnsj81', nameIdentifierScheme: 'ROR' }] },
      { name: 'Moreau, Élise', nameType: 'Personal', affiliation: [{ name: 'Paul Scherrer Institute', affiliationIdentifier: 'https://ror.org/03eh3y714', affiliationIdentifierScheme: 'ROR' }] },
    ],
    publisher: { name: 'Example Publisher', publisherIdentifier: 'https://ror.org/04z8jg394', publisherIdentifierScheme: 'ROR' },
    fundingReferences: [{ funderName: 'Swiss National Science Foundation', funderIdentifier: 'https://ror.org/00yjd3n13', funderIdentifierType: 'ROR' }],
  });
  const raw = { id: 'rec', files: { datacite: 'rec.xml', experiment: null, description: null }, datacite, experiment: bareExperimentJson(datacite, null), descriptionMarkdown: null, digest: 'x' };
  const record = validateRecord(raw as never, new DiagnosticSink());
  expect(record).not.toBeNull();
  const page = toLandingPage(record!, { siteUrl: 'https://data.example.org', publicBaseUrl: null, filesPerPage: 50, now: '2026-11-01T00:00:00Z' } as never);
  const words = searchDocument(page).replace(/<div hidden[\s\S]*$/, '');
  for (const id of ['04wxnsj81', '03eh3y714', '04z8jg394', '00yjd3n13']) expect(words).toContain(`ROR ${id}`);
});
