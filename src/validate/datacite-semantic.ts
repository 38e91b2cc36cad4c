/**
 * Checks beyond the JSON Schema: identifier syntax and check digits, link schemes, dates,
 * coordinates, licence and description quality. Written defensively (every value is
 * type-checked) so it can run on records the schema has already rejected and report
 * everything in one pass.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { pointer } from '../diagnostics/diagnostic.ts';
import type { Rights } from '../datacite/types.ts';
import { isDataCiteDate } from './dates.ts';
import { classifyUrl, withoutCredentials, isPdbId, isPmcid, isPmid, isValidIssn, isValidOrcid, isValidRor, normaliseOrcid, normaliseRor, pdbIdIn } from '../record/identifiers.ts';
import { isAccessStatement, spdxId, spdxIdOf } from '../record/licence.ts';
import { normaliseDoi, isDoi } from '../record/doi.ts';
import { numberText } from '../record/number-text.ts';

/**
 * A language tag: the xs:language pattern of the DataCite XSD, which every BCP 47 tag
 * matches (`en`, `en-GB`, `zh-Hant-TW`); `en_US`, `English (UK)` or an empty subtag do not.
 */
export const LANGUAGE_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

type Obj = Record<string, unknown>;

/** An identifier scheme by its code or its home page (`https://orcid.org/`), as the record core reads it (record/agents.ts): `ORCID`, `ROR`, … */
function schemeCode(scheme: unknown): string {
  return (typeof scheme === 'string' ? scheme : '').trim().replace(/^(?:https?:\/\/)?(?:www\.)?(orcid|ror)\.org\/?$/i, '$1').toUpperCase();
}
type Path = Array<string | number>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const each = (v: unknown, fn: (o: Obj, i: number) => void): void => {
  if (Array.isArray(v)) v.forEach((o, i) => isObj(o) && fn(o, i));
};

/** Non-link URIs that are fine as text: OpenAIRE `info:` access terms, URNs. */
const TEXT_URI = /^(info|urn):/i;

export const ABSTRACT_MIN = 50;
export const ABSTRACT_MAX = 5000;

export class SemanticChecker {
  constructor(private readonly sink: DiagnosticSink) {}

  /** Set while checking identifiers of related resources (see typedIdentifier). */
  private related = false;

  private add(code: Parameters<DiagnosticSink['add']>[0]['code'], path: Path, message: string): void {
    // A bad identifier of someone else's resource (a related article's ISSN, a related PDB
    // entry) is shown as text rather than linked: a warning. An unsafe link is an error anywhere.
    const severity = this.related && code.startsWith('identifier/') ? 'warning' : undefined;
    const at = pointer(...path);
    if (code === 'link/unsafe-scheme') {
      if (this.unsafeAt.has(at)) return;
      this.unsafeAt.add(at);
    }
    this.sink.add({ code, pointer: at, message, ...(severity ? { severity } : {}) });
  }

  /** Pointers already reported as unsafe links, so the catch-all pass (unsafeAnywhere) reports each once. */
  private readonly unsafeAt = new Set<string | null>();

  /**
   * An unsafe scheme is reported whatever the value claims to be: a `javascript:` value
   * labelled ORCID or ROR is not an identifier to show as text but a link that must not reach
   * any output (the exports carry identifiers as they are). True when it was reported.
   */
  private unsafe(value: unknown, path: Path): boolean {
    const v = str(value);
    if (!v || classifyUrl(v) !== 'unsafe') return false;
    const masked = withoutCredentials(v);
    this.add('link/unsafe-scheme', path, masked !== v ? `${JSON.stringify(masked.slice(0, 80))} carries a user name or password, which is never published` : `${JSON.stringify(v.slice(0, 80))} uses a scheme that is never linked`);
    return true;
  }

