/**
 * Kernels 2.2 to 4.7 read under their own rules: forms that were valid in the kernel a
 * record was registered under (or that the REST API writes) are mapped to their kernel-4.7
 * meaning before the record is checked, so a record is never rejected for having been
 * right when it was registered. Each mapping is reported (as information) with its pointer.
 *
 * - `StartDate`/`EndDate` (kernel 2.x) → one `Collected` range `start/end` (open when one is missing);
 * - contributorType `Funder` (kernel 2–3; kernel 4 moved funders to fundingReferences) → a fundingReference;
 * - resourceTypeGeneral `Film` (kernel 2–3) → `Audiovisual`;
 * - `nameType` in another letter case (`personal`, as some REST records have it) → `Personal`/`Organizational`;
 * - any other controlled-list value written in another letter case or spacing (`isSupplementTo`,
 *   `doi`, `Journal Article`, `crossref funder id`) → the list's own spelling;
 * - related identifiers without a value (kernel 2/3 allowed empty elements) → left out;
 * - a creator or contributor (of the record or of a related item) with a givenName or
 *   familyName but no `name`, as the REST API accepts them → named "Family, Given", the
 *   form DataCite composes for them, so the person is kept rather than left out.
 */
import { DATACITE_ENUMS } from '../datacite/enums.ts';

type Obj = Record<string, unknown>;

