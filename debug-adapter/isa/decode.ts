// Decoding of instruction words against the table: a 4096-bucket index on (opcode, funct)
// narrows the candidates, then match/mask picks the single entry (entries never overlap).

import type { InsnSpec } from './spec';
import { INSTRUCTIONS } from './table';
import { ALIASES, type AliasSpec } from './aliases';

/** A decoded word: the table entry and the raw fields most consumers need. */
export interface DecodedInsn {
  readonly spec: InsnSpec;
  readonly word: number;
  readonly rs: number;
  readonly rt: number;
  readonly rd: number;
  readonly sa: number;
  /** 16-bit immediate, sign-extended. */
  readonly simm: number;
  /** 16-bit immediate, zero-extended. */
  readonly uimm: number;
}

/** Buckets keyed by opcode * 64 + funct: every entry whose match/mask allows that pair. */
function buildIndex<T extends InsnSpec>(entries: readonly T[]): T[][] {
  const buckets: T[][] = Array.from({ length: 4096 }, () => []);
  for (let key = 0; key < 4096; key++) {
    const w = (((key >> 6) << 26) | (key & 63)) >>> 0;
    const keyMask = 0xfc00003f;
    for (const e of entries) {
      if (((e.match ^ w) & e.mask & keyMask) === 0) buckets[key]?.push(e);
    }
  }
  return buckets;
}

// Built at first use: a process that never decodes (disco run) does not pay for them at start-up.
let index: InsnSpec[][] | undefined;
let aliasIndex: AliasSpec[][] | undefined;
const bucketKey = (w: number): number => ((w >>> 20) & 0xfc0) | (w & 63);

/** The table entry encoding `word`, or undefined for a reserved/unknown encoding. */
export function lookup(word: number): InsnSpec | undefined {
  index ??= buildIndex(INSTRUCTIONS);
  const bucket = index[bucketKey(word)];
  if (bucket) for (const e of bucket) if (((word ^ e.match) & e.mask) === 0) return e;
  return undefined;
}

/** The first alias or short form of ALIASES that spells `word`, or undefined. */
export function lookupAlias(word: number, includeAliases = true): AliasSpec | undefined {
  aliasIndex ??= buildIndex(ALIASES);
  const bucket = aliasIndex[bucketKey(word)];
  if (bucket) {
    for (const e of bucket) if (((word ^ e.match) & e.mask) === 0 && (includeAliases || e.kind === 'form')) return e;
  }
  return undefined;
}

/** Decodes a 32-bit instruction word; undefined when no table entry encodes it. */
export function decode(word: number): DecodedInsn | undefined {
  const spec = lookup(word);
  if (!spec) return undefined;
  const w = word >>> 0;
  return {
    spec,
    word: w,
    rs: (w >>> 21) & 31,
    rt: (w >>> 16) & 31,
    rd: (w >>> 11) & 31,
    sa: (w >>> 6) & 31,
    simm: (w << 16) >> 16,
    uimm: w & 0xffff,
  };
}
