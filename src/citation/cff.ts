/**
 * Citation File Format 1.2.0 (`CITATION.cff`) for a dataset. The YAML is written by hand
 * because it is tiny and fixed in shape: every string is emitted as a JSON string, which is
 * also a valid YAML double-quoted scalar, so no title or name can break the document.
 */
import type { Creator, DataCiteAttributes } from '../datacite/types.ts';
import { mainTitle } from './csl.ts';
import { licenceOf, orcidOf, publicationDate } from './people.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';

type CffValue = string | string[] | Array<Record<string, string>>;

function cffAuthor(c: Creator): Record<string, string> {
  const a: Record<string, string> = {};
  const family = c.familyName?.trim();
  if (family && c.nameType !== 'Organizational') {
    a['family-names'] = family;
    if (c.givenName?.trim()) a['given-names'] = c.givenName.trim();
  } else {
    a.name = c.name.trim();
  }
  const orcid = orcidOf(c);
  if (orcid) a.orcid = orcid;
  const aff = c.affiliation?.[0];
  const affName = typeof aff === 'string' ? aff : aff?.name;
  if (affName?.trim()) a.affiliation = affName.trim();
  return a;
}

/**
 * A YAML double-quoted scalar. JSON string syntax is YAML's (YAML 1.2 §7.3.1) except that
 * YAML allows only printable characters raw: DEL, C1 controls, NEL, U+2028/U+2029, the BOM
 * and U+FFFE/U+FFFF are written as \u escapes, and lone surrogates (no YAML escape can hold
 * them) are dropped.
 */
const q = (s: string): string =>
  JSON.stringify(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')).replace(
    /[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'),
  );

function emit(key: string, value: CffValue): string {
  if (typeof value === 'string') return `${key}: ${q(value)}\n`;
  if (value.length === 0) return '';
  let out = `${key}:\n`;
  for (const v of value) {
    if (typeof v === 'string') {
      out += `  - ${q(v)}\n`;
    } else {
      out += Object.entries(v)
        .map(([k, x], i) => `${i === 0 ? '  - ' : '    '}${k}: ${q(x)}\n`)
        .join('');
    }
  }
  return out;
}

export function toCff(attrs: DataCiteAttributes): string {
  const fields: Array<[string, CffValue | undefined]> = [
    ['message', 'If you use this dataset, please cite it using the metadata from this file.'],
    ['type', 'dataset'],
    ['title', mainTitle(attrs) ?? ''],
    ['authors', (attrs.creators ?? []).map(cffAuthor)],
    ['doi', normaliseDoi(attrs.doi)],
    ['url', doiUrl(attrs.doi)],
  ];
  const version = attrs.version ? String(attrs.version).trim() : '';
  if (version) fields.push(['version', version]);
  const date = publicationDate(attrs);
  // CFF wants a full date; a bare year cannot be expressed, so it is left out.
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) fields.push(['date-released', date]);
  const licence = licenceOf(attrs);
  if (licence?.spdxId) fields.push(['license', licence.spdxId]);
  const abstract = attrs.descriptions?.find((d) => d.descriptionType === 'Abstract')?.description?.trim();
  if (abstract) fields.push(['abstract', abstract]);
  const keywords = (attrs.subjects ?? []).map((s) => s.subject?.trim()).filter((s): s is string => Boolean(s));
  if (keywords.length) fields.push(['keywords', keywords]);
  return 'cff-version: 1.2.0\n' + fields.map(([k, v]) => (v === undefined ? '' : emit(k, v))).join('');
}
