/**
 * h5wasm loading and small typed accessors. h5wasm/node opens real paths; the filter
 * plugins (bitshuffle 32008, LZ4 32004, Zstd…) come from h5wasm-plugins' local folder.
 */
import h5wasm, { Dataset, ExternalLink, Group, type Entity } from 'h5wasm/node';
import { install_local_plugins } from 'h5wasm-plugins';
import { captureHdf5Stderr } from './hdf5-errors.ts';

export { Dataset, ExternalLink, Group };
export type H5File = InstanceType<typeof h5wasm.File>;

let ready: Promise<typeof h5wasm> | undefined;

export function loadH5wasm(): Promise<typeof h5wasm> {
  ready ??= h5wasm.ready.then((module) => {
    install_local_plugins(module);
    captureHdf5Stderr(module.FS as unknown as Parameters<typeof captureHdf5Stderr>[0]);
    return h5wasm;
  });
  return ready;
}

/** Scalars, 1-element arrays and byte strings all become plain values (the GDA quirks). */
export function unwrap(value: unknown): unknown {
  let v = value;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number | bigint>;
    v = arr.length === 1 ? arr[0] : Array.from(arr);
  }
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (typeof v === 'bigint') v = Number(v);
  if (v instanceof Uint8Array) v = Buffer.from(v).toString('utf8');
  return v;
}

export function safeGet(group: Group, path: string): Entity | null {
  try {
    return group.get(path);
  } catch {
    return null;
  }
}

export function attr(entity: Entity | null, name: string): unknown {
  if (!(entity instanceof Dataset) && !(entity instanceof Group)) return undefined;
  try {
    const a = entity.attrs[name];
    return a ? unwrap(a.value) : undefined;
  } catch {
    return undefined;
  }
}

export function attrString(entity: Entity | null, name: string): string | undefined {
  const v = attr(entity, name);
  return typeof v === 'string' ? v.replace(/\0+$/, '').trim() : undefined;
}

/** A dataset's values as numbers (first `max` elements), undefined for non-numeric data. */
export function numbers(entity: Entity | null, max = 100_000): number[] | undefined {
  if (!(entity instanceof Dataset)) return undefined;
  try {
    const shape = entity.shape ?? [];
    const size = shape.reduce((a, b) => a * b, 1);
    if (size > max) return undefined;
    const value = entity.value;
    if (typeof value === 'number' || typeof value === 'bigint') return [Number(value)];
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Array.from(value as unknown as ArrayLike<number | bigint>, Number);
    }
    if (Array.isArray(value) && value.every((x) => typeof x === 'number')) return value as number[];
    return undefined;
  } catch {
    return undefined;
  }
}

export function firstNumber(entity: Entity | null): number | undefined {
  const values = numbers(entity, 1_000_000);
  const v = values?.[0];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

export function stringValue(entity: Entity | null): string | undefined {
  if (!(entity instanceof Dataset)) return undefined;
  try {
    const v = unwrap(entity.value);
    return typeof v === 'string' ? v.replace(/\0+$/, '').trim() : undefined;
  } catch {
    return undefined;
  }
}

export function nxClass(entity: Entity | null): string | undefined {
  return attrString(entity, 'NX_class');
}

/** Children of a group with the given NX_class. */
export function childrenOfClass(group: Group, cls: string): Array<[string, Group]> {
  const out: Array<[string, Group]> = [];
  let keys: string[] = [];
  try {
    keys = group.keys();
  } catch {
    return out;
  }
  for (const key of keys) {
    const child = safeGet(group, key);
    if (child instanceof Group && nxClass(child) === cls) out.push([key, child]);
  }
  return out;
}
