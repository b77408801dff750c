// Evaluation of debugger expressions (expressionSyntax.ts) for one thread: registers wherever
// the thread's registers live, its VM's CP0 view, symbols of its images, `vm`/`vcpu`/`cpu`, and
// memory through the thread's own translation (never refilling a TLB). Values are 32-bit
// numbers with C's signedness rules (a result is unsigned when an operand is) or strings; `&&`,
// `||` and `?:` evaluate lazily, so `vm == "client" && *(u32*)$a0 > 3` reads no memory in other
// VMs. Assignment writes a register or memory (setExpression).

import { cp0ByName, GPR_ABI_NAMES } from '../isa';
import { type ExprNode, ExpressionError, parseExpression, type ValueType } from './expressionSyntax';
import { readMemory, writeMemory } from './memory';
import type { DebugTarget, DebugThread } from './target';

export { ExpressionError, parseExpression } from './expressionSyntax';
export type { ExprNode } from './expressionSyntax';

/** The value of an expression. `value` is the 32-bit pattern as a signed or unsigned number. */
export type ExpressionValue =
  | { readonly kind: 'number'; readonly value: number; readonly signed: boolean }
  | { readonly kind: 'string'; readonly value: string };

const GPRS = new Map<string, number>([...GPR_ABI_NAMES.map((n, i): [string, number] => [n, i]), ['fp', 30]]);

const num = (v: number, signed: boolean): ExpressionValue => ({ kind: 'number', value: signed ? v | 0 : v >>> 0, signed });

interface Scope {
  readonly target: DebugTarget;
  readonly thread: DebugThread;
}

/** A register of the thread by name (`$`-prefixed or not; `$N` only with `$`), or undefined. */
function register(s: Scope, name: string, dollar: boolean): { read(): ExpressionValue; write?(v: number): void } | undefined {
  const regs = s.target.registerFile(s.thread);
  const numeric = dollar ? /^[0-9]+$/.exec(name) : null;
  const g = numeric !== null ? Number(name) : GPRS.get(name);
  if (g !== undefined && g < 32) return { read: () => num(regs.gpr[g] as number, true), write: (v) => { if (g !== 0) regs.gpr[g] = v; } };
  if (name === 'pc') return { read: () => num(regs.pc, false), write: (v) => regs.setPc(v) };
  if (name === 'hi') return { read: () => num(regs.hi, true), write: (v) => (regs.hi = v) };
  if (name === 'lo') return { read: () => num(regs.lo, true), write: (v) => (regs.lo = v) };
  const f = /^f([0-9]+)$/.exec(name);
  if (f !== null && Number(f[1]) < 32) {
    const fpr = s.target.cpuOf(s.thread)?.state.fpr ?? s.thread.vcpu?.fpr;
    const i = Number(f[1]);
    if (fpr !== undefined) return { read: () => num(fpr[i] as number, true), write: (v) => (fpr[i] = v) };
  }
  return undefined;
}

/** A CP0 register as the thread's kernel sees it: the vCPU's virtual CP0, or the CPU's own. */
function cp0(s: Scope, name: string): ExpressionValue | undefined {
  const rs = cp0ByName(`c0_${name}`);
  if (rs === undefined) return undefined;
  const [reg, sel] = rs;
  const v = s.thread.vcpu;
  if (v !== undefined) return num(v.cp0.read(reg, sel, v.icount), false);
  const c = s.target.machine.cpus[s.thread.cpu];
  return c === undefined ? undefined : num(c.cp0.read(reg, sel), false);
}

function lookupName(s: Scope, name: string, at: number): ExpressionValue {
  const dollar = name.startsWith('$');
  const bare = dollar ? name.slice(1) : name;
  if (!dollar) {
    if (name === 'vm') {
      if (s.thread.vm === undefined) throw new ExpressionError("'vm': this thread is a CPU of the bare machine", at);
      return { kind: 'string', value: s.thread.vm.name };
    }
    if (name === 'vcpu') {
      if (s.thread.vcpu === undefined) throw new ExpressionError("'vcpu': this thread is a CPU of the bare machine", at);
      return num(s.thread.vcpu.id, true);
    }
    if (name === 'cpu') return num(s.target.homeCpu(s.thread), true);
  }
  const r = register(s, bare, dollar);
  if (r !== undefined) return r.read();
  if (!dollar) {
    const a = s.target.symbols.addressOf(name, s.target.space(s.thread));
    if (a !== undefined) return num(a, false);
  }
  const c = cp0(s, bare.toLowerCase());
  if (c !== undefined) return c;
  throw new ExpressionError(`unknown name '${name}' (not a register, symbol, vm, vcpu or cpu)`, at);
}

