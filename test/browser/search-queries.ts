/**
 * The queries a reader types and where their first result must lead, on the demo site:
 * the relevance table of search-relevance.test.ts, run again over the index in shards by
 * search-shards.test.ts. The table grows with every relevance bug.
 */
export const ESRF_LYSO = '/doi/10.5072/aperture-demo.esrf-id23-1-lyso/';
export const P11 = '/doi/10.5072/aperture-demo.p11-ssx-lyso/';
export const SWISSFEL = '/doi/10.5072/aperture-demo.swissfel-pyp/';
export const EUXFEL = '/doi/10.5072/aperture-demo.euxfel-spb-mpro/';
export const LCLS = '/doi/10.5072/aperture-demo.lcls-cxi-ps1/';
export const INSULIN = '/doi/10.5072/aperture-demo.sls-x06sa-ins/';
export const THAUMATIN = '/doi/10.5072/aperture-demo.diamond-i03-thau/';
export const MULTI = '/doi/10.5072/aperture-demo.diamond-i04-mc/';
export const PROTK = '/doi/10.5072/aperture-demo.as-mx2-protk/';
export const TRYPSIN = '/doi/10.5072/aperture-demo.als-821-tryp/';
export const ALEODON = '/doi/10.15151/esrf-dc-2493599001/';
export const EMBARGOED = '/doi/10.15151/esrf-es-2210534378/';
/** The records under CC BY 4.0: every searchable one but LCLS's (CC0). */
export const CC_BY = [ESRF_LYSO, P11, SWISSFEL, EUXFEL, INSULIN, THAUMATIN, MULTI, PROTK, TRYPSIN, ALEODON, EMBARGOED];

