/**
 * The DataCite 4.7 JSON Schema (src/datacite/schema/datacite-4.7.schema.json) compiled once
 * with ajv, and its errors turned into readable `datacite/schema` diagnostics.
 */
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../datacite/schema/datacite-4.7.schema.json' with { type: 'json' };
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { text } from '../record/text.ts';

/** The validator ajv generates at compile time, beside this module in lib/ (scripts/compile-cli.js). */
export const STANDALONE_VALIDATOR = 'datacite-schema.standalone.cjs';

const OPTIONS: Options = { allErrors: true, strict: true, allowUnionTypes: true };

let compiled: ValidateFunction | undefined;

/**
 * The schema's validator, made once per process. The compiled CLI loads the one ajv generated
 * from the schema when lib/ was compiled (6 ms), instead of compiling the schema again
 * (150–280 ms on the bench machine), which every process that validates paid: each staging
 * worker, `release`, `check`, `convert`. Run from src/ (tests, tsx) there is none, and the
 * schema is compiled here, with the same options.
 */
export function dataciteSchemaValidator(): ValidateFunction {
  compiled ??= precompiled() ?? new Ajv2020(OPTIONS).compile(schema);
  return compiled;
}

function precompiled(): ValidateFunction | undefined {
  try {
    return createRequire(import.meta.url)(`./${STANDALONE_VALIDATOR}`) as ValidateFunction;
  } catch {
    return undefined;
  }
}

/** The source of a CommonJS module exporting the schema's validator, as ajv's standalone code generation writes it. */
export async function standaloneValidatorSource(): Promise<string> {
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv2020({ ...OPTIONS, code: { source: true } });
  return standaloneCode(ajv, ajv.compile(schema));
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const raw of path.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map(String).join(', ');
  return values.length > 12 ? `${shown}, … (${values.length} values)` : shown;
}

/** Whether a `type` error's expected types include the value's own object or array type. */
function acceptsTypeOf(e: ErrorObject, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  const expected = [(e.params as { type: string | string[] }).type].flat().flatMap((t) => t.split(','));
  return expected.includes(Array.isArray(value) ? 'array' : 'object');
}

/**
 * An entry without a property the schema requires, that still says what it names: a funder or
 * an affiliation given by its identifier (ROR, Crossref Funder ID, GRID, ISNI…) but no name, a
 * contributor without a role, an alternate identifier without its type. The entry is kept and
 * the semantic check reports it as a warning (funding/funder-name-missing,
 * affiliation/name-missing, contributor/role-missing, identifier/alternate-type-missing).
 */
const NAMED_BY_IDENTIFIER: Array<[name: RegExp, identifier: string]> = [
  [/^(\/fundingReferences\/\d+)\/funderName$/, 'funderIdentifier'],
  [/^(\/(?:creators|contributors)\/\d+\/affiliation\/\d+)\/name$/, 'affiliationIdentifier'],
  // A contributor without a role still names a contributor; an alternate identifier without
  // its type is still an identifier (contributor/role-missing, identifier/alternate-type-missing).
  [/^(\/contributors\/\d+)\/contributorType$/, 'name'],
  [/^(\/alternateIdentifiers\/\d+)\/alternateIdentifierType$/, 'alternateIdentifier'],
];

function namedByIdentifier(path: string, data: unknown): boolean {
  for (const [pattern, key] of NAMED_BY_IDENTIFIER) {
    const m = pattern.exec(path);
    if (!m) continue;
    const id = valueAt(data, `${m[1]}/${key}`);
    const name = valueAt(data, path);
    return typeof id === 'string' && text(id) !== undefined && (name === undefined || name === null || (typeof name === 'string' && text(name) === undefined));
  }
  return false;
}

/** One readable sentence per place, from the (often redundant) ajv errors at that place. */
function messagesByPointer(errors: ErrorObject[], data: unknown): Map<string, string[]> {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    let path = e.instancePath;
    if (e.keyword === 'required') path += '/' + String((e.params as { missingProperty: string }).missingProperty);
    if (e.keyword === 'additionalProperties') path += '/' + String((e.params as { additionalProperty: string }).additionalProperty);
    byPath.set(path, [...(byPath.get(path) ?? []), e]);
  }
  const out = new Map<string, string[]>();
  const paths = [...byPath.keys()];
  for (const [path, list] of byPath) {
    if (namedByIdentifier(path, data)) continue;
    // anyOf/oneOf only summarise their branches; keep them when nothing more specific was said.
    const deeper = paths.some((p) => p !== path && p.startsWith(path + '/'));
    let specific = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    // The `null` branch of an optional field is noise next to the real complaint.
    if (specific.some((e) => !(e.keyword === 'type' && (e.params as { type: string }).type === 'null'))) {
      specific = specific.filter((e) => !(e.keyword === 'type' && (e.params as { type: string }).type === 'null'));
    }
    // An object (or array) with complaints inside it matched the branch that takes its type: the
    // other branches' "must be a string" is not a second fault (a publisher without a name is one).
    if (deeper) specific = specific.filter((e) => !(e.keyword === 'type' && !acceptsTypeOf(e, valueAt(data, path))));
    if (specific.length === 0 && deeper) continue;
    const messages = new Set<string>();
    const types = specific.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type: string | string[] }).type));
    if (types.length > 0) messages.add(`must be ${[...new Set(types)].join(' or ').replace(/,/g, ' or ')}, not ${describeValue(valueAt(data, path))}`);
    for (const e of specific) {
      if (e.keyword === 'type') continue;
      if (e.keyword === 'required') messages.add('is required but missing');
      else if (e.keyword === 'additionalProperties') messages.add('is not a DataCite property here (misspelt?)');
      else if (e.keyword === 'enum') {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
        messages.add(`${describeValue(valueAt(data, path))} is not an allowed value; expected one of ${listValues(allowed)}`);
      } else if (e.keyword === 'minItems') messages.add('must have at least one entry');
      else if (e.keyword === 'minLength' || (e.keyword === 'pattern' && e.schemaPath.includes('nonEmptyString'))) messages.add('must not be empty');
      else messages.add(`${e.message ?? 'is invalid'} (${describeValue(valueAt(data, path))})`);
    }
    if (messages.size === 0) messages.add(list[0].message ?? 'is invalid');
    out.set(path, [...messages]);
  }
  return out;
}

/** Schema check; adds one `datacite/schema` error per offending place. Returns true when valid. */
export function checkDataCiteSchema(attrs: unknown, sink: DiagnosticSink): boolean {
  const validate = dataciteSchemaValidator();
  if (validate(attrs)) return true;
  for (const [path, messages] of messagesByPointer(validate.errors ?? [], attrs)) {
    const where = path === '' ? 'The metadata' : path.slice(1).replace(/\//g, '.');
    sink.add({ code: 'datacite/schema', pointer: path || '', message: `${where} ${messages.join('; ')}` });
  }
  return false;
}
