import { describe, expect, test } from 'vitest';
import { licenceSummary, resolveLicence, spdxId, spdxIdFromUrl } from '../../../src/record/licence.ts';

describe('resolveLicence', () => {
  test('SPDX ids in any case (the REST API lower-cases them)', () => {
    expect(resolveLicence([{ rightsIdentifier: 'cc-by-4.0', rightsIdentifierScheme: 'SPDX' }])).toEqual({
      spdx: 'CC-BY-4.0',
      name: 'Creative Commons Attribution 4.0 International',
      url: 'https://spdx.org/licenses/CC-BY-4.0',
      summary: 'You may share and adapt it for any purpose if you credit the creators.',
    });
    expect(spdxId('CC0 1.0')).toBe('CC0-1.0');
  });
  test('licence URLs map to SPDX ids', () => {
    expect(spdxIdFromUrl('https://creativecommons.org/licenses/by/4.0')).toBe('CC-BY-4.0');
    expect(spdxIdFromUrl('http://creativecommons.org/licenses/by-nc-sa/2.0/legalcode')).toBe('CC-BY-NC-SA-2.0');
    expect(spdxIdFromUrl('https://creativecommons.org/publicdomain/zero/1.0/deed.en')).toBe('CC0-1.0');
    expect(spdxIdFromUrl('https://opensource.org/licenses/MIT')).toBe('MIT');
    expect(spdxIdFromUrl('https://spdx.org/licenses/Apache-2.0.html')).toBe('Apache-2.0');
    expect(spdxIdFromUrl('https://opendatacommons.org/licenses/odbl/1.0/')).toBe('ODbL-1.0');
    expect(spdxIdFromUrl('https://example.org/my-licence')).toBeNull();
  });
  test('access statements are skipped; a free-text licence has no SPDX id', () => {
    expect(resolveLicence([{ rightsUri: 'info:eu-repo/semantics/openAccess', rights: 'Open Access' }, { rightsUri: 'https://creativecommons.org/publicdomain/zero/1.0/legalcode' }])?.spdx).toBe('CC0-1.0');
    expect(resolveLicence([{ rightsUri: 'info:eu-repo/semantics/openAccess' }])).toBeNull();
    expect(resolveLicence([])).toBeNull();
    expect(resolveLicence([{ rights: 'Facility data policy', rightsUri: 'https://www.esrf.fr/datapolicy' }])).toEqual({
      spdx: null, name: 'Facility data policy', url: 'https://www.esrf.fr/datapolicy', summary: null,
    });
    expect(resolveLicence([{ rights: 'x', rightsUri: 'javascript:alert(1)' }])?.url).toBeNull();
  });
  test('summaries say what reusers may do', () => {
    expect(licenceSummary('CC-BY-NC-ND-4.0')).toMatch(/unchanged.*non-commercial/);
    expect(licenceSummary('CC0-1.0')).toMatch(/public domain/);
    expect(licenceSummary('ODbL-1.0')).toMatch(/same licence/);
    expect(licenceSummary('GPL-3.0-only')).toBeNull();
  });
});
