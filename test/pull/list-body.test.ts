/** readListBody(text, url, shape, limits): where a strict refusal of a list response lies, and what is kept. */
import { describe, expect, it } from 'vitest';
import { readListBody, type ListShape } from '../../src/pull/list-body.ts';

const LIMITS = { maxDepth: 96, maxItems: Number.MAX_SAFE_INTEGER };
const DATA: ListShape = { recordsAt: 'data', idPaths: [['attributes', 'doi'], ['id']] };
const ICAT: ListShape = { recordsAt: null, idPaths: [['*', 'id']] };
const read = (text: string, shape: ListShape = DATA) => readListBody(text, 'https://api.example/dois', shape, LIMITS);

describe('readListBody(text, url, shape, limits)', () => {
  it('reads a clean page as JSON.parse does, refusing nothing', () => {
    const text = '{"data":[{"id":"10.1/a"},{"id":"10.1/b"}],"links":{"next":null}}';
    expect(read(text)).toEqual({ ok: true, body: JSON.parse(text), refused: [] });
  });

  it('refuses the one record with a key given twice, by place, identifiers and position; the others and the envelope are read exactly', () => {
    // Brackets, commas, quotes and escapes inside strings must not cut records.
    const text = '{"data":[{"id":"10.1/a","t":"a],[\\"b"},\n {"id":"10.1/b","attributes":{"doi":"10.1/B","state":"draft","state":"findable"}},{"t":"}{,"}],"links":{"next":"x]"}}';
    const result = read(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).toEqual({ data: [{ id: '10.1/a', t: 'a],["b' }, null, { t: '}{,' }], links: { next: 'x]' } });
    expect(result.refused).toHaveLength(1);
    const [refused] = result.refused;
    expect([refused.url, refused.index, refused.pointer, refused.ids]).toEqual(['https://api.example/dois', 1, '/data/1', { 'attributes.doi': '10.1/B', id: '10.1/b' }]);
    expect(refused.reason).toMatch(/^Record 1 of the page gives the key "state" twice in one object \(line 2, column 62\)/);
  });

  it('leaves a refused record nameless when an identifier is given twice with different values, a literal or a container among them', () => {
    for (const members of ['"id":"10.1/a","id":"10.1/b"', '"id":"10.1/a","id":null', '"id":"10.1/a","id":{"x":1}']) {
      const result = read(`{"data":[{${members}}]}`);
      expect(result.ok && result.refused.map((r) => r.ids)).toEqual([null]);
    }
    // The same value twice names it.
    const same = read('{"data":[{"id":"10.1/a","id":"10.1/a"}]}');
    expect(same.ok && same.refused.map((r) => r.ids)).toEqual([{ id: '10.1/a' }]);
  });

  it('names an ICAT row by the id inside its entity wrapper, as a number', () => {
    const result = read('[{"DataPublication":{"id":1,"title":"a"}},{"DataPublication":{"id":2,"title":"b","title":"c"}}]', ICAT);
    expect(result.ok && result.refused.map((r) => [r.pointer, r.ids])).toEqual([['/1', { '*.id': 2 }]]);
  });

  it('refuses the whole page when the problem lies outside the records, or the records cannot be found', () => {
    const cases = [
      '{"data":[{"id":"a"}],"links":{"next":"1","next":"2"}}',
      '{"data":[{"id":"a","id":"b"}],"meta":{"total":1,"total":2}}',
      // A `data` key nested in the envelope is no record array.
      '{"meta":{"data":[{"a":1,"a":2}]},"data":[{"b":1}]}',
      '{"data":[{"a":1}],"data":[{"b":1,"b":2}]}',
      '{"data":{"a":1,"a":2}}',
      '[{"a":1,"a":2}]',
    ];
    for (const text of cases) {
      const result = read(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.problem.code).toBe('catalogue/duplicate-key');
    }
  });

  it('refuses the whole page, as malformed (retried), when it does not parse', () => {
    const result = read('{"data":[{"a":1,"a":2},,{"b":1}]}');
    expect(!result.ok && result.problem.code).toBe('catalogue/malformed-json');
  });

  it('refuses a record nested past the limit less the depth of its array, and no other', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    // The record's object and the array it sits in count: 96 levels in all.
    const result = read(`{"data":[{"id":"deep","x":${nest(94)}},{"id":"ok","x":${nest(93)}}]}`);
    expect(result.ok && result.refused.map((r) => r.ids)).toEqual([{ id: 'deep' }]);
    // At the 94th array of the record: 9 characters of envelope, 17 of the record before its arrays.
    expect(result.ok && result.refused[0].reason).toBe('Record 0 of the page nests arrays/objects more than 94 levels deep at line 1, column 120.');
  });
});
