/**
 * Citation formats through citation-js 0.8.2. Plugins are registered here, explicitly and
 * once (`registerCitationPlugins`), not by a scattered import side effect; the Chicago
 * author-date style, which plugin-csl does not ship, is added from styles/ (see the
 * README there for its origin and licence). plugin-csl keeps one citeproc engine per
 * style and locale, so repeated calls reuse an engine.
 */
import { readFileSync } from 'node:fs';
import { Cite, plugins } from '@citation-js/core';
import { bibtexKey } from './bibtex-key.ts';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslItem } from './csl.ts';
import { formatRisLines, type RisExtras } from './ris.ts';
import { bibtexSafeItem, lineSafeItem } from './escape.ts';
import { setAsideUnicode } from './bibtex-unicode.ts';

/** Our style names → citation-js template names. */
export const STYLES = {
  apa: 'apa',
  harvard: 'harvard1',
  vancouver: 'vancouver',
  chicago: 'chicago-author-date',
} as const;

export type StyleName = keyof typeof STYLES;

export interface FormattedCitation {
  text: string;
  html: string;
}

const LOCALE = 'en-US';
const CHICAGO_STYLE = new URL('./styles/chicago-author-date.csl', import.meta.url);

interface CslConfig {
  styles: { has(name: string): boolean; get(name: string): string; add(name: string, xml: string): void };
}

let registered = false;

/** Makes sure the CSL, BibTeX and RIS plugins and our extra styles are registered. Idempotent. */
export function registerCitationPlugins(): void {
  if (registered) return;
  for (const name of ['@csl', '@bibtex', '@ris']) {
    if (!plugins.has(name)) throw new Error(`citation-js plugin ${name} is not registered`);
  }
  const csl = plugins.config.get('@csl') as CslConfig;
  if (!csl.styles.has(STYLES.chicago)) csl.styles.add(STYLES.chicago, readFileSync(CHICAGO_STYLE, 'utf8'));
  for (const template of Object.values(STYLES)) {
    if (!csl.styles.has(entryStyleName(template))) csl.styles.add(entryStyleName(template), oneEntryStyle(csl.styles.get(template)));
  }
  registered = true;
}

function cite(item: CslItem): Cite {
  registerCitationPlugins();
  return new Cite(item);
}

function entryStyleName(template: string): string {
  return `aperture-one-entry-${template}`;
}

/**
 * A style as this module uses it: one bibliography entry at a time. citeproc computes the
 * bibliography sort keys of every item it registers, even with `nosort` (updateItems →
 * setsortkeys), rendering each key macro of the style: a fifth to a third of each
 * entry's time. One entry has nothing to sort by, so the copy drops the bibliography's
 * `<sort>` and nothing else. The citation and its disambiguation stay: they are not only
 * for citations (two creators "Smith, J." are told apart by given name in Harvard's
 * bibliography too). Entries are byte-identical (a test formats varied records through both).
 */
function oneEntryStyle(xml: string): string {
  const bibliography = xml.search(/<bibliography[\s>]/);
  if (bibliography < 0) return xml;
  return xml.slice(0, bibliography) + xml.slice(bibliography).replace(/<sort>[\s\S]*?<\/sort>/, '');
}

/**
 * citeproc's plain-text rendering recovered from its HTML one: tags dropped (the
 * left-margin/right-inline pair of numbered styles joined by a space, as citeproc's text
 * output does), entities decoded. Each CSL bibliography call costs ~2.5 ms, so deriving
 * text instead of formatting twice halves the cost of the citation box; a test checks the
 * result equals citeproc's own text output.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/div>\s*<div class="csl-right-inline">/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&(lt|gt|quot|apos|nbsp|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', amp: '&' })[e] ?? '')
    .replace(/\s*\n\s*/g, '')
    .trim();
}

/**
 * A single reference has no list number: numbered styles (Vancouver) lose citeproc's "1."
 * margin, so the box shows the reference, not the first line of a bibliography.
 */
function formatOne(c: Cite, style: StyleName): FormattedCitation {
  // One item: nothing to sort (`nosort`), and the style's copy has no sort keys to compute.
  const html = String(c.format('bibliography', { template: entryStyleName(STYLES[style]), format: 'html', lang: LOCALE, nosort: true }))
    .trim()
    .replace(/<div class="csl-left-margin">[^<]*<\/div>\s*<div class="csl-right-inline">([\s\S]*?)<\/div>/, '$1');
  return { text: htmlToText(html), html };
}

/**
 * Vancouver (NLM) prints both "Available from: URL" and "doi:DOI"; when the URL is the DOI's
 * own resolver link that names the DOI twice, so the item goes without the separate DOI.
 */