export interface LegacyMapping {
  pointer: string;
  message: string;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fixNameType(p: unknown, at: string, out: LegacyMapping[]): void {
  if (!isObj(p) || typeof p.nameType !== 'string') return;
  const t = p.nameType.trim().toLowerCase();
  const canonical = t === 'personal' ? 'Personal' : t === 'organizational' || t === 'organisational' ? 'Organizational' : null;
  if (canonical && canonical !== p.nameType) {
    out.push({ pointer: `${at}/nameType`, message: `nameType ${JSON.stringify(p.nameType)} read as ${canonical}` });
    p.nameType = canonical;
  }
}

const part = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function nameFromParts(p: unknown, at: string, out: LegacyMapping[]): void {
  if (!isObj(p) || part(p.name)) return;
  const family = part(p.familyName);
  const given = part(p.givenName);
  if (!family && !given) return;
  p.name = family && given ? `${family}, ${given}` : family || given;
  out.push({ pointer: `${at}/name`, message: `a name given only as givenName/familyName read as ${JSON.stringify(p.name)}` });
}

type ListName = keyof typeof DATACITE_ENUMS;
const fold = (v: string) => v.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Each controlled list by its values folded to letters and digits: `isSupplementTo`, `is supplement to` → `IsSupplementTo`. */
const FOLDED = new Map(Object.entries(DATACITE_ENUMS).map(([name, values]) => [name, new Map(values.map((v) => [fold(v), v as string]))]));

/** A controlled-list value spelt otherwise (case, spaces) in the list's own spelling; values of no list entry are left to validation. */
function fixTerm(o: unknown, key: string, list: ListName, at: string, out: LegacyMapping[]): void {
  if (!isObj(o) || typeof o[key] !== 'string') return;
  const value = o[key] as string;
  const canonical = FOLDED.get(list)!.get(fold(value));
  if (!canonical || canonical === value) return;
  out.push({ pointer: `${at}/${key}`, message: `${key} ${JSON.stringify(value)} read as ${canonical}` });
  o[key] = canonical;
}

/** Controlled-list values in the list's own spelling, wherever a record holds them. */
function fixTerms(a: Obj, out: LegacyMapping[]): void {
  const each = (key: string, f: (x: unknown, at: string) => void) => {
    if (Array.isArray(a[key])) (a[key] as unknown[]).forEach((x, i) => f(x, `/${key}/${i}`));
  };
  fixTerm(a.types, 'resourceTypeGeneral', 'resourceTypeGeneral', '/types', out);
  each('titles', (x, at) => fixTerm(x, 'titleType', 'titleType', at, out));
  each('contributors', (x, at) => fixTerm(x, 'contributorType', 'contributorType', at, out));
  each('dates', (x, at) => fixTerm(x, 'dateType', 'dateType', at, out));
  each('descriptions', (x, at) => fixTerm(x, 'descriptionType', 'descriptionType', at, out));
  each('fundingReferences', (x, at) => fixTerm(x, 'funderIdentifierType', 'funderIdentifierType', at, out));
  each('relatedIdentifiers', (x, at) => {
    fixTerm(x, 'relatedIdentifierType', 'relatedIdentifierType', at, out);
    fixTerm(x, 'relationType', 'relationType', at, out);
    fixTerm(x, 'resourceTypeGeneral', 'resourceTypeGeneral', at, out);
  });
  each('relatedItems', (x, at) => {
    fixTerm(x, 'relatedItemType', 'resourceTypeGeneral', at, out);
    fixTerm(x, 'relationType', 'relationType', at, out);
    fixTerm(x, 'numberType', 'numberType', at, out);
    if (isObj(x)) fixTerm(x.relatedItemIdentifier, 'relatedItemIdentifierType', 'relatedIdentifierType', `${at}/relatedItemIdentifier`, out);
  });
}

/** A copy of `attrs` with legacy forms in their kernel-4.7 form, and what was mapped. */
export function mapLegacyForms(attrs: unknown): { attrs: unknown; mapped: LegacyMapping[] } {
  if (!isObj(attrs)) return { attrs, mapped: [] };
  const a = structuredClone(attrs);
  const mapped: LegacyMapping[] = [];
  fixTerms(a, mapped);

  for (const key of ['creators', 'contributors'] as const) {
    if (Array.isArray(a[key])) (a[key] as unknown[]).forEach((p, i) => fixNameType(p, `/${key}/${i}`, mapped));
    if (Array.isArray(a[key])) (a[key] as unknown[]).forEach((p, i) => nameFromParts(p, `/${key}/${i}`, mapped));
  }
  if (Array.isArray(a.relatedItems)) {
    (a.relatedItems as unknown[]).forEach((item, i) => {
      for (const key of ['creators', 'contributors'] as const) {
        if (isObj(item) && Array.isArray(item[key])) (item[key] as unknown[]).forEach((p, j) => nameFromParts(p, `/relatedItems/${i}/${key}/${j}`, mapped));
      }
    });
  }

  if (Array.isArray(a.dates)) {
    const dates = a.dates as unknown[];
    const find = (type: string) => dates.findIndex((d) => isObj(d) && d.dateType === type && typeof d.date === 'string' && d.date.trim());
    const s = find('StartDate');
    const e = find('EndDate');
    if (s >= 0 || e >= 0) {
      const start = s >= 0 ? String((dates[s] as Obj).date).trim() : '';
      const end = e >= 0 ? String((dates[e] as Obj).date).trim() : '';
      const first = Math.min(...[s, e].filter((i) => i >= 0));
      const info = [s, e].filter((i) => i >= 0).map((i) => (dates[i] as Obj).dateInformation).find((x) => typeof x === 'string');
      const collected: Obj = { date: `${start}/${end}`, dateType: 'Collected', ...(info ? { dateInformation: info } : {}) };
      mapped.push({ pointer: `/dates/${first}`, message: `StartDate/EndDate (kernel 2) read as the Collected range ${collected.date}` });
      a.dates = dates.flatMap((d, i) => (i === first ? [collected] : i === s || i === e ? [] : [d]));
    }
  }

  if (Array.isArray(a.contributors)) {
    const funders: Obj[] = [];
    a.contributors = (a.contributors as unknown[]).filter((c, i) => {
      if (!isObj(c) || c.contributorType !== 'Funder') return true;
      const name = typeof c.name === 'string' ? c.name.trim() : '';
      if (name) {
        const id = Array.isArray(c.nameIdentifiers) ? (c.nameIdentifiers as unknown[]).find(isObj) : undefined;
        funders.push({
          funderName: name,
          ...(id && typeof id.nameIdentifier === 'string' ? { funderIdentifier: id.nameIdentifier, funderIdentifierType: /crossref|fundref/i.test(String(id.nameIdentifierScheme ?? '')) ? 'Crossref Funder ID' : 'Other' } : {}),
        });
      }
      mapped.push({ pointer: `/contributors/${i}`, message: `contributorType Funder (kernel 2–3) read as a funding reference${name ? ` to ${name}` : ''}` });
      return false;
    });
    if (funders.length) a.fundingReferences = [...(Array.isArray(a.fundingReferences) ? a.fundingReferences : []), ...funders];
  }

  if (isObj(a.types) && a.types.resourceTypeGeneral === 'Film') {
    mapped.push({ pointer: '/types/resourceTypeGeneral', message: 'resourceTypeGeneral Film (kernel 2–3) read as Audiovisual' });
    a.types.resourceTypeGeneral = 'Audiovisual';
  }

  if (Array.isArray(a.relatedIdentifiers)) {
    a.relatedIdentifiers = (a.relatedIdentifiers as unknown[]).filter((r, i) => {
      const empty = isObj(r) && (r.relatedIdentifier === undefined || r.relatedIdentifier === null || (typeof r.relatedIdentifier === 'string' && !r.relatedIdentifier.trim()));
      if (empty) mapped.push({ pointer: `/relatedIdentifiers/${i}`, message: 'a related identifier without a value is left out' });
      return !empty;
    });
  }
  return { attrs: a, mapped };
}
