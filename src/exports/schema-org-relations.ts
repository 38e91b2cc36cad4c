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
import { describedItem, relatedItem } from '../record/related.ts';
import { isHttpUrl } from '../record/identifiers.ts';
import { clean, known } from '../record/text.ts';

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

/** One related work as the JSON-LD node it is referred to by: its link, else (a related item) its title. */
interface Related {
  relationType: string;
  information: string | undefined;
  url: string | null;
  name: string | undefined;
}

function relatedWorks(a: DataCiteAttributes): Related[] {
  const out: Related[] = [];
  for (const r of Array.isArray(a.relatedIdentifiers) ? a.relatedIdentifiers : []) {
    if (!r || typeof r.relatedIdentifier !== 'string' || !r.relatedIdentifier.trim()) continue;
    out.push({ relationType: clean(r.relationType), information: known(r.relationTypeInformation), url: relatedItem(r).links[0]?.url ?? null, name: undefined });
  }
  for (const item of Array.isArray(a.relatedItems) ? a.relatedItems : []) {
    const described = item && describedItem(item);
    if (!described) continue;
    const title = (Array.isArray(item.titles) ? item.titles : []).map((t) => known(t?.title)).find(Boolean);
    out.push({ relationType: clean(item.relationType), information: known(item.relationTypeInformation), url: described.links[0]?.url ?? null, name: title });
  }
  // Only a link a reader can follow, or a title, names a work; anything else is left out.
  return out.filter((w) => (w.url && isHttpUrl(w.url)) || w.name);
}

function node(w: Related, type: string): JsonLd {
  const out: JsonLd = {};
  if (w.url && isHttpUrl(w.url)) out['@id'] = w.url;
  out['@type'] = type;
  if (w.name && !out['@id']) out.name = w.name;
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
  const known = placed.get(a);
  if (known) return known;
  const result = place(a);
  placed.set(a, result);
  return result;
}

function place(a: DataCiteAttributes): SchemaOrgRelations {
  const forward = new Map<string, JsonLdValue[]>();
  const reverse = new Map<string, JsonLdValue[]>();
  const push = (map: Map<string, JsonLdValue[]>, key: string, value: JsonLdValue) => map.set(key, [...(map.get(key) ?? []), value]);
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
