/**
 * A registered DOI that resolves to nothing hurts more than a page with one missing link, so
 * a record with errors is withheld only when what a landing page needs is missing or
 * faulty: its DOI, a title, a creator, the publisher, the publication year, or its
 * resource type (the release state is checked with experiment.json). Any other faulty
 * value — the record's DataCite `url` included, since the site makes the page itself — is
 * left out of the record, and so of the page and every export, and the errors stay in the
 * report, so `check` still fails on them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { isDoi, normaliseDoi } from '../record/doi.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const REMOVED = Symbol('removed');

/**
 * Properties whose absence makes their entry meaningless: an error on them removes the whole
 * entry. A contributor's role and an alternate identifier's type are not among them: without
 * them the entry still names someone or something, and validation keeps it with a warning
 * (contributor/role-missing, identifier/alternate-type-missing).
 */
const ENTRY_KEYS = new Set([
  'name', 'title', 'date', 'dateType', 'relatedIdentifier', 'relatedIdentifierType', 'relationType', 'subject', 'description',
  'descriptionType', 'funderName', 'alternateIdentifier', 'nameIdentifier',
  'pointLongitude', 'pointLatitude', 'westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude',
  'relatedItemType', 'polygonPoint', 'inPolygonPoint',
]);

/**
 * Top-level properties a landing page cannot do without. (`identifiers` is not among them:
 * the DOI is read from `doi`, and the other entries there are alternate identifiers.)
 */
const ESSENTIAL = new Set(['doi', 'publisher', 'publicationYear', 'prefix', 'suffix']);

function segments(pointer: string | null): string[] {
  if (!pointer || pointer === '/') return [];
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export interface Salvage {
  /** The record without the faulty values, or null when it must be withheld. */
  attrs: Obj | null;
  /** Pointers of what was left out. */
  removed: string[];
}

/** Removes the values `errors` point at from a copy of `attrs`; null when an essential value is at fault. */
export function salvage(attrs: unknown, errors: Diagnostic[]): Salvage {
  if (!isObj(attrs)) return { attrs: null, removed: [] };
  const a = structuredClone(attrs);
  const removed: string[] = [];
  for (const d of errors) {
    const path = segments(d.pointer);
    const top = path[0];
    if (top === undefined) return { attrs: null, removed };
    if (top === 'doi') {
      // A DOI written as a resolver URL or `doi:` form still names one DOI unambiguously.
      const doi = typeof a.doi === 'string' ? normaliseDoi(a.doi) : '';
      if (d.code === 'datacite/doi-syntax' && isDoi(doi)) {
        a.doi = doi;
        removed.push('/doi (written as a bare DOI)');
        continue;
      }
      return { attrs: null, removed };
    }
    if (ESSENTIAL.has(top) && !(top === 'publisher' && path.length > 1 && path[1] !== 'name')) return { attrs: null, removed };
    if ((top === 'titles' || top === 'creators') && path.length === 1) return { attrs: null, removed };
    if (top === 'types' && path[1] === 'resourceTypeGeneral') {
      // What kind of resource it is stays unknown: DataCite's own word for that is Other.
      if (isObj(a.types)) a.types.resourceTypeGeneral = 'Other';
      else a.types = { resourceTypeGeneral: 'Other' };
      removed.push(d.pointer!);
      continue;
    }
    if (remove(a, path)) removed.push(d.pointer!);
    else return { attrs: null, removed };
  }
  clean(a);
  for (const key of ['titles', 'creators']) {
    if (!Array.isArray(a[key]) || (a[key] as unknown[]).length === 0) return { attrs: null, removed };
  }
  return { attrs: a, removed: [...new Set(removed)] };
}

/** Marks the value at `path` (or the entry it belongs to) removed; false when there is nothing to remove. */
function remove(root: Obj, path: string[]): boolean {
  let leaf = path.length - 1;
  // An entry-defining property, or a value inside a point/box: the entry it belongs to goes.
  if (ENTRY_KEYS.has(path[leaf]!) || path.slice(0, leaf).some((p) => p === 'geoLocationPoint' || p === 'geoLocationBox')) {
    let i = leaf;
    while (i > 0 && !/^\d+$/.test(path[i]!)) i--;
    leaf = i > 0 ? i : Math.max(0, leaf - 1);
  }
  let parent: unknown = root;
  for (const seg of path.slice(0, leaf)) {
    parent = Array.isArray(parent) ? parent[Number(seg)] : isObj(parent) ? parent[seg] : undefined;
    // An earlier error already left out the entry this value is in (an ORCID and its schemeUri both unsafe).
    if (parent === REMOVED) return true;
    if (parent === undefined) return false;
  }
  const key = path[leaf]!;
  if (Array.isArray(parent) && /^\d+$/.test(key) && Number(key) < parent.length) {
    parent[Number(key)] = REMOVED;
    return true;
  }
  if (isObj(parent) && key in parent) {
    delete parent[key];
    return true;
  }
  // A required property that is missing: its entry goes (e.g. a funding reference without a name).
  if (isObj(parent) && leaf > 0) return remove(root, path.slice(0, leaf));
  return false;
}

function clean(v: unknown): unknown {
  if (Array.isArray(v)) {
    const kept = v.filter((x) => x !== REMOVED);
    v.length = 0;
    v.push(...kept.map(clean));
    return v;
  }
  if (isObj(v)) for (const k of Object.keys(v)) clean(v[k]);
  return v;
}
