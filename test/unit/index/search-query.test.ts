import { describe, expect, test } from 'vitest';
import { parseQuery } from '../../../src/client/search-query.ts';

describe('parseQuery(query): the operators of web search engines', () => {
  test.each([
    ['lysozyme -insulin', 'lysozyme', ['insulin']],
    ['lysozyme NOT insulin', 'lysozyme', ['insulin']],
    ['-insulin', '', ['insulin']],
    ['crystallography -serial -"main protease"', 'crystallography', ['serial', 'main protease']],
    ['lysozyme NOT "egg-white"', 'lysozyme', ['egg-white']],
    ['lysozyme AND insulin', 'lysozyme insulin', []],
    ['+lysozyme +insulin', 'lysozyme insulin', []],
    // A hyphen inside a word or before a number is no operator; lower-case "not" is a word.
    ['Hen egg-white lysozyme', 'Hen egg-white lysozyme', []],
    ['MX-9001', 'MX-9001', []],
    ['storage at -80 C', 'storage at 80 C', []],
    ['not insulin', 'not insulin', []],
    ['insulin NOT', 'insulin NOT', []],
    ['"main protease" SARS', '"main protease" SARS', []],
    ['lysozyme OR insulin', 'lysozyme OR insulin', []],
    // An OR with nothing on one side joins nothing; alone, it is a word.
    ['lysozyme OR', 'lysozyme', []],
    ['OR lysozyme -insulin', 'lysozyme', ['insulin']],
    ['OR', 'OR', []],
    ['“main protease” -“egg white”', '"main protease"', ['egg white']],
    // A ROR address is searched as the id the index holds ("ROR 03eh3y714").
    ['https://ror.org/03eh3y714', '03eh3y714', []],
    ['ror.org/03EH3Y714/ PSI', '03EH3Y714 PSI', []],
    ['https://ror.org/03eh3y714/extra', 'https://ror.org/03eh3y714/extra', []],
  ])('%j → %j without %j', (query, text, excluded) => {
    expect(parseQuery(query)).toEqual({ text, excluded });
  });
});

describe('parseQuery(query): references and ranges of years as readers type them', () => {
  test.each([
    ['Schmidt et al.', 'Schmidt', undefined],
    ['Schmidt et al., 2023', 'Schmidt 2023', undefined],
    ['Schmidt et al 2023 lysozyme', 'Schmidt 2023 lysozyme', undefined],
    ['2019-2021', '', ['2019', '2020', '2021']],
    ['lysozyme 2023–2024', 'lysozyme', ['2023', '2024']],
    // Not a range: the later year first, a proposal number, an aluminium alloy ("et Al") without a name before it.
    ['2021-2019', '2021-2019', undefined],
    ['MX-2738', 'MX-2738', undefined],
    ['et al', 'et al', undefined],
  ])('%s searches %j in the years %j', (query, text, years) => {
    expect(parseQuery(query)).toEqual({ text, excluded: [], years });
  });
});