/** [query, where the first result must lead (one of), or null for "no result"]. */
export const QUERIES: Array<[query: string, first: string[] | null]> = [
  // Identifiers: the record's DOI in its usual spellings.
  ['10.5072/aperture-demo.esrf-id23-1-lyso', [ESRF_LYSO]],
  ['https://doi.org/10.5072/aperture-demo.swissfel-pyp', [SWISSFEL]],
  ['doi:10.15151/ESRF-DC-2493599001', [ALEODON]],
  // The DOI's suffix alone, as records are often named.
  ['esrf-dc-2493599001', [ALEODON]],
  ['aperture-demo.p11-ssx-lyso', [P11]],
  ['10.15151/esrf-es-2210534378', [EMBARGOED]],
  // PDB IDs, in any case; one in no record finds nothing (it used to find a P11 record).
  ['6LU7', [EUXFEL]],
  ['2ptn', [TRYPSIN]],
  ['1LYZ', [ESRF_LYSO, P11]],
  ['PDB-1LYZ', [ESRF_LYSO, P11]],
  ['2LZM', [MULTI]],
  ['7XYZ', null],
  // Proposal numbers.
  ['MX-9001', [ESRF_LYSO]],
  ['I-20240123', [P11]],
  ['20221234', [INSULIN]],
  // ORCIDs, bare and as URLs.
  ['0000-0003-9000-0014', [ESRF_LYSO]],
  ['https://orcid.org/0000-0003-9000-017X', [SWISSFEL]],
  // An organisation's ROR address finds the records whose people work there (PSI's, on two records).
  ['https://ror.org/03eh3y714', [INSULIN, SWISSFEL]],
  // Identifiers as copied from a resolver or registry, the scheme left off as address bars show it.
  ['doi.org/10.5072/aperture-demo.p11-ssx-lyso', [P11]],
  ['orcid.org/0000-0003-9000-0014', [ESRF_LYSO]],
  ['https://www.rcsb.org/structure/1LYZ', [ESRF_LYSO, P11]],
  // … URL-encoded, from a handle resolver or a landing page, between typographic quotes.
  ['https://doi.org/10.5072%2Faperture-demo.esrf-id23-1-lyso', [ESRF_LYSO]],
  ['https://hdl.handle.net/10.5072/aperture-demo.p11-ssx-lyso', [P11]],
  ['https://archive.example.org/doi/10.5072/aperture-demo.swissfel-pyp/', [SWISSFEL]],
  ['“10.5072/aperture-demo.euxfel-spb-mpro”', [EUXFEL]],
  // … and the other labels and addresses of PDB entries and PubMed articles.
  ['PDB code 2LZM', [MULTI]],
  ['https://pdbe.org/6lu7', [EUXFEL]],
  ['https://www.rcsb.org/pdb/explore/explore.do?structureId=2PTN', [TRYPSIN]],
  ['pubmed 21293373', [LCLS, SWISSFEL]],
  ['PubMed ID: 21293373', [LCLS, SWISSFEL]],
  ['https://www.ncbi.nlm.nih.gov/pubmed/20124692', [TRYPSIN, ESRF_LYSO, INSULIN]],
  // Related DOIs (the article the data supports), and the article's PubMed ID.
  ['10.1038/nature09750', [LCLS, SWISSFEL]],
  ['PMID 21293373', [LCLS, SWISSFEL]],
  ['https://pubmed.ncbi.nlm.nih.gov/20124692/', [TRYPSIN, ESRF_LYSO, INSULIN]],
  // Funders and grants; the grant of a withdrawn or an unreleased record finds nothing.
  ['DEMO-101-ERC', [ESRF_LYSO]],
  ['Wellcome Trust', [THAUMATIN, MULTI]],
  ['Deutsche Forschungsgemeinschaft', [EUXFEL, P11]],
  ['DEMO-303-BB', null],
  ['DEMO-131-ERC', null],
  // File names lead to the dataset page that lists them.
  ['lyso_1_00001.cbf', [`${ESRF_LYSO}datasets/lyso-1/`]],
  // A path as the listing shows it finds the file by its name.
  ['images/lyso_1_00001.cbf', [`${ESRF_LYSO}datasets/lyso-1/`]],
  ['processed/XDS.INP', [`${ESRF_LYSO}datasets/lyso-1-xds/`]],
  ['XDS.INP', [`${ESRF_LYSO}datasets/lyso-1-xds/`]],
  ['thau_02_master.h5', [`${THAUMATIN}datasets/thau-02/`]],
  // A frame deep in the 20,000-file dataset lands on the listing page that holds it.
  ['chip07_012345.cbf', [`${P11}datasets/chip-07/page/50/`]],
  // Withdrawn and unreleased records are found by nothing.
  ['1EMA', null],
  ['gfp', null],
  ['MX-9999', null],
  ['zqx7', null],
  // Words match words: "withdrawn" is in no record, and must not match "with".
  ['withdrawn', null],
  // Protein names.
  ['insulin', [INSULIN]],
  ['thaumatin', [THAUMATIN]],
  ['proteinase K', [PROTK]],
  // Joined where the record writes the words apart.
  ['Proteinase-K', [PROTK]],
  ['trypsin', [TRYPSIN]],
  ['photoactive yellow protein', [SWISSFEL]],
  ['SARS-CoV-2 main protease', [EUXFEL]],
  ['Hen egg-white lysozyme', [ESRF_LYSO]],
  ['Aleodon', [ALEODON]],
  // Authors.
  ['Moreau', [ESRF_LYSO]],
  ['Nguyen', [PROTK]],
  ['Choiniere', [ALEODON]],
  ['Brunner', [SWISSFEL]],
  // Names with and without their accents.
  ['Élise Moreau', [ESRF_LYSO]],
  ['Elise Moreau', [ESRF_LYSO]],
  ['Tomas Reyes', [THAUMATIN]],
  // … and with the letters pagefind does not fold (the insulin record's curator is Søren Strauß, of the Universität Zürich).
  ['Strauß', [INSULIN]],
  ['Strauss', [INSULIN]],
  ['Soren Strauss', [INSULIN]],
  ['Soeren', [INSULIN]],
  ['Universität Zürich', [INSULIN]],
  ['Universitat Zurich', [INSULIN]],
  ['Universitaet Zuerich', [INSULIN]],
  // Beamlines and facilities.
  ['X06SA', [INSULIN]],
  ['P11', [P11]],
  ['Australian Synchrotron', [PROTK]],
  // A beamline typed with a space between its letters and its number.
  ['BM 05', [ALEODON]],
  ['ID 23-1', [ESRF_LYSO]],
  // Publishers and affiliations, and organisations by their acronyms (a withdrawn record's BBSRC grant is no answer).
  ['Australian Nuclear Science and Technology Organisation', [PROTK]],
  ['ANSTO', [PROTK]],
  ['Paul Scherrer Institute', [INSULIN, SWISSFEL]],
  ['PSI', [INSULIN, SWISSFEL]],
  ['DLS', [THAUMATIN, MULTI]],
  ['EMBL', [ESRF_LYSO, P11]],
  ['European Molecular Biology Laboratory', [ESRF_LYSO, P11]],
  ['University of Oxford', [ESRF_LYSO, EUXFEL]],
  ['University of Virginia', [TRYPSIN]],
  ['MRC Laboratory of Molecular Biology', [THAUMATIN]],
  ['SLAC', [LCLS]],
  ['BBSRC', [THAUMATIN]],
  ['SNF', [INSULIN, SWISSFEL]],
  // Licences as written on deeds and in SPDX, and resource types.
  ['CC BY 4.0', CC_BY],
  ['CC-BY-4.0', CC_BY],
  ['cc by', CC_BY],
  ['Creative Commons', [...CC_BY, LCLS]],
  ['Datacollection', [ALEODON]],
  ['Experiment Session', [EMBARGOED]],
  // Techniques.
  ['tomography', [ALEODON]],
  ['serial femtosecond crystallography', [SWISSFEL, EUXFEL, LCLS]],
  // Words of a Methods or TechnicalInfo description, which are on the page too.
  ['sodium potassium tartrate', [THAUMATIN]],
  // Dates are words: the release and the beamtime.
  ['Lysozyme ESRF 2024', [ESRF_LYSO]],
  ['February 2024', [ESRF_LYSO]],
  // A number typed against its unit; a possessive; an OR with nothing after it.
  ['1.1Å', [ESRF_LYSO]],
  ["Moreau's lysozyme", [ESRF_LYSO]],
  ['lysozyme OR', [MULTI, ESRF_LYSO, P11]],
  // Sentences no record holds whole: the records holding most of their words, rarest first; "OR" as search engines read it.
  ['crystal structure of insulin', [INSULIN]],
  ['structure data for thaumatin', [THAUMATIN]],
  ['lysozyme OR insulin', [INSULIN, MULTI, ESRF_LYSO, P11]],
  // A list is the records of either.
  ['thaumatin, trypsin', [THAUMATIN, TRYPSIN]],
  // Words left out as search engines write it: the records holding them are not answers.
  ['lysozyme -insulin', [MULTI, ESRF_LYSO, P11]],
  ['lysozyme NOT insulin', [MULTI, ESRF_LYSO, P11]],
  ['crystallography -serial', [EMBARGOED, PROTK, MULTI, THAUMATIN, TRYPSIN, INSULIN, ESRF_LYSO]],
  ['insulin -insulin', null],
  // A surname typed without its space, a compound one typed apart (De Sanctis is the metadata-only record's contributor).
  ['desanctis', [EMBARGOED]],
  ['Achter berg', [THAUMATIN]],
  ['Fitz Gerald', [PROTK]],
  // British and American spellings find each other (the records write "sulfur SAD", "vapour diffusion", "Organisation").
  ['sulphur SAD', [INSULIN]],
  ['vapor diffusion', [THAUMATIN]],
  ['Australian Nuclear Science and Technology Organization', [PROTK]],
  // A Greek letter typed as its name (the trypsin record's sample is β-trypsin).
  ['beta-trypsin', [TRYPSIN]],
  ['beta trypsin', [TRYPSIN]],
  // Techniques and model samples by the short names the community uses for them, where the record spells them out.
  ['CT', [ALEODON]],
  ['HEWL', [ESRF_LYSO]],
  ['T4L', [MULTI]],
  // Units typed without the keys for them (the records write "1.1 Å" and "0.856 µm").
  ['1.1 angstrom', [ESRF_LYSO]],
  ['0.856um', [ALEODON]],
  ['0.856 um', [ALEODON]],
  ['0.856 micron', [ALEODON]],
  // The words as typed rank ahead of words sharing their stem or prefix: the record on the
  // "EIGER X 16M" before the one on the "EIGER2 XE 16M", the one that says "crystallized" (as
  // "crystallised") before those of "multi-crystal lysozyme" and "lysozyme crystals".
  ['EIGER X 16M', [PROTK]],
  ['crystallized lysozyme', [ESRF_LYSO]],
  // Numbered names in Roman numerals or digits alike (P11 is at PETRA III, the LCLS record's sample
  // photosystem I); photosystem II is no other way to write photosystem I, whatever "2" the page holds.
  ['PETRA 3', [P11]],
  ['petra iii', [P11]],
  ['photosystem 1', [LCLS]],
  ['photosystem 2', null],
  // A name with its umlaut spelt out finds the name written without it (P11's curator is Lukas Muller).
  ['Mueller', [P11]],
  ['Müller', [P11]],
  // Space groups however typed (the ESRF record's crystals are in P4₃2₁2, as printed).
  ['P43212', [ESRF_LYSO]],
  ['P 43 21 2', [ESRF_LYSO]],
  ['P4(3)2(1)2', [ESRF_LYSO]],
  ['P4_32_12', [ESRF_LYSO]],
  // A resolution typed with "A" for Å, against its number; a word the reader hyphenates and the record writes as one.
  ['1.1A', [ESRF_LYSO]],
  ['cryo-cooled', [PROTK]],
  // A beamline named as readers name it, whether or not the record's text says "beamline".
  ['beamline P11', [P11]],
  ['ALS beamline 8.2.1', [TRYPSIN]],
  // The source by its name spelt out: the XFEL records write "XFEL".
  ['X-ray free electron laser', [SWISSFEL, EUXFEL, LCLS]],
  ['free-electron laser', [SWISSFEL, EUXFEL, LCLS]],
  // A target by its other names: the SARS-CoV-2 main protease is Mpro, 3CLpro and nsp5, the virus
  // the one of COVID-19; photosystem I is "PS I" (and "PSI" the Paul Scherrer Institute, above).
  ['Mpro', [EUXFEL]],
  ['3CLpro', [EUXFEL]],
  ['nsp5', [EUXFEL]],
  ['COVID-19', [EUXFEL]],
  ['PS I', [LCLS]],
  ['PS II', null],
  // A short name's Roman numeral is a number, not a slip: "PSII" and "PXII" find no record of PSI or PXI.
  ['PSII', null],
  ['PXII', null],
  // A beamline after its facility's "BL", or by its own name (SLS X06SA is "PX I", ESRF ID30A-3 "MASSIF-3").
  ['BL8.2.1', [TRYPSIN]],
  ['BL-8.2.1', [TRYPSIN]],
  ['8.2.1', [TRYPSIN]],
  ['ID23 1', [ESRF_LYSO]],
  ['id231', [ESRF_LYSO]],
  ['PXI', [INSULIN]],
  ['PX I', [INSULIN]],
  ['PX-I', [INSULIN]],
  ['MASSIF-3', [EMBARGOED]],
  // Detectors by their short names (the records write "JUNGFRAU 16M", "EIGER X 16M", "PILATUS 6M").
  ['JF16M', [SWISSFEL]],
  ['Jungfrau 16M', [SWISSFEL]],
  ['E16M', [PROTK]],
  ['P6M', [ESRF_LYSO, P11, INSULIN, MULTI]],
  ['Pilatus6M', [ESRF_LYSO, P11, INSULIN, MULTI]],
  ['Pilatus 6MF', [MULTI]],
  // A reference as cited, and a range of release years (the trypsin record was released in 2019, the LCLS one in 2021).
  ['Schmidt et al.', [EUXFEL]],
  ['Schmidt et al., 2023', [EUXFEL]],
  ['2019-2021', [TRYPSIN, LCLS]],
  ['serial 2019–2021', [LCLS]],
  // A misspelling still finds the record; a word no record has finds nothing.
  ['thaumatn', [THAUMATIN]],
  ['photosystme', [LCLS]],
  ['xylophone', null],
];