function load(s: Scope, address: number, type: ValueType, at: number): ExpressionValue {
  const r = readMemory(s.target, 'virtual', address >>> 0, type.bytes, s.thread);
  const gap = r.unreadable[0];
  if (gap !== undefined) throw new ExpressionError(`cannot read 0x${(address >>> 0).toString(16)}: ${gap.reason}`, at);
  const bytes = r.bytes;
  const big = s.target.machine.memory.bigEndian;
  let v = 0;
  for (let i = 0; i < type.bytes; i++) v = v * 256 + (bytes[big ? i : type.bytes - 1 - i] as number);
  return num(truncate(v, type), type.signed);
}

function store(s: Scope, address: number, type: ValueType, v: number, at: number): void {
  const bytes = new Uint8Array(type.bytes);
  const big = s.target.machine.memory.bigEndian;
  for (let i = 0; i < type.bytes; i++) bytes[big ? type.bytes - 1 - i : i] = (v >>> (8 * i)) & 0xff;
  const w = writeMemory(s.target, 'virtual', address >>> 0, bytes, s.thread);
  if (w.error !== undefined) throw new ExpressionError(`cannot write 0x${(address >>> 0).toString(16)}: ${w.error}`, at);
}

/** The low `bytes` of v, sign- or zero-extended. */
function truncate(v: number, t: ValueType): number {
  const shift = 32 - 8 * t.bytes;
  return t.signed ? (v << shift) >> shift : shift === 0 ? v >>> 0 : (v << shift) >>> shift;
}

function numberOf(v: ExpressionValue, at: number): Extract<ExpressionValue, { kind: 'number' }> {
  if (v.kind !== 'number') throw new ExpressionError(`a string ("${v.value}") where a number is needed`, at);
  return v;
}

const truth = (v: ExpressionValue, at: number): boolean => numberOf(v, at).value !== 0;

function binary(s: Scope, e: Extract<ExprNode, { k: 'binary' }>): ExpressionValue {
  if (e.op === '&&') return num(truth(evaluate(s, e.l), e.l.at) && truth(evaluate(s, e.r), e.r.at) ? 1 : 0, true);
  if (e.op === '||') return num(truth(evaluate(s, e.l), e.l.at) || truth(evaluate(s, e.r), e.r.at) ? 1 : 0, true);
  const l = evaluate(s, e.l);
  const r = evaluate(s, e.r);
  if (l.kind === 'string' && r.kind === 'string') {
    if (e.op === '==') return num(l.value === r.value ? 1 : 0, true);
    if (e.op === '!=') return num(l.value !== r.value ? 1 : 0, true);
    throw new ExpressionError(`'${e.op}' does not apply to strings (only == and !=)`, e.at);
  }
  if (l.kind !== r.kind && (e.op === '==' || e.op === '!=')) throw new ExpressionError(`'${e.op}' compares a string with a number`, e.at);
  const x = numberOf(l, e.l.at);
  const y = numberOf(r, e.r.at);
  const shift = e.op === '<<' || e.op === '>>';
  // C's usual arithmetic conversions: unsigned when either operand is (a shift takes the left's type).
  const signed = shift ? x.signed : x.signed && y.signed;
  const a = signed ? x.value | 0 : x.value >>> 0;
  const b = signed ? y.value | 0 : y.value >>> 0;
  switch (e.op) {
    case '+': return num(a + b, signed);
    case '-': return num(a - b, signed);
    case '*': return num(Math.imul(a, b), signed);
    case '/': case '%': {
      if (b === 0) throw new ExpressionError('division by zero', e.at);
      const q = e.op === '/' ? Math.trunc(a / b) : a % b;
      return num(q, signed);
    }
    case '<<': return num(a << (y.value & 31), signed);
    case '>>': return num(signed ? a >> (y.value & 31) : a >>> (y.value & 31), signed);
    case '&': return num(a & b, signed);
    case '|': return num(a | b, signed);
    case '^': return num(a ^ b, signed);
    case '<': return num(a < b ? 1 : 0, true);
    case '<=': return num(a <= b ? 1 : 0, true);
    case '>': return num(a > b ? 1 : 0, true);
    case '>=': return num(a >= b ? 1 : 0, true);
    case '==': return num(a === b ? 1 : 0, true);
    case '!=': return num(a !== b ? 1 : 0, true);
  }
}

