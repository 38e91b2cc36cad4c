import { describe, expect, test } from 'vitest';
import { personModel, roleText } from '../../../src/model/people.ts';

describe("a contributor's role on the page", () => {
  test('reads as words, not as the controlled term', () => {
    const model = personModel({ name: 'Moreau, Claire', nameType: 'Personal', contributorType: 'DataCollector' });
    expect(model.role).toBe('data collector');
    expect(roleText('HostingInstitution')).toBe('hosting institution');
    expect(roleText('WorkPackageLeader')).toBe('work package leader');
    expect(roleText('Translator')).toBe('translator');
  });

  test('"Other" and creators carry no role', () => {
    expect(personModel({ name: 'Okafor, Ada', contributorType: 'Other' }).role).toBeNull();
    expect(personModel({ name: 'Okafor, Ada' }).role).toBeNull();
  });
});
