/**
 * PaNOSC search API (`/Documents`, `/Datasets/{pid}/files`): one code path for every
 * facility that exposes it (SciCat- and ICAT-backed alike). Bare arrays, `filter.limit` /
 * `filter.skip` paging, relation keys present or missing depending on the implementation.
 * Citation metadata comes from DataCite by DOI where the document has a real one; otherwise
 * the document's own fields are mapped. The API has no modification time, so every pull
 * lists everything and the per-record digest keeps the mirror's writes incremental.
 */
import { UnexpectedBody, unlessNotFound } from './http.ts';
import type { PullContext, PullSource, RemoteDataset, RemoteFile, RemoteItem } from './types.ts';
import { dataciteRelease, dateRelease, releaseJson } from './release.ts';
import { metadataOnly, withXmlMetadata } from './datacite-map.ts';
import { isObject, isoDay, str } from './text.ts';
import { OffsetGuard, namelessEntry, refusedItem } from './paging.ts';
import type { ListShape } from './list-body.ts';
import { oneTechnique } from './technique.ts';
import { perRecord } from './record-failure.ts';

/** Documents come as a bare array, each named by its `pid`. */
const LIST: ListShape = { recordsAt: null, idPaths: [['pid']] };

export interface PanoscOptions {
  /** Search API root, e.g. https://icatplus.esrf.fr/api (…/Documents hangs from it). */
  url: string;
  /** DataCite REST root for citation metadata by DOI; null = map the document's own fields only. */
  dataciteUrl?: string | null;
  pageSize?: number;
  keyPrefix?: string;
  facility?: string | null;
}

