/**
 * FAIR Signposting (conventions A1): the typed links of a landing page, shared by the
 * HTML `<link>` elements and the RFC 9264 Link Set so the two never disagree. The page
 * carries every link except `item` beyond MAX_HEAD_ITEMS files; the Link Set carries all.
 */

/** Above this many files a page lists no `item` links; the Link Set has them all (A1.6). */
export const MAX_HEAD_ITEMS = 50;

export interface TypedLink {
  rel: string;
  href: string;
  type?: string;
  profile?: string;
}

/** A metadata file beside the landing page, described by a `describedby` link. */
export interface MetadataFile {
  name: string;
  type: string;
  /** For generic media types (JSON, JSON-LD, YAML) the format's namespace or schema (A1.2). */
  profile?: string;
}

export const METADATA_FILES: readonly MetadataFile[] = [
  { name: 'datacite.xml', type: 'application/vnd.datacite.datacite+xml' },
  { name: 'datacite.json', type: 'application/vnd.datacite.datacite+json' },
  { name: 'metadata.jsonld', type: 'application/ld+json', profile: 'https://schema.org/' },
  { name: 'citation.csl.json', type: 'application/vnd.citationstyles.csl+json' },
  { name: 'citation.bib', type: 'application/x-bibtex' },
  { name: 'citation.ris', type: 'application/x-research-info-systems' },
  { name: 'CITATION.cff', type: 'application/yaml', profile: 'https://citation-file-format.github.io/1.2.0/schema.json' },
];

export const LINKSET_FILE = 'linkset.json';
export const LINKSET_TYPE = 'application/linkset+json';

export interface SignpostingInput {
  /** Absolute landing page URL (ends in `/`). */
  landingUrl: string;
  doiUrl: string;
  /** SPDX licence URL (https://spdx.org/licenses/ID), or null. */
  licenceUrl: string | null;
  /** The creators' identifier URIs (ORCID, ROR, ISNI…: agentIdentifierUrl), in order. */
  authors: string[];
  /** schema.org type of the resource (as in the JSON-LD); Dataset when not given. */
  schemaType?: string;
  /** The record's relations with a registered link relation of the same meaning (VERSION_RELS). */
  related?: Array<{ relationType: string; url: string }>;
}

/**
 * DataCite relations with an IANA link relation of the same meaning (RFC 5829 versions). The
 * other relations have none a Signposting client reads as the relation: Cites is not
 * `cite-as` (that is the record's own identifier), HasPart is not `item` (FAIR Signposting's
 * items are the record's own files), and IsPartOf's `collection` is what a file says of its
 * landing page. They are in the JSON-LD and DCAT (schema-org-relations.ts, dcat.ts).
 */
export const VERSION_RELS: Readonly<Record<string, string>> = {
  IsNewVersionOf: 'predecessor-version',
  IsPreviousVersionOf: 'successor-version',
};

/**
 * SPDX licence URIs as https and without the `.html` ending the web pages use (A1.4). Any
 * other licence URL is the record's own and stays as the page and the JSON-LD give it: the
 * same rewrite made `http://creativecommons.org/…` and `https://example.org/terms.html`
 * into other addresses in the Link header and linkset than everywhere else.
 */
export function spdxLicenceUri(url: string | null | undefined): string | null {
  if (!url) return null;
  if (!/^https?:\/\/(www\.)?spdx\.org\/licenses\//i.test(url)) return url;
  return url.replace(/^http:\/\//i, 'https://').replace(/\.html$/, '');
}

/** Landing-page links other than `item` and `linkset`, in the order the page lists them. */
export function landingLinks(input: SignpostingInput): TypedLink[] {
  const links: TypedLink[] = [
    { rel: 'cite-as', href: input.doiUrl },
    { rel: 'type', href: `https://schema.org/${input.schemaType ?? 'Dataset'}` },
    { rel: 'type', href: 'https://schema.org/AboutPage' },
  ];
  for (const file of METADATA_FILES) {
    links.push({ rel: 'describedby', href: input.landingUrl + file.name, type: file.type, ...(file.profile ? { profile: file.profile } : {}) });
  }
  const licence = spdxLicenceUri(input.licenceUrl);
  if (licence) links.push({ rel: 'license', href: licence });
  for (const author of [...new Set(input.authors)]) links.push({ rel: 'author', href: author });
  for (const r of input.related ?? []) {
    const rel = VERSION_RELS[r.relationType];
    if (rel) links.push({ rel, href: r.url });
  }
  return links;
}

export function linksetLink(landingUrl: string): TypedLink {
  return { rel: 'linkset', href: landingUrl + LINKSET_FILE, type: LINKSET_TYPE };
}