function forStyle(item: CslItem, style: StyleName): CslItem {
  if (style !== 'vancouver' || !item.DOI || !item.URL || !/^https:\/\/doi\.org\//.test(item.URL)) return item;
  const { DOI: _doi, ...rest } = item;
  return rest as CslItem;
}

/** One formatted bibliography entry in a style, as plain text and as (escaped) HTML. */
export function formatStyle(item: CslItem, style: StyleName): FormattedCitation {
  return formatOne(cite(forStyle(item, style)), style);
}

/** All four styles, reusing one Cite (and plugin-csl's cached engine per style). */
export function formatStyles(item: CslItem): Record<StyleName, FormattedCitation> {
  const c = cite(item);
  const out = {} as Record<StyleName, FormattedCitation>;
  for (const style of Object.keys(STYLES) as StyleName[]) out[style] = formatOne(forStyle(item, style) === item ? c : cite(forStyle(item, style)), style);
  return out;
}

/**
 * BibTeX as `@misc`: classic BibTeX has no dataset entry type, and `@misc` with `doi`,
 * `url`, `publisher` is what every .bst style, JabRef and Zotero read without loss of the
 * essentials (biblatex users get `@dataset` from `formatBiblatex`). citation-js writes a
 * full date's month as `month = {mar 1}`, which BibTeX prints verbatim; we write the
 * month macro (`month = mar`) instead and drop the day.
 */
export function formatBibtex(item: CslItem): string {
  const raw = writeBibtex(item, 'bibtex');
  return withKeywords(escapeNames(raw.replace(/^(\s*month = )\{([a-z]{3})(?: \d{1,2})?\},$/m, '$1$2,')).trim(), item) + '\n';
}

/** LaTeX specials in a plain value (keywords): escaped, braces and line breaks dropped, `--`, `''`, `,,` kept literal (bibtex-unicode.ts). */
function latexText(value: string): string {
  return value.replace(/[{}\\]/g, '').replace(/\s+/g, ' ').replace(/([&%#_$])/g, '\\$1').replace(/([-',])\1+/g, (run) => run.replace(/./g, '{$&}')).trim();
}

/**
 * citation-js writes no keywords for @misc; BibTeX readers (JabRef, Zotero, biblatex) take a
 * comma list, split outside braces (biblatex's etoolbox lists, citation-js's `separated`
 * fields): a subject holding a comma ("Crystallography, X-ray") is braced to stay one keyword.
 */
function withKeywords(bib: string, item: CslItem): string {
  const keywords = (item.categories ?? []).map(latexText).filter(Boolean).map((k) => (k.includes(',') ? `{${k}}` : k));
  if (!keywords.length || !bib.endsWith('}')) return bib;
  return `${bib.slice(0, -1).replace(/,?\s*$/, ',')}\n\tkeywords = {${keywords.join(', ')}},\n}`;
}

/**
 * citation-js escapes LaTeX specials in titles but not in literal (organisation) names:
 * `{Smith & Sons}` stops LaTeX with "Misplaced alignment tab". Escape &, % and # there.
 */
function escapeNames(bib: string): string {
  return bib.replace(/^(\s*(?:author|editor|translator) = )(.*)$/gm, (_m, key: string, value: string) => key + value.replace(/(?<!\\)([&%#])/g, '\\$1'));
}

/** BibLaTeX `@dataset` with `version` (for biblatex/biber users; JabRef reads it in biblatex mode). */
export function formatBiblatex(item: CslItem): string {
  return escapeNames(writeBibtex(item, 'biblatex')).trim() + '\n';
}

/**
 * CSL types whose BibTeX entry (@article, @inproceedings, @inbook) names the work it is part
 * of. CSL's `article` is also the fallback for DataCite types it has no word for (Instrument,
 * Award, Poster, Preprint…), so without a container these are `document`, i.e. @misc: an
 * @article without a journal is a BibTeX warning and a reference with a hole in it.
 */
const NEEDS_CONTAINER = new Set(['article', 'article-journal', 'article-magazine', 'article-newspaper', 'review', 'review-book', 'paper-conference', 'chapter']);

function bibtexType(item: CslItem): CslItem {
  return NEEDS_CONTAINER.has(item.type) && !item['container-title']?.trim() ? { ...item, type: 'document' } : item;
}

/**
 * citation-js's BibTeX or BibLaTeX for the item, with the characters it cannot write in ASCII
 * kept as UTF-8. Its key is made from the plain item (bibtex-key.ts), not the escaped one.
 */
function writeBibtex(item: CslItem, flavour: 'bibtex' | 'biblatex'): string {
  const key = bibtexKey(item);
  const keyed = key ? ({ ...item, 'citation-key': key } as CslItem) : item;
  const { item: ascii, restore } = setAsideUnicode(bibtexSafeItem(bibtexType(keyed)));
  return restore(String(cite(ascii).format(flavour, { format: 'text' })));
}

/** RIS, one line per tag (see ris.ts); TY from the DataCite resource type when given. */
export function formatRis(item: CslItem, extras: RisExtras = {}): string {
  return formatRisLines(lineSafeItem(item), extras);
}

/** CSL-JSON as a one-item array (the form reference managers import). */
export function formatCslJson(item: CslItem): string {
  return JSON.stringify([item], null, 2) + '\n';
}
