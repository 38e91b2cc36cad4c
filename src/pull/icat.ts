/**
 * ICAT REST (icat.server): an anonymous session (or credentials from the environment),
 * then DataPublication (or Investigation) → Dataset (with its techniques) → Datafile through JPQL queries with
 * `LIMIT offset, count` paging. The page size never exceeds the server's `maxEntities`
 * (from /icat/properties), and halves when the server still refuses a page. Identifiers
 * with scheme prefixes (`DOI:`, `URL:`, `PaNET:`, `Crossref Funder ID:`) are split into
 * type and value; CRC32 checksums are zero-padded to eight hex digits.
 */
import { Forbidden, HttpError, UnexpectedBody, unlessNotFound } from './http.ts';
import type { PullContext, PullSource, RemoteDataset, RemoteFile, RemoteItem } from './types.ts';
import { dateRelease, releaseJson } from './release.ts';
import { crc32Hex, isObject, isoDay, splitScheme, str } from './text.ts';
import { Nameless, OffsetGuard, namelessEntry, refusedItem } from './paging.ts';
import { RefusedEntry, type ListShape } from './list-body.ts';
import { oneTechnique } from './technique.ts';
import { perRecord } from './record-failure.ts';

export interface IcatOptions {
  /** Server root; /icat/session and /icat/entityManager hang from it. */
  url: string;
  /** `DataPublication` (ICAT 6) or `Investigation` (older deployments, DOI on the investigation). */
  entity?: 'DataPublication' | 'Investigation';
  pageSize?: number;
  /** Object-store key prefix before each datafile's location. */
  keyPrefix?: string;
  /** Publisher name when the record does not name its facility. */
  facility?: string | null;
}

type Entity = Record<string, unknown>;

/** An entityManager answer: a bare array of one-key wrappers, `{"DataPublication": {"id": 1, …}}`. */
const LIST: ListShape = { recordsAt: null, idPaths: [['*', 'id']] };

