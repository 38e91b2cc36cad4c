/**
 * RIS written from the CSL item, line by line, instead of citation-js's RIS output: that
 * output hard-wraps long values at about 70 characters (readers rejoin the pieces with a
 * space, "organizat ion"), does not zero-pad dates and maps every type through CSL. Here
 * each tag is one line of any length, dates are `YYYY/MM/DD/`, TY follows the DataCite
 * resource type as bolognese maps it, and the publisher (PB), series or journal (T2, SN)
 * are written.
 */
import type { CslItem, CslName } from './csl.ts';

/** DataCite resourceTypeGeneral → RIS TY (bolognese's table; anything else is GEN). */
export const RIS_TYPES: Readonly<Record<string, string>> = {
  Audiovisual: 'MPCT',
  Book: 'BOOK',
  BookChapter: 'CHAP',
  ComputationalNotebook: 'COMP',
  ConferencePaper: 'CPAPER',
  ConferenceProceeding: 'CONF',
  DataPaper: 'JOUR',
  Dataset: 'DATA',
  Dissertation: 'THES',
  Image: 'FIGURE',
  Journal: 'JFULL',
  JournalArticle: 'JOUR',
  Report: 'RPRT',
  Software: 'COMP',
  Sound: 'SOUND',
  Standard: 'STAND',
  Text: 'RPRT',
  // Kernel 4.6 and 4.7 types: a grant is GRANT; a talk is SLIDE, and so is a poster, which
  // reference managers (Zotero) file as a presentation.
  Award: 'GRANT',
  Poster: 'SLIDE',
  Presentation: 'SLIDE',
};

/** CSL type → RIS TY, for items whose DataCite type is not known. */
const CSL_TO_RIS: Readonly<Record<string, string>> = {
  dataset: 'DATA',
  software: 'COMP',
  'article-journal': 'JOUR',
  book: 'BOOK',
  chapter: 'CHAP',
  'paper-conference': 'CPAPER',
  thesis: 'THES',
  report: 'RPRT',
  graphic: 'FIGURE',
  motion_picture: 'MPCT',
  song: 'SOUND',
  standard: 'STAND',
};

/** One RIS value on one line: line breaks and other control characters become spaces. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function name(n: CslName): string {
  if (n.family) return n.given ? `${n.family}, ${n.given}` : n.family;
  return n.literal ?? '';
}

function pad(n: number | undefined): string {
  return n === undefined ? '' : String(n).padStart(2, '0');
}

/** What RIS carries beyond CSL-JSON: the DataCite resource type (TY) and the container's identifier (SN). */
export interface RisExtras {
  resourceTypeGeneral?: string;
  /** ISSN, ISBN or DOI of the series or journal. */
  containerIdentifier?: string | null;
}

export function formatRisLines(item: CslItem, extras: RisExtras = {}): string {
  const { resourceTypeGeneral } = extras;
  const lines: string[] = [];
  const add = (tag: string, value: string | undefined | null): void => {
    const v = value ? oneLine(value) : '';
    if (v) lines.push(`${tag}  - ${v}`);
  };
  const ty = (resourceTypeGeneral && RIS_TYPES[resourceTypeGeneral]) || CSL_TO_RIS[item.type] || 'GEN';
  add('TY', ty);
  add('TI', item.title);
  add('T2', item['container-title']);
  for (const a of item.author ?? []) add('AU', name(a));
  for (const e of item.editor ?? []) add('A2', name(e));
  add('DO', item.DOI);
  add('UR', item.URL);
  add('AB', item.abstract);
  for (const k of item.categories ?? []) add('KW', k);
  const parts = item.issued?.['date-parts']?.[0];
  if (parts?.length) {
    add('PY', String(parts[0]));
    if (parts.length > 1) add('DA', `${parts[0]}/${pad(parts[1])}/${pad(parts[2])}/`);
  }
  add('PB', item.publisher);
  // ET is the edition, except in a journal article, where the RIS spec makes it the e-pub date:
  // a version there was read as a date (citation-js: available-date 0000-01 for "1.0").
  if (ty !== 'JOUR') add('ET', item.version);
  add('LA', item.language);
  add('SN', item.ISSN ?? extras.containerIdentifier);
  add('VL', item.volume);
  add('IS', item.issue);
  const [sp, ep] = (item.page ?? '').split('-');
  add('SP', sp);
  add('EP', ep);
  lines.push('ER  - ');
  return lines.join('\n') + '\n';
}