function evaluate(s: Scope, e: ExprNode): ExpressionValue {
  switch (e.k) {
    case 'num': return num(e.v, e.signed);
    case 'str': return { kind: 'string', value: e.v };
    case 'name': return lookupName(s, e.name, e.at);
    case 'unary': {
      const v = numberOf(evaluate(s, e.e), e.e.at);
      if (e.op === '!') return num(v.value === 0 ? 1 : 0, true);
      return num(e.op === '-' ? -v.value : ~v.value, v.signed);
    }
    case 'cast': {
      const v = numberOf(evaluate(s, e.e), e.e.at);
      return num(truncate(v.value, e.type), e.type.signed);
    }
    case 'deref': return load(s, numberOf(evaluate(s, e.addr), e.addr.at).value, e.type, e.at);
    case 'binary': return binary(s, e);
    case 'cond': return truth(evaluate(s, e.c), e.c.at) ? evaluate(s, e.t) : evaluate(s, e.f);
    case 'assign': {
      const v = numberOf(evaluate(s, e.value), e.value.at);
      assign(s, e.target, v.value);
      return evaluate(s, e.target);
    }
  }
}

function assign(s: Scope, lhs: ExprNode, v: number): void {
  if (lhs.k === 'deref') {
    store(s, numberOf(evaluate(s, lhs.addr), lhs.addr.at).value, lhs.type, v, lhs.at);
    return;
  }
  if (lhs.k !== 'name') throw new ExpressionError('only a register or a dereference can be assigned', lhs.at);
  const dollar = lhs.name.startsWith('$');
  const r = register(s, dollar ? lhs.name.slice(1) : lhs.name, dollar);
  if (r?.write === undefined) throw new ExpressionError(`'${lhs.name}' cannot be assigned (registers: GPRs, pc, hi, lo, $fN; memory: *(type*)addr)`, lhs.at);
  r.write(v | 0);
}

/** Evaluates a parsed expression (an assignment writes, then gives the new value). */
export function evaluateNode(target: DebugTarget, thread: DebugThread, e: ExprNode): ExpressionValue {
  return evaluate({ target, thread }, e);
}

/** Parses and evaluates `text` for a thread; throws ExpressionError (with its column). */
export function evaluateExpression(target: DebugTarget, thread: DebugThread, text: string): ExpressionValue {
  return evaluateNode(target, thread, parseExpression(text));
}

/** setExpression: assigns the value of `value` to the register or memory `expression` names. */
export function assignExpression(target: DebugTarget, thread: DebugThread, expression: string, value: string): ExpressionValue {
  const lhs = parseExpression(expression);
  const s = { target, thread };
  const v = numberOf(evaluate(s, parseExpression(value)), 1);
  assign(s, lhs, v.value);
  return evaluate(s, lhs);
}

/** A breakpoint condition: true when the value is a non-zero number (a string is an error). */
export function conditionHolds(target: DebugTarget, thread: DebugThread, condition: ExprNode): boolean {
  return truth(evaluateNode(target, thread, condition), condition.at);
}

/** How a value is shown: `0x0000002a (42)` for numbers, `"server"` for strings. */
export function formatValue(v: ExpressionValue): string {
  if (v.kind === 'string') return JSON.stringify(v.value);
  return `0x${(v.value >>> 0).toString(16).padStart(8, '0')} (${v.value})`;
}