export function icatSource(options: IcatOptions): PullSource {
  const root = options.url.replace(/\/+$/, '');
  const entity = options.entity ?? 'DataPublication';
  const dateField = entity === 'DataPublication' ? 'publicationDate' : 'releaseDate';
  let session: string | null = null;
  let cap = options.pageSize ?? 1000;

  const open = async (ctx: PullContext): Promise<string> => {
    if (session) return session;
    const plugin = ctx.env.ICAT_AUTH_PLUGIN ?? 'anon';
    const credentials = ctx.env.ICAT_USERNAME && ctx.env.ICAT_PASSWORD ? [{ username: ctx.env.ICAT_USERNAME }, { password: ctx.env.ICAT_PASSWORD }] : [];
    const body = await ctx.http.postForm(`${root}/icat/session`, { json: JSON.stringify({ plugin, credentials }) });
    if (!isObject(body) || !str(body.sessionId)) throw new UnexpectedBody(`${root}/icat/session: no sessionId`, `${root}/icat/session`);
    try {
      const props = await ctx.http.getJson(`${root}/icat/properties`);
      if (isObject(props) && typeof props.maxEntities === 'number' && props.maxEntities > 0) cap = Math.min(cap, props.maxEntities);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
    }
    session = str(body.sessionId)!;
    return session;
  };

  /**
   * One query's rows, unwrapped. With `records` (the publication listing), a row no reading
   * can trust comes as a RefusedEntry in its place, the others kept; in the queries for a
   * record's datasets and files it refuses the answer, as does a row that is not an entity
   * (dropping it would publish the record with part of its files).
   */
  function query(jpql: string, ctx: PullContext, records: true): Promise<Array<Entity | RefusedEntry | Nameless>>;
  function query(jpql: string, ctx: PullContext): Promise<Entity[]>;
  async function query(jpql: string, ctx: PullContext, records = false): Promise<Array<Entity | RefusedEntry | Nameless>> {
    // A session lives `lifetimeMinutes`; a long pull outlives it. An expired one (403, code
    // SESSION) is replaced once for this request: a fresh session refused at once is a
    // server that will not serve us, and the 403 stands.
    for (let renewed = false; ; renewed = true) {
      const sessionId = await open(ctx);
      const url = `${root}/icat/entityManager?${new URLSearchParams({ sessionId, query: jpql }).toString()}`;
      let answer: { body: unknown; refused: RefusedEntry[] };
      try {
        answer = records ? await ctx.http.getJsonList(url, LIST) : { body: await ctx.http.getJson(url), refused: [] };
      } catch (error) {
        if (!renewed && isSessionExpiry(error)) {
          if (session === sessionId) session = null;
          ctx.log(`icat: the session expired; logging in again`);
          continue;
        }
        throw error;
      }
      const { body, refused } = answer;
      if (!Array.isArray(body)) throw new UnexpectedBody(`${url.replace(/sessionId=[^&]+/, 'sessionId=…')}: not a list of entities`, root);
      const refusedAt = new Map(refused.map((entry) => [entry.index, entry]));
      const shown = url.replace(/sessionId=[^&]+/, 'sessionId=…');
      return body.flatMap((wrapped, i): Array<Entity | RefusedEntry | Nameless> => {
        const bad = refusedAt.get(i);
        if (bad) return [bad];
        const row = isObject(wrapped) ? Object.values(wrapped)[0] : undefined;
        // A listed row without an entity id cannot be named: it may be any mirrored record.
        if (records && (!isObject(row) || idOf(row) === null)) return [new Nameless(shown, `/${i}`, row ?? wrapped)];
        if (isObject(wrapped)) return [(row ?? {}) as Entity];
        throw new UnexpectedBody(`${root}/icat/entityManager (${jpql.slice(0, 80)}…): row ${i} is ${JSON.stringify(wrapped)?.slice(0, 80)}, not an entity`, root);
      });
    }
  }

  /** Every row of a query, page by page, never more than the server's entity cap at once (`records`: as in query). */
  function paged(base: string, ctx: PullContext, records: true): AsyncGenerator<Entity | RefusedEntry | Nameless>;
  function paged(base: string, ctx: PullContext): AsyncGenerator<Entity>;
  async function* paged(base: string, ctx: PullContext, records = false): AsyncGenerator<Entity | RefusedEntry | Nameless> {
    await open(ctx); // reads the server's entity cap before the first page is sized
    let offset = 0;
    const guard = new OffsetGuard();
    for (;;) {
      let rows: Array<Entity | RefusedEntry | Nameless>;
      const size = cap;
      try {
        rows = records ? await query(`${base} LIMIT ${offset}, ${size}`, ctx, true) : await query(`${base} LIMIT ${offset}, ${size}`, ctx);
      } catch (error) {
        // A page with its INCLUDEs can still exceed maxEntities: ask for half as many rows.
        if (error instanceof HttpError && error.status === 400 && cap > 1) {
          cap = Math.max(1, Math.floor(cap / 2));
          continue;
        }
        throw error;
      }
      const where = `${root}/icat/entityManager (${base.slice(0, 80)}… LIMIT ${offset}, ${size})`;
      if (records ? guard.repeats(rows, where, ctx) : guard.same(rows)) {
        if (records) return;
        // A record's datasets or files read to a page the server repeats: the rest are unknown.
        throw new UnexpectedBody(`${where}: answers the same ${rows.length} rows as the page before it (the server ignores the offset)`, root);
      }
      yield* rows;
      if (rows.length < size) return;
      offset += rows.length;
    }
  }

  const datafiles = (datasetId: number, datasetLocation: string | null, ctx: PullContext): AsyncIterable<RemoteFile> =>
    (async function* () {
      for await (const df of paged(`SELECT df FROM Datafile df WHERE df.dataset.id = ${datasetId} ORDER BY df.id`, ctx)) {
        const location = str(df.location) ?? str(df.name) ?? '';
        const within = datasetLocation && location.startsWith(datasetLocation.replace(/\/?$/, '/')) ? location.slice(datasetLocation.replace(/\/?$/, '/').length) : null;
        const checksum = str(df.checksum);
        const hex = checksum?.toLowerCase() ?? null;
        yield {
          path: within ?? str(df.name) ?? location,
          size: typeof df.fileSize === 'number' || typeof df.fileSize === 'string' ? (df.fileSize as number) : null,
          sha256: hex && /^[0-9a-f]{64}$/.test(hex) ? hex : null,
          otherChecksum: checksum && !(hex && /^[0-9a-f]{64}$/.test(hex)) ? (crc32Hex(checksum) ? { algorithm: 'crc32', value: crc32Hex(checksum)! } : { algorithm: 'unknown', value: checksum }) : null,
          mediaType: null,
          key: `${options.keyPrefix ? options.keyPrefix.replace(/\/+$/, '') + '/' : ''}${location.replace(/^\/+/, '')}`,
        };
      }
    })();

  /**
   * A record's datasets, each with its techniques: ICAT keeps them on the dataset
   * (`Dataset.datasetTechniques` → `technique` {name, pid}), and a to-many relation comes back
   * only when INCLUDEd (else as `[]`). The INCLUDE makes each row cost more entities, which
   * the halving in `paged` absorbs.
   */
  const datasetsOf = async (record: Entity, ctx: PullContext): Promise<{ datasets: RemoteDataset[]; techniques: unknown[] }> => {
    const id = Number(record.id);
    const jpql =
      entity === 'DataPublication'
        ? `SELECT ds FROM Dataset ds JOIN ds.dataCollectionDatasets dcd JOIN dcd.dataCollection dc JOIN dc.dataPublications dp WHERE dp.id = ${id} ORDER BY ds.id INCLUDE ds.datasetTechniques.technique`
        : `SELECT ds FROM Dataset ds WHERE ds.investigation.id = ${id} ORDER BY ds.id INCLUDE ds.datasetTechniques.technique`;
    const datasets: RemoteDataset[] = [];
    const techniques: unknown[] = [];
    for await (const ds of paged(jpql, ctx)) {
      techniques.push(ds.datasetTechniques);
      datasets.push({
        sourceId: str(ds.name) ?? String(ds.id),
        title: str(ds.name) ?? `Dataset ${String(ds.id)}`,
        description: str(ds.description),
        kind: 'raw',
        files: datafiles(Number(ds.id), str(ds.location), ctx),
        requested: true,
      });
    }
    return { datasets, techniques };
  };

  const originOf = (id: string) => ({ id, url: `${root}/icat/entityManager?entityName=${entity}&id=${id}` });

  /** One record with its datasets; a dataset query that fails costs this record alone. */
  const toItem = (record: Entity, ctx: PullContext): Promise<RemoteItem> => perRecord(originOf(String(record.id)), ctx, () => mapRecord(record, ctx));

  const mapRecord = async (record: Entity, ctx: PullContext): Promise<RemoteItem> => {
    const origin = originOf(String(record.id));
    const decision = dateRelease(record[dateField], ctx.now, `${entity}.${dateField}`);
    if (!decision.public) return { kind: 'not-public', origin, reason: decision.reason, ambiguous: decision.ambiguous };
    const pid = entity === 'DataPublication' ? str(record.pid) : (str(record.doi) ?? str(record.pid));
    const split = pid ? splitScheme(pid) : null;
    const doi = split && (split.scheme === null || /^doi$/i.test(split.scheme)) && /^10\.|^\d{2}\.\d+\//.test(split.value) ? split.value : null;
    const users = (Array.isArray(record.users) ? record.users : Array.isArray(record.investigationUsers) ? record.investigationUsers : []).filter(isObject);
    const creators = users
      .filter((u) => !str(u.contributorType) || /creator|principal/i.test(String(u.contributorType ?? u.role ?? '')))
      .sort((a, b) => Number(a.orderKey ?? 0) - Number(b.orderKey ?? 0))
      .map((u) => {
        const user = isObject(u.user) ? u.user : u;
        const orcid = str(user.orcidId);
        return {
          name: str(u.fullName) ?? str(user.fullName) ?? str(user.name) ?? 'Unknown',
          ...(str(u.givenName) ? { givenName: str(u.givenName) } : {}),
          ...(str(u.familyName) ? { familyName: str(u.familyName) } : {}),
          ...(orcid ? { nameIdentifiers: [{ nameIdentifier: `https://orcid.org/${orcid.replace(/^.*orcid\.org\//, '')}`, nameIdentifierScheme: 'ORCID' }] } : {}),
        };
      });
    const funding = (Array.isArray(record.fundingReferences) ? record.fundingReferences : []).filter(isObject).map((f) => (isObject(f.funding) ? f.funding : f));
    const facility = isObject(record.facility) ? (str(record.facility.fullName) ?? str(record.facility.name)) : (options.facility ?? null);
    const title = str(record.title) ?? str(record.name);
    const description = str(record.description) ?? str(record.summary);
    const attrs: Record<string, unknown> = {
      doi,
      creators,
      titles: title ? [{ title }] : [],
      publisher: facility ? { name: facility } : undefined,
      publicationYear: Number(decision.releasedOn.slice(0, 4)),
      types: { resourceTypeGeneral: 'Dataset' },
      descriptions: description ? [{ description, descriptionType: 'Abstract' }] : [],
      dates: [{ date: decision.releasedOn, dateType: 'Issued' }],
      subjects: (str(record.subject) ?? '').split(';').map((s) => s.trim()).filter(Boolean).map((subject) => ({ subject })),
      fundingReferences: funding.map((f) => {
        const id = str(f.funderIdentifier) ? splitScheme(str(f.funderIdentifier)!) : null;
        return {
          funderName: str(f.funderName) ?? 'Unknown funder',
          ...(id ? { funderIdentifier: id.scheme === 'Crossref Funder ID' && id.value.startsWith('10.') ? `https://doi.org/${id.value}` : id.value, funderIdentifierType: id.scheme ?? 'Other' } : {}),
          ...(str(f.awardNumber) ? { awardNumber: str(f.awardNumber) } : {}),
          ...(str(f.awardTitle) ? { awardTitle: str(f.awardTitle) } : {}),
        };
      }),
    };
    const instrument = (Array.isArray(record.investigationInstruments) ? record.investigationInstruments : [])
      .filter(isObject)
      .map((ii) => (isObject(ii.instrument) ? str(ii.instrument.name) : null))
      .find(Boolean);
    const { datasets, techniques } = await datasetsOf(record, ctx);
    return {
      kind: 'record',
      record: {
        origin,
        doi,
        datacite: attrs,
        experiment: {
          release: releaseJson(decision),
          facility,
          instrument: instrument ?? null,
          technique: oneTechnique(techniques, origin, ctx.sink),
          proposal: entity === 'Investigation' ? str(record.name) : null,
          collected: { start: isoDay(record.startDate), end: isoDay(record.endDate) },
        },
        descriptionMarkdown: null,
        datasets,
        updated: str(record.modTime),
      },
    };
  };

  const include = entity === 'DataPublication' ? 'INCLUDE x.users.user, x.fundingReferences.funding, x.facility' : 'INCLUDE x.investigationUsers.user, x.investigationInstruments.instrument, x.facility';

  return {
    type: 'icat',
    key: `icat:${root}?entity=${entity}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      const now = icatTimestamp(ctx.now.toISOString());
      // Changed since the watermark, whatever its date (a release date moved into the future must
      // be seen, and the record become a tombstone, now), or released since it (a release date
      // passing bumps no modTime).
      const since = ctx.since ? icatTimestamp(ctx.since) : null;
      const released = `x.${dateField} <= ${now}`;
      const where = since ? `x.modTime >= ${since} OR (x.${dateField} >= ${since} AND ${released})` : released;
      const base = `SELECT x FROM ${entity} x WHERE ${where} ORDER BY x.id ${include}`;
      for await (const row of paged(base, ctx, true)) {
        if (row instanceof Nameless) yield namelessEntry(ctx, row.url, row.pointer, row.entry, `a ${entity} (by id)`);
        else if (!(row instanceof RefusedEntry)) yield await toItem(row, ctx);
        else {
          const id = row.ids?.['*.id'];
          yield refusedItem(row, id !== undefined ? originOf(String(id)) : null, ctx);
        }
      }
    },
    async fetch(id: string, ctx: PullContext): Promise<RemoteItem | null> {
      if (!/^\d+$/.test(id)) return null;
      return unlessNotFound(async () => {
        const rows = await query(`SELECT x FROM ${entity} x WHERE x.id = ${id} ${include}`, ctx);
        return rows[0] ? await toItem(rows[0], ctx) : null;
      });
    },
  };
}

/** An entity's id (icat.server gives a number); null when it has none to be named by. */
function idOf(entity: Entity): string | null {
  return typeof entity.id === 'number' && Number.isFinite(entity.id) ? String(entity.id) : str(entity.id);
}

/** icat.server's answer to an expired or unknown session: 403 with an IcatException body of type SESSION. */
function isSessionExpiry(error: unknown): boolean {
  if (!(error instanceof Forbidden) || error.status !== 403) return false;
  try {
    const body: unknown = JSON.parse(error.body);
    return isObject(body) && body.code === 'SESSION';
  } catch {
    return false;
  }
}

/** ICAT JPQL timestamp literal. */
function icatTimestamp(iso: string): string {
  return `{ts ${iso.slice(0, 19).replace('T', ' ')}}`;
}