  /**
   * Every string of a link-bearing property (`…Uri`, `…Identifier`, `identifier`, `url`),
   * wherever it is in the record: the checks above know what each property means, this one
   * makes sure no property they do not name (now or in a later kernel) carries an unsafe link.
   */
  unsafeAnywhere(a: Obj): void {
    const walk = (node: unknown, path: Path, key: string, depth: number): void => {
      if (depth > 16) return;
      if (typeof node === 'string') {
        if (/(?:uri|url|identifier)$/i.test(key)) this.unsafe(node, path);
      } else if (Array.isArray(node)) node.forEach((x, i) => walk(x, [...path, i], key, depth + 1));
      else if (isObj(node)) for (const [k, v] of Object.entries(node)) walk(v, [...path, k], k, depth + 1);
    };
    walk(a, [], '', 0);
  }

  /** A property that must hold a URL. */
  url(value: unknown, path: Path): void {
    const v = str(value);
    if (!v || this.unsafe(v, path)) return;
    const kind = classifyUrl(v);
    if (kind === 'other-scheme' && !TEXT_URI.test(v.trim())) this.add('link/not-http', path, `${JSON.stringify(v.slice(0, 80))} is not an http(s) URL and will not be linked`);
    else if (kind === 'invalid') this.add('link/invalid', path, `${JSON.stringify(v.slice(0, 80))} is not an absolute URL`);
  }

  /** A property that may hold a URL or a plain identifier: only a dangerous scheme is reported. */
  maybeUrl(value: unknown, path: Path): void {
    this.unsafe(value, path);
  }

