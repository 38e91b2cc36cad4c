import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { doiSlug, datasetPath, landingPath } from '../../../src/record/identity.ts';

describe('doiSlug(doi)', () => {
  test('lower-cases DOIs, which are case-insensitive', () => {
    expect(doiSlug('10.15151/ESRF-ES-2210534378')).toBe('10.15151/esrf-es-2210534378');
  });

  test('keeps one path segment for the suffix, encoding slashes and unsafe characters', () => {
    expect(doiSlug('10.5072/a/b:c;(d)')).toBe('10.5072/a~2fb~3ac~3b~28d~29');
  });

  test('never yields a dot segment that would climb out of the output folder', () => {
    expect(doiSlug('10.5072/..')).toBe('10.5072/~2e.');
    expect(doiSlug('10.5072/.hidden')).toBe('10.5072/~2ehidden');
  });

  test('refuses strings that are not DOIs', () => {
    expect(() => doiSlug('../../etc/passwd')).toThrow();
    expect(() => doiSlug('11.1234/x')).toThrow();
    expect(() => doiSlug('10.1234/')).toThrow();
    expect(() => doiSlug('10.1234/a b')).toThrow();
  });

  test('is injective and traversal-safe for any suffix (fuzz)', () => {
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => !/\s/.test(s)), (suffix) => {
        const doi = `10.5072/${suffix}`.toLowerCase();
        const slug = doiSlug(doi);
        const earlier = seen.get(slug);
        if (earlier !== undefined) expect(earlier).toBe(doi);
        seen.set(slug, doi);
        const resolved = path.posix.resolve('/dist', `.${landingPath(slug)}`);
        expect(resolved.startsWith('/dist/doi/10.5072/')).toBe(true);
        expect(slug.split('/')).toHaveLength(2);
        expect(slug).toMatch(/^[a-z0-9.~_\-/]+$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('datasetPath(slug, id, page)', () => {
  test('page 1 is the dataset folder, later pages are numbered', () => {
    expect(datasetPath('10.5072/x', 'sweep-1')).toBe('/doi/10.5072/x/datasets/sweep-1/');
    expect(datasetPath('10.5072/x', 'sweep-1', 3)).toBe('/doi/10.5072/x/datasets/sweep-1/page/3/');
  });
});
