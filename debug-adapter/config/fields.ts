// Declarative field kinds for the guest config: each kind validates a located
// JSON value (collecting every problem, with its JSON path and line) and describes
// itself as JSON Schema, so the validator and the shipped schema cannot disagree.

import type { Diagnostic } from '../util/diagnostic';
import type { JsonValue } from './jsonSource';

/** Collects problems while a config is validated; `path` is the JSON path, e.g. `vms[1].memoryMB`. */
export class Problems {
  readonly list: Diagnostic[] = [];
  /** Records a problem at value's location; returns undefined so validators can `return p.add(…)`. */
  add(value: { loc: Diagnostic['loc'] }, path: string, message: string): undefined {
    this.list.push({ loc: value.loc, severity: 'error', message: `${path}: ${message}` });
    return undefined;
  }
}

export type JsonSchema = Record<string, unknown>;

/** A field kind: validate returns the typed value, or undefined after reporting a problem. */
export interface Field<T> {
  readonly doc: string;
  readonly default?: T;
  /** Object fields: when absent, validate an empty object so the sub-fields' defaults apply. */
  readonly fillAbsent?: boolean;
  validate(v: JsonValue, path: string, p: Problems): T | undefined;
  schema(): JsonSchema;
}

export function integer(doc: string, min: number, max: number, dflt?: number): Field<number> {
  return {
    doc,
    ...(dflt === undefined ? {} : { default: dflt }),
    validate(v, path, p) {
      if (v.kind !== 'number' || !Number.isInteger(v.value)) return p.add(v, path, `must be an integer from ${min} to ${max}`);
      if (v.value < min || v.value > max) return p.add(v, path, `${v.value} is out of range: must be from ${min} to ${max}`);
      return v.value;
    },
    schema: () => ({ type: 'integer', minimum: min, maximum: max, description: doc, ...(dflt === undefined ? {} : { default: dflt }) }),
  };
}

export function boolean(doc: string, dflt?: boolean): Field<boolean> {
  return {
    doc,
    ...(dflt === undefined ? {} : { default: dflt }),
    validate(v, path, p) {
      if (v.kind !== 'boolean') return p.add(v, path, 'must be true or false');
      return v.value;
    },
    schema: () => ({ type: 'boolean', description: doc, ...(dflt === undefined ? {} : { default: dflt }) }),
  };
}

export function string(doc: string, opts: { pattern?: RegExp; patternDoc?: string; default?: string } = {}): Field<string> {
  const { pattern, patternDoc } = opts;
  return {
    doc,
    ...(opts.default === undefined ? {} : { default: opts.default }),
    validate(v, path, p) {
      if (v.kind !== 'string') return p.add(v, path, 'must be a string');
      if (pattern && !pattern.test(v.value)) return p.add(v, path, `"${v.value}" ${patternDoc ?? `must match ${pattern.source}`}`);
      return v.value;
    },
    schema: () => ({
      type: 'string',
      description: doc,
      ...(pattern ? { pattern: pattern.source } : {}),
      ...(opts.default === undefined ? {} : { default: opts.default }),
    }),
  };
}

export function oneOf<T extends string>(doc: string, choices: readonly T[], dflt?: T): Field<T> {
  return {
    doc,
    ...(dflt === undefined ? {} : { default: dflt }),
    validate(v, path, p) {
      if (v.kind !== 'string' || !(choices as readonly string[]).includes(v.value)) {
        return p.add(v, path, `must be one of ${choices.map((c) => `"${c}"`).join(', ')}`);
      }
      return v.value as T;
    },
    schema: () => ({ enum: [...choices], description: doc, ...(dflt === undefined ? {} : { default: dflt }) }),
  };
}

export function arrayOf<T>(doc: string, item: Field<T>, maxItems: number): Field<T[]> {
  return {
    doc,
    default: [],
    validate(v, path, p) {
      if (v.kind !== 'array') return p.add(v, path, 'must be an array');
      if (v.items.length > maxItems) return p.add(v, path, `has ${v.items.length} entries: at most ${maxItems} are allowed`);
      const out: T[] = [];
      let ok = true;
      v.items.forEach((it, i) => {
        const r = item.validate(it, `${path}[${i}]`, p);
        if (r === undefined) ok = false;
        else out.push(r);
      });
      return ok ? out : undefined;
    },
    schema: () => ({ type: 'array', items: item.schema(), maxItems, description: doc }),
  };
}

export function object<T>(doc: string, shape: { readonly [K in keyof T]-?: Field<unknown> }, required: readonly (keyof T & string)[] = []): Field<T> {
  const fields = shape as Readonly<Record<string, Field<unknown>>>;
  return {
    doc,
    fillAbsent: required.length === 0,
    validate(v, path, p) {
      if (v.kind !== 'object') return p.add(v, path, 'must be an object');
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const [key, m] of v.entries) {
        const f = fields[key];
        const sub = path ? `${path}.${key}` : key;
        if (!f) {
          p.list.push({ loc: m.keyLoc, severity: 'error', message: `${sub}: unknown property (expected one of ${Object.keys(fields).join(', ')})` });
          ok = false;
          continue;
        }
        const r = f.validate(m.value, sub, p);
        if (r === undefined) ok = false;
        else out[key] = r;
      }
      for (const [key, f] of Object.entries(fields)) {
        if (out[key] !== undefined || v.entries.has(key)) continue;
        if ((required as readonly string[]).includes(key)) {
          p.add(v, path || '(top level)', `missing required property "${key}"`);
          ok = false;
        } else if (f.default !== undefined) out[key] = structuredClone(f.default);
        else if (f.fillAbsent) {
          const r = f.validate({ kind: 'object', loc: v.loc, entries: new Map() }, path ? `${path}.${key}` : key, p);
          if (r !== undefined) out[key] = r;
        }
      }
      return ok ? (out as T) : undefined;
    },
    schema: () => ({
      type: 'object',
      description: doc,
      additionalProperties: false,
      properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.schema()])),
      ...(required.length ? { required: [...required] } : {}),
    }),
  };
}
