/**
 * Citation File Format 1.2.0 (`CITATION.cff`) for a dataset (or software). The YAML is written by hand
 * because it is tiny and fixed in shape: every string is emitted as a JSON string, which is
 * also a valid YAML double-quoted scalar, so no title or name can break the document.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import { normaliseDoi, doiUrl } from '../record/doi.ts';
import { creatorsOf, type Agent } from '../record/agents.ts';
import { abstractOf } from '../record/descriptions.ts';
import { publicationDateOf } from '../record/dates.ts';
import { keywordsOf, mainTitle, resourceTypeOf, versionOf } from '../record/fields.ts';
import { licenceOf } from '../record/licence.ts';

type CffValue = string | string[] | Array<Record<string, string>>;

function cffAuthor(a: Agent): Record<string, string> {
  const out: Record<string, string> = {};
  if (a.kind === 'person' && a.familyName) {
    out['family-names'] = a.familyName;
    if (a.givenName) out['given-names'] = a.givenName;
  } else {
    out.name = a.name;
  }
  if (a.orcidUrl) out.orcid = a.orcidUrl;
  if (a.affiliations[0]) out.affiliation = a.affiliations[0].name;
  return out;
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

/** CFF knows two types: software (DataCite's Software and ComputationalNotebook) and dataset (everything else). */
function cffType(attrs: DataCiteAttributes): 'software' | 'dataset' {
  return ['Software', 'ComputationalNotebook'].includes(resourceTypeOf(attrs).general) ? 'software' : 'dataset';
}

export function toCff(attrs: DataCiteAttributes, releasedOn: string | null = null): string {
  const type = cffType(attrs);
  const fields: Array<[string, CffValue | undefined]> = [
    ['message', `If you use this ${type}, please cite it using the metadata from this file.`],
    ['type', type],
    ['title', mainTitle(attrs) ?? ''],
    ['authors', creatorsOf(attrs).map(cffAuthor)],
    ['doi', normaliseDoi(attrs.doi)],
    ['url', doiUrl(attrs.doi)],
  ];
  const version = versionOf(attrs);
  if (version) fields.push(['version', version]);
  const date = publicationDateOf(attrs, releasedOn);
  // CFF wants a full date; a bare year cannot be expressed, so it is left out.
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) fields.push(['date-released', date]);
  const licence = licenceOf(attrs);
  if (licence?.spdx) fields.push(['license', licence.spdx]);
  const abstract = abstractOf(attrs);
  if (abstract) fields.push(['abstract', abstract]);
  const keywords = keywordsOf(attrs);
  if (keywords.length) fields.push(['keywords', keywords]);
  return 'cff-version: 1.2.0\n' + fields.map(([k, v]) => (v === undefined ? '' : emit(k, v))).join('');
}
