// Declarative field kinds for the guest config: each kind validates a node of the config's
// jsonc-parser tree (collecting every problem, with its JSON path and source range) and
// describes itself as JSON Schema, so the validator and the shipped schema cannot disagree.

import type { ConfigDiagnostic, JsonNode, JsonSource } from './jsonTree';
import { members } from './jsonTree';

/** Collects problems while a config is validated; `path` is the JSON path, e.g. `vms[1].memoryMB`. */
export class Problems {
  readonly list: ConfigDiagnostic[] = [];
  constructor(private readonly source: JsonSource) {}
  /** Records a problem at node's range; returns undefined so validators can `return p.add(…)`. */
  add(node: JsonNode, path: string, message: string): undefined {
    this.list.push({ loc: this.source.locate(node.offset), severity: 'error', message: `${path}: ${message}`, offset: node.offset, length: node.length });
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
  validate(v: JsonNode, path: string, p: Problems): T | undefined;
  schema(): JsonSchema;
}

export function integer(doc: string, min: number, max: number, dflt?: number): Field<number> {
  return {
    doc,
    ...(dflt === undefined ? {} : { default: dflt }),
    validate(v, path, p) {
      if (v.type !== 'number' || !Number.isInteger(v.value)) return p.add(v, path, `must be an integer from ${min} to ${max}`);
      if (v.value < min || v.value > max) return p.add(v, path, `${v.value} is out of range: must be from ${min} to ${max}`);
      return v.value as number;
    },
    schema: () => ({ type: 'integer', minimum: min, maximum: max, description: doc, ...(dflt === undefined ? {} : { default: dflt }) }),
  };
}

export function boolean(doc: string, dflt?: boolean): Field<boolean> {
  return {
    doc,
    ...(dflt === undefined ? {} : { default: dflt }),
    validate(v, path, p) {
      if (v.type !== 'boolean') return p.add(v, path, 'must be true or false');
      return v.value as boolean;
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
      if (v.type !== 'string') return p.add(v, path, 'must be a string');
      const text = v.value as string;
      if (pattern && !pattern.test(text)) return p.add(v, path, `"${text}" ${patternDoc ?? `must match ${pattern.source}`}`);
      return text;
    },
    schema: () => ({
      type: 'string',
      description: doc,
      ...(pattern ? { pattern: pattern.source } : {}),
      ...(opts.default === undefined ? {} : { default: opts.default }),
    }),
  };
}

/**
 * One of the strings in `choices`. `later` names values that belong to a feature that does not
 * exist yet, each with the reason given when a config uses it; the schema leaves them out.
 */
export function oneOf<T extends string>(doc: string, choices: readonly T[], dflt?: T, later: Readonly<Record<string, string>> = {}): Field<T> {
  return {
    doc,
    ...(dflt === undefined ? {} : { default: dflt }),
    validate(v, path, p) {
      const why = v.type === 'string' ? later[v.value as string] : undefined;
      if (why !== undefined) return p.add(v, path, `"${v.value as string}" ${why}`);
      if (v.type !== 'string' || !(choices as readonly string[]).includes(v.value as string)) {
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
      if (v.type !== 'array') return p.add(v, path, 'must be an array');
      const items = v.children ?? [];
      if (items.length > maxItems) return p.add(v, path, `has ${items.length} entries: at most ${maxItems} are allowed`);
      const out: T[] = [];
      let ok = true;
      items.forEach((it, i) => {
        const r = item.validate(it, `${path}[${i}]`, p);
        if (r === undefined) ok = false;
        else out.push(r);
      });
      return ok ? out : undefined;
    },
    schema: () => ({ type: 'array', items: item.schema(), maxItems, description: doc }),
  };
}

/** Options of an object field beyond its shape. */
export interface ObjectOptions {
  /** Properties reserved for a feature that does not exist yet, each with the reason given when a config uses it. */
  readonly later?: Readonly<Record<string, string>>;
  /** Schema keywords for rules between the object's own properties (e.g. if/then); the loader checks the same rules itself. */
  readonly schemaRules?: JsonSchema;
}

export function object<T>(doc: string, shape: { readonly [K in keyof T]-?: Field<unknown> }, required: readonly (keyof T & string)[] = [], o: ObjectOptions = {}): Field<T> {
  const fields = shape as Readonly<Record<string, Field<unknown>>>;
  const later = o.later ?? {};
  return {
    doc,
    fillAbsent: required.length === 0,
    validate(v, path, p) {
      if (v.type !== 'object') return p.add(v, path, 'must be an object');
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      let ok = true;
      for (const { key, keyNode, value } of members(v)) {
        const f = fields[key];
        const sub = path ? `${path}.${key}` : key;
        const problem = seen.has(key) ? 'duplicate property' : (later[key] ?? (f === undefined ? `unknown property (expected one of ${Object.keys(fields).join(', ')})` : undefined));
        seen.add(key);
        if (problem !== undefined) p.add(keyNode, sub, problem);
        // A member without a value is a syntax error, reported by the parser.
        const r = problem !== undefined || f === undefined || value === undefined ? undefined : f.validate(value, sub, p);
        if (r === undefined) ok = false;
        else out[key] = r;
      }
      for (const [key, f] of Object.entries(fields)) {
        if (seen.has(key)) continue;
        if ((required as readonly string[]).includes(key)) {
          p.add(v, path || '(top level)', `missing required property "${key}"`);
          ok = false;
        } else if (f.default !== undefined) out[key] = structuredClone(f.default);
        else if (f.fillAbsent) {
          const r = f.validate({ type: 'object', offset: v.offset, length: v.length, children: [] }, path ? `${path}.${key}` : key, p);
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
      ...o.schemaRules,
    }),
  };
}