export function panoscSource(options: PanoscOptions): PullSource {
  const root = options.url.replace(/\/+$/, '');
  const limit = Math.min(1000, Math.max(1, options.pageSize ?? 100));
  const datacite = options.dataciteUrl === undefined ? 'https://api.datacite.org' : options.dataciteUrl;
  // Techniques hang from datasets in the PaNOSC model, so they are included inside them.
  const include = [{ relation: 'datasets', scope: { include: [{ relation: 'techniques' }] } }, { relation: 'members', scope: { include: [{ relation: 'person' }, { relation: 'affiliation' }] } }];
  const docUrl = (pid: string) => `${root}/Documents/${encodeURIComponent(pid)}?filter=${encodeURIComponent(JSON.stringify({ include }))}`;

  const files = (pid: string, ctx: PullContext): AsyncIterable<RemoteFile> =>
    (async function* () {
      const guard = new OffsetGuard();
      for (let skip = 0; ; skip += limit) {
        const url = `${root}/Datasets/${encodeURIComponent(pid)}/files?filter=${encodeURIComponent(JSON.stringify({ limit, skip }))}`;
        const page = await ctx.http.getJson(url);
        if (!Array.isArray(page)) throw new UnexpectedBody(`${url}: not a list of files`, url);
        // The files must be read to their end, or the document would be published with part of them.
        if (guard.same(page)) throw new UnexpectedBody(`${url}: answers the same ${page.length} files as the page before it (the server ignores skip)`, url);
        for (const [i, f] of page.entries()) {
          if (!isObject(f)) throw new UnexpectedBody(`${url}: entry ${i} is ${JSON.stringify(f)?.slice(0, 80)}, not a file`, url);
          const path = (str(f.path) ?? str(f.name) ?? '').replace(/^\/+/, '');
          yield { path, size: typeof f.size === 'number' || typeof f.size === 'string' ? (f.size as number) : null, sha256: null, otherChecksum: null, mediaType: null, key: `${options.keyPrefix ? options.keyPrefix.replace(/\/+$/, '') + '/' : ''}${path}` };
        }
        if (page.length < limit) return;
      }
    })();

  const citation = async (doi: string, ctx: PullContext): Promise<Record<string, unknown> | null> => {
    if (!datacite) return null;
    return unlessNotFound(async () => {
      const body = await ctx.http.getJson(`${datacite.replace(/\/+$/, '')}/dois/${encodeURIComponent(doi)}?affiliation=true&publisher=true`);
      return isObject(body) && isObject(body.data) && isObject(body.data.attributes) ? withXmlMetadata(body.data.attributes) : null;
    });
  };

  const originOf = (pid: string) => ({ id: pid, url: docUrl(pid) });

  /** One document with its citation metadata; a citation request that fails costs this document alone. */
  const toItem = (doc: Record<string, unknown>, ctx: PullContext): Promise<RemoteItem> => perRecord(originOf(str(doc.pid) ?? '?'), ctx, () => mapRecord(doc, ctx));

  const mapRecord = async (doc: Record<string, unknown>, ctx: PullContext): Promise<RemoteItem> => {
    const pid = str(doc.pid) ?? '?';
    const origin = originOf(pid);
    if (doc.isPublic !== true) return { kind: 'not-public', origin, reason: `isPublic is ${JSON.stringify(doc.isPublic ?? null)}`, ambiguous: doc.isPublic !== false };
    // No releaseDate (ESS publications) means public since the document exists; a future one means not yet.
    const decision = doc.releaseDate === undefined || doc.releaseDate === null ? dateRelease(doc.creationDate ?? doc.startDate ?? ctx.now.toISOString(), ctx.now, 'creation date') : dateRelease(doc.releaseDate, ctx.now, 'releaseDate');
    if (!decision.public) return { kind: 'not-public', origin, reason: decision.reason, ambiguous: decision.ambiguous };
    const doi = str(doc.doi) && /^10\.\d{4,9}\//.test(str(doc.doi)!) ? str(doc.doi) : null;
    const fromDataCite = doi ? await citation(doi, ctx) : null;
    // With a DataCite record, DataCite's own predicate also applies: findable, and no Available date in the future.
    const cited = fromDataCite ? dataciteRelease(fromDataCite, ctx.now) : null;
    if (cited && !cited.public) return { kind: 'not-public', origin, reason: `its DOI ${doi}: ${cited.reason}`, ambiguous: cited.ambiguous };
    const release = cited?.public ? cited : decision;
    const members = (Array.isArray(doc.members) ? doc.members : []).filter(isObject);
    const keywords = (Array.isArray(doc.keywords) ? doc.keywords : []).filter((k): k is string => typeof k === 'string');
    const attrs = fromDataCite
      ? metadataOnly(fromDataCite)
      : {
          doi,
          creators: members
            .filter((m) => isObject(m.person))
            .map((m) => {
              const person = m.person as Record<string, unknown>;
              const orcid = str(person.orcid);
              return {
                name: str(person.fullName) ?? 'Unknown',
                ...(orcid ? { nameIdentifiers: [{ nameIdentifier: `https://orcid.org/${orcid.replace(/^.*orcid\.org\//, '')}`, nameIdentifierScheme: 'ORCID' }] } : {}),
                ...(isObject(m.affiliation) && str(m.affiliation.name) ? { affiliation: [{ name: str(m.affiliation.name) }] } : {}),
              };
            }),
          titles: str(doc.title) ? [{ title: str(doc.title) }] : [],
          publisher: options.facility ? { name: options.facility } : undefined,
          publicationYear: Number(decision.releasedOn.slice(0, 4)),
          types: { resourceTypeGeneral: 'Dataset' },
          descriptions: str(doc.summary) ? [{ description: str(doc.summary), descriptionType: 'Abstract' }] : [],
          subjects: keywords.map((subject) => ({ subject })),
          dates: [{ date: decision.releasedOn, dateType: 'Available' }],
          ...(str(doc.license) ? { rightsList: [{ rights: str(doc.license) }] } : {}),
        };
    const publicDatasets = (Array.isArray(doc.datasets) ? doc.datasets : []).filter(isObject).filter((d) => {
      if (d.isPublic === true) return true;
      ctx.sink.add({ code: 'pull/dataset-not-public', record: pid, file: origin.url, message: `${pid}: dataset ${String(d.pid)} is not public; its files are not mirrored.` });
      return false;
    });
    const datasets: RemoteDataset[] = publicDatasets.map((d) => ({ sourceId: str(d.pid) ?? 'dataset', title: str(d.title) ?? str(d.pid) ?? 'Dataset', description: null, kind: 'raw' as const, files: files(str(d.pid) ?? '', ctx), requested: true }));
    return {
      kind: 'record',
      record: {
        origin,
        doi,
        datacite: attrs,
        experiment: {
          release: releaseJson(release),
          facility: options.facility ?? null,
          instrument: null,
          technique: oneTechnique(publicDatasets.map((d) => d.techniques), origin, ctx.sink),
          proposal: str(doc.type) === 'proposal' ? pid : null,
          collected: { start: isoDay(doc.startDate), end: isoDay(doc.endDate) },
        },
        descriptionMarkdown: null,
        datasets,
        updated: null,
      },
    };
  };

  return {
    type: 'panosc',
    key: `panosc:${root}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      const guard = new OffsetGuard();
      for (let skip = 0; ; skip += limit) {
        const filter = { where: { isPublic: true }, include, limit, skip };
        const url = `${root}/Documents?filter=${encodeURIComponent(JSON.stringify(filter))}`;
        const { body: page, refused } = await ctx.http.getJsonList(url, LIST);
        if (!Array.isArray(page)) throw new UnexpectedBody(`${url}: not a list of documents`, url);
        if (guard.repeats(page, url, ctx)) return;
        const refusedAt = new Map(refused.map((entry) => [entry.index, entry]));
        for (const [i, doc] of page.entries()) {
          const bad = refusedAt.get(i);
          const pid = str(bad?.ids?.pid);
          if (bad) yield refusedItem(bad, pid ? originOf(pid) : null, ctx);
          else if (isObject(doc) && str(doc.pid)) yield await toItem(doc, ctx);
          else yield namelessEntry(ctx, url, `/${i}`, doc, 'a document (by pid)');
        }
        ctx.log(`panosc: ${skip + page.length} documents read`);
        if (page.length < limit) return;
      }
    },
    async fetch(pid: string, ctx: PullContext): Promise<RemoteItem | null> {
      return unlessNotFound(async () => {
        const doc = await ctx.http.getJson(docUrl(pid));
        return isObject(doc) ? await toItem(doc, ctx) : null;
      });
    },
  };
}
