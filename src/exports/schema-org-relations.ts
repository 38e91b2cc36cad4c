/**
 * DataCite relations (relatedIdentifiers and relatedItems, every kernel-4.7 relationType) as
 * schema.org properties. A relation with a schema.org property of the same meaning is written
 * as that property, or under `@reverse` when schema.org names it from the other side (what
 * cites this dataset is `@reverse citation`). A relation schema.org has no word for
 * (Requires, Obsoletes, Collects, Continues, Other…) is not dropped: it is a `mentions` whose
 * Role names the relation, schema.org's own way to qualify a property.
 */
import type { DataCiteAttributes } from '../datacite/types.ts';
import type { relationType } from '../datacite/enums.ts';
import { relatedWorks, type RelatedWork } from '../record/related.ts';

export type JsonLd = { [key: string]: JsonLdValue };
export type JsonLdValue = string | number | boolean | JsonLd | JsonLdValue[];

export type RelationType = (typeof relationType)[number];

export type SchemaOrgPlacement =
  /** The schema.org property, read from this record (`reverse`: from the related work), and the type of the related work. */
  | { property: string; reverse?: boolean; type?: string }
  /** No schema.org property says this: a `mentions` Role named by the relation. */
  | { role: true };

const ROLE = { role: true } as const;

/** Every kernel-4.7 relationType; the Record type makes a new one a compile error until it is placed. */
export const SCHEMA_ORG_RELATIONS: Readonly<Record<RelationType, SchemaOrgPlacement>> = {
  Cites: { property: 'citation' },
  References: { property: 'citation' },
  IsCitedBy: { property: 'citation', reverse: true },
  IsReferencedBy: { property: 'citation', reverse: true },
  // The article a dataset supplements is based on it (bolognese's mapping), and the other way round.
  IsSupplementTo: { property: 'isBasedOn', reverse: true, type: 'ScholarlyArticle' },
  IsSupplementedBy: { property: 'isBasedOn' },
  IsDerivedFrom: { property: 'isBasedOn' },
  IsSourceOf: { property: 'isBasedOn', reverse: true },
  IsNewVersionOf: { property: 'isBasedOn' },
  IsPreviousVersionOf: { property: 'isBasedOn', reverse: true },
  IsVariantFormOf: { property: 'isBasedOn' },
  IsOriginalFormOf: { property: 'isBasedOn', reverse: true },
  HasVersion: { property: 'workExample' },
  IsVersionOf: { property: 'exampleOfWork' },
  IsPartOf: { property: 'isPartOf' },
  IsPublishedIn: { property: 'isPartOf' },
  HasPart: { property: 'hasPart' },
  IsDescribedBy: { property: 'subjectOf' },
  IsDocumentedBy: { property: 'subjectOf' },
  HasMetadata: { property: 'subjectOf' },
  Describes: { property: 'about' },
  Documents: { property: 'about' },
  IsMetadataFor: { property: 'about' },
  IsIdenticalTo: { property: 'sameAs' },
  IsReviewedBy: { property: 'review', type: 'Review' },
  Reviews: { property: 'review', reverse: true, type: 'Review' },
  HasTranslation: { property: 'workTranslation' },
  IsTranslationOf: { property: 'translationOfWork' },
  IsCompiledBy: ROLE,
  Compiles: ROLE,
  IsContinuedBy: ROLE,
  Continues: ROLE,
  Requires: ROLE,
  IsRequiredBy: ROLE,
  Obsoletes: ROLE,
  IsObsoletedBy: ROLE,
  Collects: ROLE,
  IsCollectedBy: ROLE,
  Other: ROLE,
};

/** A related work as the node it is referred to by: its link, else (a related item) its title. */
function node(w: RelatedWork, type: string): JsonLd {
  const out: JsonLd = {};
  if (w.url) out['@id'] = w.url;
  out['@type'] = type;
  if (w.title && !w.url) out.name = w.title;
  return out;
}

export interface SchemaOrgRelations {
  /** Property → related works, in record order. */
  forward: Map<string, JsonLdValue[]>;
  /** `@reverse` property → related works. */
  reverse: Map<string, JsonLdValue[]>;
}

const placed = new WeakMap<DataCiteAttributes, SchemaOrgRelations>();

/** The record's relations placed on schema.org properties; an unknown relationType is a named mention too. */
export function schemaOrgRelations(a: DataCiteAttributes): SchemaOrgRelations {
  const cached = placed.get(a);
  if (cached) return cached;
  const result = place(a);
  placed.set(a, result);
  return result;
}

function place(a: DataCiteAttributes): SchemaOrgRelations {
  const forward = new Map<string, JsonLdValue[]>();
  const reverse = new Map<string, JsonLdValue[]>();
  // Appended in place: a copy per work would be quadratic in a record's thousands of relations.
  const push = (map: Map<string, JsonLdValue[]>, key: string, value: JsonLdValue) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const w of relatedWorks(a)) {
    const placement: SchemaOrgPlacement = SCHEMA_ORG_RELATIONS[w.relationType as RelationType] ?? ROLE;
    if ('role' in placement) {
      const roleName = w.relationType === 'Other' && w.information ? w.information : w.relationType || 'Other';
      push(forward, 'mentions', { '@type': 'Role', roleName, mentions: node(w, 'CreativeWork') });
    } else if (placement.property === 'sameAs') {
      if (w.url) push(forward, 'sameAs', w.url);
    } else {
      push(placement.reverse ? reverse : forward, placement.property, node(w, placement.type ?? 'CreativeWork'));
    }
  }
  return { forward, reverse };
}