  /**
   * `language` and every `lang` become xs:language in the XML export (and `lang`/`inLanguage`
   * on pages): a value that is not a language tag would make the export fail the XSD.
   */
  languages(a: Obj): void {
    const check = (value: unknown, path: Path) => {
      if (typeof value !== 'string' || value === '' || LANGUAGE_TAG.test(value)) return;
      // A POSIX locale (en_US, as DataCite's REST API accepts it) names a language unambiguously.
      if (LANGUAGE_TAG.test(value.replace(/_/g, '-'))) {
        this.add('datacite/language-underscore', path, `${JSON.stringify(value.slice(0, 40))} is read as the language tag ${value.replace(/_/g, '-')}`);
      } else {
        this.add('datacite/language', path, `${JSON.stringify(value.slice(0, 40))} is not a language tag (BCP 47), such as en, de or en-GB`);
      }
    };
    check(a.language, ['language']);
    const walk = (node: unknown, path: Path, depth: number): void => {
      if (depth > 16 || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((x, i) => walk(x, [...path, i], depth + 1));
      for (const [k, v] of Object.entries(node)) {
        if (k === 'lang') check(v, [...path, k]);
        else walk(v, [...path, k], depth + 1);
      }
    };
    for (const [k, v] of Object.entries(a)) if (k !== 'language') walk(v, [k], 0);
  }

  orcid(value: string, path: Path): void {
    if (this.unsafe(value, path)) return;
    if (!normaliseOrcid(value)) this.add('identifier/orcid-syntax', path, `${JSON.stringify(value)} is not an ORCID iD`);
    else if (!isValidOrcid(value)) this.add('identifier/orcid-checksum', path, `ORCID iD ${normaliseOrcid(value)} fails its check digit`);
  }

  ror(value: string, path: Path): void {
    if (this.unsafe(value, path)) return;
    if (!normaliseRor(value)) this.add('identifier/ror-syntax', path, `${JSON.stringify(value)} is not a ROR id`);
    else if (!isValidRor(value)) this.add('identifier/ror-checksum', path, `ROR id ${normaliseRor(value)} fails its check digits`);
  }

  /** Value of an identifier whose type is named by `type` (DataCite relatedIdentifierType or a free alternateIdentifierType). */
  typedIdentifier(value: unknown, type: unknown, path: Path, extra: { schemeType?: unknown; metadataScheme?: unknown; related?: boolean } = {}): void {
    this.related = extra.related ?? false;
    try {
      this.checkTypedIdentifier(value, type, path, extra);
    } finally {
      this.related = false;
    }
  }

  private checkTypedIdentifier(value: unknown, type: unknown, path: Path, extra: { schemeType?: unknown; metadataScheme?: unknown }): void {
    const v = str(value);
    if (!v || this.unsafe(v, path)) return;
    const t = (str(type) ?? '').trim();
    const T = t.toUpperCase();
    const scheme = (str(extra.schemeType) ?? str(extra.metadataScheme) ?? '').trim().toUpperCase();
    if (T === 'URL') this.url(v, path);
    else this.maybeUrl(v, path);
    if (T === 'DOI' && !isDoi(normaliseDoi(v))) this.add('identifier/doi-syntax', path, `${JSON.stringify(v)} is not a DOI`);
    if (T === 'PMID' && !isPmid(v)) this.add('identifier/pmid-syntax', path, `${JSON.stringify(v)} is not a PubMed id`);
    if ((T === 'PMCID' || scheme === 'PMCID') && !isPmcid(v)) this.add('identifier/pmcid-syntax', path, `${JSON.stringify(v)} is not a PMCID`);
    if (['ISSN', 'EISSN', 'LISSN'].includes(T) && !isValidIssn(v)) this.add('identifier/issn-checksum', path, `${JSON.stringify(v)} is not a valid ISSN`);
    if (T === 'ORCID') this.orcid(v, path);
    if (T === 'ROR') this.ror(v, path);
    const pdb = T === 'PDB' || scheme === 'PDB' ? v.replace(/^pdb:/i, '') : pdbIdIn(v, t);
    if (pdb !== undefined && !isPdbId(pdb)) this.add('identifier/pdb-syntax', path, `${JSON.stringify(pdb)} is not a PDB id`);
    const pmc = T === 'URL' ? /ncbi\.nlm\.nih\.gov\/(?:pmc\/)?articles\/([^/?#]+)/i.exec(v)?.[1] : undefined;
    if (pmc !== undefined && !isPmcid(pmc)) this.add('identifier/pmcid-syntax', path, `${JSON.stringify(pmc)} is not a PMCID`);
  }

  person(p: Obj, path: Path): void {
    each(p.nameIdentifiers, (n, i) => {
      const at = [...path, 'nameIdentifiers', i, 'nameIdentifier'];
      const v = str(n.nameIdentifier);
      const scheme = schemeCode(n.nameIdentifierScheme);
      if (v && scheme === 'ORCID') this.orcid(v, at);
      else if (v && scheme === 'ROR') this.ror(v, at);
      else this.maybeUrl(v, at);
      this.url(n.schemeUri, [...path, 'nameIdentifiers', i, 'schemeUri']);
    });
    each(p.affiliation, (a, i) => {
      this.organisationId(a.affiliationIdentifier, a.affiliationIdentifierScheme, a.schemeUri, [...path, 'affiliation', i], 'affiliationIdentifier');
      if (str(a.affiliationIdentifier) && !str(a.name)) {
        this.add('affiliation/name-missing', [...path, 'affiliation', i, 'name'], `The affiliation ${JSON.stringify(String(a.affiliationIdentifier).trim().slice(0, 100))} has no name: the page and JSON-LD show it by its identifier, and the DataCite XML export, whose schema requires a name, leaves it out`);
      }
    });
  }

  organisationId(id: unknown, scheme: unknown, schemeUri: unknown, path: Path, key: string, bareIsRor = true): void {
    const v = str(id);
    const code = schemeCode(scheme);
    // Without a scheme, an affiliation's or publisher's ROR-shaped id is read as ROR
    // (record/agents.ts, fields.ts), so it is checked as one; a funder's is not (funding.ts).
    if (v && (code === 'ROR' || (bareIsRor && !code && normaliseRor(v)))) this.ror(v, [...path, key]);
    else this.maybeUrl(v, [...path, key]);
    this.url(schemeUri, [...path, 'schemeUri']);
  }

  date(value: unknown, path: Path): void {
    const v = str(value);
    if (v && !isDataCiteDate(v)) this.add('date/invalid', path, `${JSON.stringify(v)} is not a DataCite date`);
  }

  coordinate(value: unknown, path: Path, limit: number): void {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (Number.isFinite(n) && Math.abs(n) > limit) this.add('geo/out-of-range', path, `${numberText(n)} is outside -${limit}..${limit}`);
  }

  point(p: unknown, path: Path): void {
    if (!isObj(p)) return;
    this.coordinate(p.pointLongitude, [...path, 'pointLongitude'], 180);
    this.coordinate(p.pointLatitude, [...path, 'pointLatitude'], 90);
  }

  licence(rightsList: unknown): void {
    const entries = list(rightsList);
    entries.forEach((r, i) => {
      this.url(r.rightsUri, ['rightsList', i, 'rightsUri']);
      this.url(r.schemeUri, ['rightsList', i, 'schemeUri']);
      const id = str(r.rightsIdentifier);
      if (id && (str(r.rightsIdentifierScheme) ?? '').toUpperCase() === 'SPDX' && !spdxId(id)) {
        this.add('licence/unknown', ['rightsList', i, 'rightsIdentifier'], `${JSON.stringify(id)} is not an SPDX licence id`);
      }
    });
    const licences = entries.filter((r) => !isAccessStatement(r as Rights) && (str(r.rights) || str(r.rightsUri) || str(r.rightsIdentifier)));
    if (licences.length === 0) {
      this.add('licence/missing', ['rightsList'], 'No licence is given');
    } else if (!licences.some((r) => spdxIdOf(r as Rights) || (str(r.rightsIdentifier) && (str(r.rightsIdentifierScheme) ?? '').toUpperCase() === 'SPDX'))) {
      const r = licences[0];
      const label = str(r.rights) ?? str(r.rightsUri) ?? str(r.rightsIdentifier) ?? '';
      this.add('licence/not-spdx', ['rightsList', entries.indexOf(r)], `Licence ${JSON.stringify(label.slice(0, 80))} is not identified as an SPDX licence`);
    }
  }

  description(descriptions: unknown): void {
    const entries = list(descriptions).map((d, i) => ({ d, i })).filter(({ d }) => str(d.description));
    if (entries.length === 0) {
      this.add('description/missing', ['descriptions'], 'There is no description');
      return;
    }
    const abstract = entries.find(({ d }) => d.descriptionType === 'Abstract') ?? entries[0];
    const length = String(abstract.d.description).replace(/\s+/g, ' ').trim().length;
    if (length < ABSTRACT_MIN || length > ABSTRACT_MAX) {
      this.add('description/length', ['descriptions', abstract.i, 'description'], `The ${String(abstract.d.descriptionType ?? 'description')} is ${length} characters; ${ABSTRACT_MIN}-${ABSTRACT_MAX} suits discovery`);
    }
  }

  run(a: Obj): void {
    each(a.creators, (c, i) => this.person(c, ['creators', i]));
    each(a.contributors, (c, i) => this.person(c, ['contributors', i]));
    if (isObj(a.publisher)) this.organisationId(a.publisher.publisherIdentifier, a.publisher.publisherIdentifierScheme, a.publisher.schemeUri, ['publisher'], 'publisherIdentifier');
    each(a.subjects, (s, i) => {
      this.url(s.schemeUri, ['subjects', i, 'schemeUri']);
      this.url(s.valueUri, ['subjects', i, 'valueUri']);
    });
    each(a.dates, (d, i) => this.date(d.date, ['dates', i, 'date']));
    each(a.identifiers, (d, i) => this.typedIdentifier(d.identifier, d.identifierType, ['identifiers', i, 'identifier']));
    each(a.alternateIdentifiers, (d, i) => this.typedIdentifier(d.alternateIdentifier, d.alternateIdentifierType, ['alternateIdentifiers', i, 'alternateIdentifier']));
    each(a.relatedIdentifiers, (r, i) => {
      this.typedIdentifier(r.relatedIdentifier, r.relatedIdentifierType, ['relatedIdentifiers', i, 'relatedIdentifier'], { schemeType: r.schemeType, metadataScheme: r.relatedMetadataScheme, related: true });
      this.url(r.schemeUri, ['relatedIdentifiers', i, 'schemeUri']);
    });
    each(a.relatedItems, (r, i) => {
      const id = r.relatedItemIdentifier;
      if (isObj(id)) {
        this.typedIdentifier(id.relatedItemIdentifier, id.relatedItemIdentifierType, ['relatedItems', i, 'relatedItemIdentifier', 'relatedItemIdentifier'], { schemeType: id.schemeType, metadataScheme: id.relatedMetadataScheme, related: true });
        this.url(id.schemeUri, ['relatedItems', i, 'relatedItemIdentifier', 'schemeUri']);
      }
    });
    each(a.contributors, (c, i) => {
      if (str(c.name) && !str(c.contributorType)) {
        this.add('contributor/role-missing', ['contributors', i, 'contributorType'], `The contributor ${JSON.stringify(String(c.name).trim().slice(0, 100))} has no contributorType: the page and JSON-LD show the contributor without a role, and the DataCite XML export, whose schema requires one, leaves the contributor out`);
      }
    });
    each(a.alternateIdentifiers, (x, i) => {
      if (str(x.alternateIdentifier) && !str(x.alternateIdentifierType)) {
        this.add('identifier/alternate-type-missing', ['alternateIdentifiers', i, 'alternateIdentifierType'], `The alternate identifier ${JSON.stringify(String(x.alternateIdentifier).trim().slice(0, 100))} has no alternateIdentifierType: it is shown without one, and the DataCite XML export, whose schema requires one, leaves it out`);
      }
    });
    each(a.fundingReferences, (f, i) => {
      if (str(f.funderIdentifier) && !str(f.funderName)) {
        this.add('funding/funder-name-missing', ['fundingReferences', i, 'funderName'], `The funder ${JSON.stringify(String(f.funderIdentifier).trim().slice(0, 100))} has no name: the page and JSON-LD show it by its identifier, and the DataCite XML export, whose schema requires a name, leaves it out`);
      }
      this.organisationId(f.funderIdentifier, f.funderIdentifierType, f.schemeUri, ['fundingReferences', i], 'funderIdentifier', false);
      this.url(f.awardUri, ['fundingReferences', i, 'awardUri']);
    });
    each(a.geoLocations, (g, i) => {
      this.point(g.geoLocationPoint, ['geoLocations', i, 'geoLocationPoint']);
      if (isObj(g.geoLocationBox)) {
        for (const k of ['westBoundLongitude', 'eastBoundLongitude']) this.coordinate(g.geoLocationBox[k], ['geoLocations', i, 'geoLocationBox', k], 180);
        for (const k of ['southBoundLatitude', 'northBoundLatitude']) this.coordinate(g.geoLocationBox[k], ['geoLocations', i, 'geoLocationBox', k], 90);
      }
      const polygons = Array.isArray(g.geoLocationPolygon) && Array.isArray(g.geoLocationPolygon[0]) ? g.geoLocationPolygon : [g.geoLocationPolygon];
      polygons.forEach((poly, p) => {
        const base: Path = polygons.length > 1 || polygons[0] !== g.geoLocationPolygon ? ['geoLocations', i, 'geoLocationPolygon', p] : ['geoLocations', i, 'geoLocationPolygon'];
        each(poly, (pt, j) => {
          this.point(pt.polygonPoint, [...base, j, 'polygonPoint']);
          this.point(pt.inPolygonPoint, [...base, j, 'inPolygonPoint']);
        });
      });
    });
    // The container (the journal or series this is part of) is linked like any related identifier.
    if (isObj(a.container)) {
      this.typedIdentifier(a.container.identifier, a.container.identifierType, ['container', 'identifier'], { related: true });
      this.maybeUrl(a.container.identifier, ['container', 'identifier']);
    }
    this.languages(a);
    this.url(a.url, ['url']);
    this.licence(a.rightsList);
    this.description(a.descriptions);
    this.unsafeAnywhere(a);
  }
}
