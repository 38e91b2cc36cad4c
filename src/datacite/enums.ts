// GENERATED FILE — do not edit. Source: DataCite Metadata Schema kernel-4.7 XSD include/*.xsd.
// Regenerate with: npx tsx scripts/generate-datacite-enums.ts [path/to/kernel-dir]

export const contributorType = [
  "ContactPerson",
  "DataCollector",
  "DataCurator",
  "DataManager",
  "Distributor",
  "Editor",
  "HostingInstitution",
  "Other",
  "Producer",
  "ProjectLeader",
  "ProjectManager",
  "ProjectMember",
  "RegistrationAgency",
  "RegistrationAuthority",
  "RelatedPerson",
  "ResearchGroup",
  "RightsHolder",
  "Researcher",
  "Sponsor",
  "Supervisor",
  "Translator",
  "WorkPackageLeader",
] as const;

export const dateType = [
  "Accepted",
  "Available",
  "Collected",
  "Copyrighted",
  "Coverage",
  "Created",
  "Issued",
  "Other",
  "Submitted",
  "Updated",
  "Valid",
  "Withdrawn",
] as const;

export const descriptionType = [
  "Abstract",
  "Methods",
  "SeriesInformation",
  "TableOfContents",
  "TechnicalInfo",
  "Other",
] as const;

export const funderIdentifierType = [
  "ISNI",
  "GRID",
  "ROR",
  "Crossref Funder ID",
  "Other",
] as const;

export const nameType = [
  "Organizational",
  "Personal",
] as const;

export const numberType = [
  "Article",
  "Chapter",
  "Report",
  "Other",
] as const;

export const relatedIdentifierType = [
  "ARK",
  "arXiv",
  "bibcode",
  "CSTR",
  "DOI",
  "EAN13",
  "EISSN",
  "Handle",
  "IGSN",
  "ISBN",
  "ISSN",
  "ISTC",
  "LISSN",
  "LSID",
  "PMID",
  "PURL",
  "RAiD",
  "RRID",
  "SWHID",
  "UPC",
  "URL",
  "URN",
  "w3id",
] as const;

export const relationType = [
  "IsCitedBy",
  "Cites",
  "IsSupplementTo",
  "IsSupplementedBy",
  "IsContinuedBy",
  "Continues",
  "IsNewVersionOf",
  "IsPreviousVersionOf",
  "IsPartOf",
  "HasPart",
  "IsPublishedIn",
  "IsReferencedBy",
  "References",
  "IsDocumentedBy",
  "Documents",
  "IsCompiledBy",
  "Compiles",
  "IsVariantFormOf",
  "IsOriginalFormOf",
  "IsIdenticalTo",
  "HasMetadata",
  "IsMetadataFor",
  "Reviews",
  "IsReviewedBy",
  "IsDerivedFrom",
  "IsSourceOf",
  "Describes",
  "IsDescribedBy",
  "HasVersion",
  "IsVersionOf",
  "Requires",
  "IsRequiredBy",
  "Obsoletes",
  "IsObsoletedBy",
  "Collects",
  "IsCollectedBy",
  "HasTranslation",
  "IsTranslationOf",
  "Other",
] as const;

export const resourceTypeGeneral = [
  "Audiovisual",
  "Award",
  "Book",
  "BookChapter",
  "Collection",
  "ComputationalNotebook",
  "ConferencePaper",
  "ConferenceProceeding",
  "DataPaper",
  "Dataset",
  "Dissertation",
  "Event",
  "Image",
  "Instrument",
  "InteractiveResource",
  "Journal",
  "JournalArticle",
  "Model",
  "OutputManagementPlan",
  "PeerReview",
  "PhysicalObject",
  "Poster",
  "Preprint",
  "Presentation",
  "Project",
  "Report",
  "Service",
  "Software",
  "Sound",
  "Standard",
  "StudyRegistration",
  "Text",
  "Workflow",
  "Other",
] as const;

export const titleType = [
  "AlternativeTitle",
  "Subtitle",
  "TranslatedTitle",
  "Other",
] as const;

/** Every controlled list, by the name used in the REST attributes shape. */
export const DATACITE_ENUMS = { contributorType, dateType, descriptionType, funderIdentifierType, nameType, numberType, relatedIdentifierType, relationType, resourceTypeGeneral, titleType } as const;

export const DATACITE_KERNEL = "kernel-4.7";
