/**
 * Diagnostic codes of DataCite metadata validation (src/validate/datacite.ts). Errors keep a
 * record off the site; warnings are quality findings DataCite itself allows. docs/validation.md
 * explains each one.
 */
import type { CodeTable } from '../diagnostics/codes.ts';

export const VALIDATE_CODES = {
  'datacite/schema': {
    severity: 'error',
    title: 'The metadata does not match the DataCite 4.7 schema',
    hint: 'Fix the property at the pointer; see https://datacite-metadata-schema.readthedocs.io/en/4.7/ for allowed values.',
  },
  'datacite/legacy-form': {
    severity: 'info',
    title: 'A form valid in an older kernel (or as the REST API writes it) was read as its kernel-4.7 equivalent',
    hint: 'Nothing to do; re-registering with kernel 4.7 forms (Collected ranges, fundingReferences, controlled-list values spelt as the list spells them) removes the note.',
  },
  'datacite/value-left-out': {
    severity: 'warning',
    title: 'The record is published, but values with errors are left out of its page and every export',
    hint: 'Fix the errors reported for this record; the values return to the page on the next build.',
  },
  'datacite/doi-syntax': {
    severity: 'error',
    title: "The record's DOI is not of the form 10.NNNN/suffix",
    hint: 'Give the bare DOI (e.g. 10.5072/abc-123), without https://doi.org/ or doi: in front.',
  },
  'datacite/language': {
    severity: 'error',
    title: 'A language or lang value is not a language tag (BCP 47)',
    hint: 'Use an IETF language tag such as en, de, fr or en-GB (a hyphen, not an underscore); the DataCite XML export requires one.',
  },
  'datacite/language-underscore': {
    severity: 'warning',
    title: 'A language or lang value writes its subtag after an underscore (en_US), a locale, not a language tag',
    hint: 'Write it with a hyphen (en-US). It is read as that tag, and the DataCite XML export writes it so, as xs:language requires.',
  },
  'doi/non-ascii': {
    severity: 'error',
    title: 'The DOI contains a character outside printable ASCII (a look-alike, a space or a control character)',
    hint: 'Copy the DOI exactly as registered at DataCite; DataCite DOIs use ASCII letters, digits and punctuation only.',
  },
  'doi/duplicate': {
    severity: 'error',
    title: 'Two records share a DOI (DOIs are case-insensitive)',
    hint: 'Each DOI names exactly one record; remove or correct the later copy.',
  },
  'identifier/doi-syntax': {
    severity: 'warning',
    title: 'A related DOI is malformed, so it will not be linked',
    hint: 'Give the bare DOI (10.NNNN/suffix) or a https://doi.org/ URL.',
  },
  'identifier/orcid-syntax': {
    // Not shaped like an ORCID at all: shown as text, never linked. A well-formed iD whose
    // check digit fails is a typo in a real iD, and that is an error (orcid-checksum).
    severity: 'warning',
    title: 'A value labelled ORCID is not shaped like an ORCID iD (16 digits, last may be X), so it is shown as text',
    hint: 'Use the form 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097.',
  },
  'identifier/orcid-checksum': {
    severity: 'error',
    title: 'An ORCID iD fails its ISO 7064 11,2 check digit',
    hint: 'A digit is mistyped; copy the iD from the person\'s ORCID record.',
  },
  'identifier/ror-syntax': {
    severity: 'warning',
    title: 'A value labelled ROR is not shaped like a ROR id (0 + 6 base-32 characters + 2 check digits), so it is shown as text',
    hint: 'Use the form https://ror.org/05gq02987 or 05gq02987.',
  },
  'identifier/ror-checksum': {
    severity: 'error',
    title: 'A ROR id fails its ISO 7064 mod 97-10 check digits',
    hint: 'A character is mistyped; copy the id from https://ror.org.',
  },
  'identifier/pdb-syntax': {
    severity: 'error',
    title: 'A PDB id is neither a classic 4-character id nor an extended pdb_ id',
    hint: 'Use e.g. 1ABC (digit 1-9 then 3 letters/digits) or pdb_00001abc.',
  },
  'identifier/pmid-syntax': {
    severity: 'error',
    title: 'A PubMed id is not a positive whole number',
    hint: 'Give the PMID digits only, e.g. 31234567.',
  },
  'identifier/pmcid-syntax': {
    severity: 'error',
    title: 'A PubMed Central id is not PMC followed by digits',
    hint: 'Use the form PMC1234567.',
  },
  'identifier/issn-checksum': {
    severity: 'error',
    title: 'An ISSN is malformed or fails its mod-11 check digit',
    hint: 'Use the form 0317-8471; the last character is the check digit (0-9 or X).',
  },
  'link/unsafe-scheme': {
    severity: 'error',
    title: 'A URL uses a scheme that is never safe to link (javascript:, data:, vbscript:, file:…), or carries a user name or password (https://user:pass@…)',
    hint: 'Only http and https links without credentials are published; replace the URL.',
  },
  'link/not-http': {
    severity: 'warning',
    title: 'A URI is not http/https (e.g. info:, ftp:, urn:), so it is shown as text, not linked',
    hint: 'Use an https:// URL if there is one.',
  },
  'link/invalid': {
    severity: 'warning',
    title: 'A property that should hold a URL does not hold one',
    hint: 'Give an absolute https:// URL.',
  },
  'date/invalid': {
    severity: 'warning',
    title: 'A date is not in a DataCite date format (YYYY, YYYY-MM-DD, ISO 8601 date-time, or a range a/b with an open end empty or ..)',
    hint: 'Use W3CDTF/ISO 8601, e.g. 2024-03-01, 2024-03-01/2024-03-05 for a range, 2024-03-01/.. for one still open. A date written otherwise ("March 2011", "07.04.2017") is read when it says one date, and shown as registered when it does not.',
  },
  'date/future-publication': {
    severity: 'warning',
    title: 'The publication year or Issued date lies after the day the record became public (or after today)',
    hint: 'Give the year the DOI was made public; the date the files open belongs in an Available date. Citations name the release year meanwhile.',
  },
  'funding/funder-name-missing': {
    severity: 'warning',
    title: 'A funder is given only by its identifier (ROR, Crossref Funder ID, ISNI…), without the funderName the schema requires',
    hint: 'Add the funder\'s name. Meanwhile the page links the identifier, JSON-LD names the funder by it, and the DataCite XML export leaves the entry out (its schema requires a name).',
  },
  'affiliation/name-missing': {
    severity: 'warning',
    title: 'An affiliation is given only by its identifier (ROR, GRID, ISNI…), without the name the schema requires',
    hint: 'Add the organisation\'s name. Meanwhile the page and the JSON-LD name it by its identifier (linked when it can be), and the DataCite XML export leaves it out (its schema requires a name).',
  },
  'contributor/role-missing': {
    severity: 'warning',
    title: 'A contributor has no contributorType (or one outside the controlled list), which the schema requires',
    hint: 'Give the role from DataCite\'s list (DataCollector, ContactPerson, HostingInstitution…; Other when none fits). Meanwhile the contributor is shown without a role and left out of the DataCite XML export only.',
  },
  'identifier/alternate-type-missing': {
    severity: 'warning',
    title: 'An alternate identifier has no alternateIdentifierType (or it sits on the wrong element), which the schema requires',
    hint: 'Say what kind of identifier it is (e.g. "Local accession", "URL") on each alternateIdentifier. Meanwhile it is shown without a type and left out of the DataCite XML export only.',
  },
  'geo/out-of-range': {
    severity: 'error',
    title: 'A latitude or longitude is outside -90..90 / -180..180',
    hint: 'Give decimal degrees; check for swapped latitude and longitude.',
  },
  'licence/missing': {
    severity: 'warning',
    title: 'No licence is given, so reusers cannot tell what they may do with the data',
    hint: 'Add a rightsList entry with rightsIdentifier (SPDX id, e.g. CC-BY-4.0) and rightsIdentifierScheme "SPDX".',
  },
  'licence/not-spdx': {
    severity: 'warning',
    title: 'The licence is not identified by an SPDX id or a URL that maps to one',
    hint: 'Add rightsIdentifier with an SPDX id (https://spdx.org/licenses/) and rightsIdentifierScheme "SPDX".',
  },
  'licence/unknown': {
    severity: 'error',
    title: 'rightsIdentifierScheme says SPDX but the id is not on the SPDX licence list',
    hint: 'Correct the id against https://spdx.org/licenses/ (e.g. CC-BY-4.0, CC0-1.0, MIT).',
  },
  'description/missing': {
    severity: 'warning',
    title: 'There is no description, so search engines and readers have little to go on',
    hint: 'Add a description with descriptionType "Abstract" of 50-5000 characters.',
  },
  'description/length': {
    severity: 'warning',
    title: 'The abstract is shorter than 50 or longer than 5000 characters (schema.org discovery guidance)',
    hint: 'Write an abstract of 50-5000 characters; move long detail to descriptionType "TechnicalInfo" or "Methods".',
  },
} satisfies CodeTable;
