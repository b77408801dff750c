// Hover documentation of an instruction mnemonic, generated from the ISA table (its spellings and
// operands, behaviour flags) and operations.ts (what it computes): syntax, operation, the exceptions
// it can raise, and what the Disco monitor does with it when a guest kernel executes it
// (docs/monitor.md: guest kernels run in supervisor mode, so every CP0 instruction traps).

import { ALIASES, INSTRUCTIONS, InsnFlag, type InsnSpec, parseSyntax } from '../../isa';
import { pseudoNames } from '../assembler/pseudo';
import { operationOf } from './operations';

const OPERAND_NAMES: Readonly<Record<string, string>> = {
  d: 'rd', s: 'rs', t: 'rt', b: 'base', U: 'rd', z: '$0', j: 'imm', i: 'imm', u: 'imm', o: 'offset', p: 'label', a: 'target',
  '<': 'sa', c: 'code', q: 'code', B: 'code', J: 'code', '1': 'stype', k: 'op', h: 'hint', '+A': 'pos', '+B': 'size', '+C': 'size',
  G: 'rd', H: 'sel', K: 'hwr', F: 'fs', X: 'rd', E: 'rt', C: 'cofun', D: 'fd', S: 'fs', T: 'ft', R: 'fr', N: 'cc', M: 'cc', Y: 'cc',
};

/** `lw rt, offset(base)` for a table entry. */
export function syntaxOf(spec: InsnSpec): string {
  if (spec.syntax === '') return spec.name;
  const ops = parseSyntax(spec.syntax);
  let text = '';
  ops.forEach((o, i) => {
    const name = o.letter === 'b' && !o.parenthesised ? 'base' : (OPERAND_NAMES[o.letter] ?? o.letter);
    text += o.parenthesised ? `(${name})` : `${i === 0 ? '' : ', '}${name}`;
  });
  if (spec.name === 'lwxc1' || spec.name === 'ldxc1' || spec.name === 'luxc1' || spec.name === 'swxc1' || spec.name === 'sdxc1' || spec.name === 'suxc1' || spec.name === 'prefx') {
    text = text.replace(/^(\w+), (\w+)\(base\)$/, '$1, index(base)');
  }
  return `${spec.name} ${text}`;
}

/** The exceptions an instruction can raise, from its flags (besides those of its own fetch). */
export function exceptionsOf(spec: InsnSpec): string[] {
  const f = (flag: number): boolean => (spec.flags & flag) !== 0;
  const out: string[] = [];
  if (f(InsnFlag.Privileged)) out.push('Coprocessor Unusable (CpU) outside kernel mode unless Status.CU0 is set');
  if (f(InsnFlag.Cp1)) out.push('Coprocessor Unusable (CpU) when Status.CU1 is clear');
  if (f(InsnFlag.Cp2)) out.push('Coprocessor Unusable (CpU) when Status.CU2 is clear');
  if (f(InsnFlag.Load) || f(InsnFlag.Store) || spec.name === 'cache' || spec.name === 'synci') {
    const kind = f(InsnFlag.Store) ? 'S' : 'L';
    if (spec.width > 1 && !f(InsnFlag.Partial)) out.push(`Address Error (AdE${kind}) on a misaligned address`);
    out.push(`Address Error (AdE${kind}) for a kernel address in user mode`);
    out.push(`TLB Refill / TLB Invalid (TLB${kind}) on a mapped address`);
    if (f(InsnFlag.Store)) out.push('TLB Modified (Mod) when the page is not dirty (writable)');
    out.push('Bus Error (DBE) where nothing answers at the physical address');
  }
  if (f(InsnFlag.Overflow)) out.push('Integer Overflow (Ov) on signed overflow');
  if (f(InsnFlag.Trap)) out.push('Trap (Tr) when the condition holds');
  if (spec.name === 'syscall') out.push('System Call (Sys), always');
  if (spec.name === 'break') out.push('Breakpoint (Bp), always');
  if (spec.name === 'sdbbp') out.push('Debug Breakpoint, always');
  if (spec.name === 'rdhwr') out.push('Reserved Instruction (RI) in user mode when HWREna does not enable the register');
  if (f(InsnFlag.Register) && f(InsnFlag.Jump)) out.push('Address Error (AdEL) at the target when it is misaligned or a kernel address in user mode');
  if (f(InsnFlag.Cp1) && /^(add|sub|mul|div|sqrt|recip|rsqrt|madd|msub|nmadd|nmsub|round|trunc|ceil|floor|cvt|c)\./.test(spec.name)) {
    out.push('Floating Point (FPE) for enabled IEEE exceptions or unimplemented operations');
  }
  return out;
}

const MONITOR: Readonly<Record<string, string>> = {
  mfc0: 'traps to the monitor, which reads the vCPU\'s virtual CP0 register. Registers the special page mirrors (docs/guest-abi.md) can be read with an ordinary load instead, without a trap.',
  mtc0: 'traps to the monitor, which writes the vCPU\'s virtual CP0 register (a Compare write re-arms the virtual timer, a Status write may deliver a pending virtual interrupt).',
  tlbwi: 'traps to the monitor: the guest\'s entry is recorded in the virtual TLB and its guest-physical pages are translated through the VM\'s pmap before anything reaches the real TLB.',
  tlbwr: 'traps to the monitor: the guest\'s entry is recorded in the virtual TLB at a virtual Random index and translated through the VM\'s pmap.',
  tlbr: 'traps to the monitor, which reads the entry from the vCPU\'s virtual TLB.',
  tlbp: 'traps to the monitor, which probes the vCPU\'s virtual TLB.',
  eret: 'traps to the monitor, which returns to the virtual EPC (ErrorEPC while virtual ERL), clears LLbit and resumes the vCPU in the mode its virtual Status says.',
  wait: 'traps to the monitor, which deschedules the vCPU until a virtual interrupt is pending and unmasked.',
  cache: 'traps to the monitor and is emulated as a timed no-op.',
  di: 'traps to the monitor, which clears the virtual Status.IE.',
  ei: 'traps to the monitor, which sets the virtual Status.IE.',
};

/** What the monitor does when a guest kernel executes `name`, or undefined when it runs natively. */
export function monitorBehaviour(spec: InsnSpec): string | undefined {
  if (spec.name === 'syscall') return '`syscall 0xD15C0` in virtual kernel mode is a monitor call (the guest ABI, docs/guest-abi.md); any other system call is reflected to the guest\'s own exception vector.';
  if ((spec.flags & InsnFlag.Privileged) === 0) return undefined;
  return MONITOR[spec.name] ?? 'privileged: traps to the monitor (Coprocessor Unusable from supervisor mode) and is emulated against the vCPU\'s virtual CP0.';
}

/** Markdown documentation of a mnemonic (instruction, alias or pseudo-instruction), or undefined for an unknown word. */
export function instructionDoc(mnemonic: string): string | undefined {
  const name = mnemonic.toLowerCase();
  const specs = INSTRUCTIONS.filter((s) => s.name === name);
  const aliases = ALIASES.filter((a) => a.name === name);
  const pseudo = pseudoNames().includes(name);
  if (specs.length === 0 && aliases.length === 0 && !pseudo) return undefined;
  const forms = [...new Set([...specs, ...aliases].map(syntaxOf))];
  const spec = specs[0] ?? aliases[0];
  const lines: string[] = [];
  lines.push('```mips', ...(forms.length > 0 ? forms : [name]), '```');
  const op = operationOf(name);
  if (op !== undefined) lines.push('', `**Operation:** ${op}`);
  if (specs.length === 0) {
    const of = [...new Set(aliases.map((a) => a.of).filter((o) => o !== name))];
    lines.push('', of.length > 0 ? `Alias of \`${of.join('`, `')}\`.` : 'Pseudo-instruction: the assembler expands it into one or more machine instructions.');
  }
  if (spec && (spec.flags & InsnFlag.DelaySlot) !== 0) lines.push('', 'Has a branch delay slot: the next instruction runs before the transfer.');
  const exceptions = spec ? exceptionsOf(spec) : [];
  if (exceptions.length > 0) lines.push('', '**Exceptions:**', ...exceptions.map((e) => `- ${e}`));
  const monitor = spec ? monitorBehaviour(spec) : undefined;
  if (monitor !== undefined) lines.push('', `**In a guest kernel under Disco:** ${monitor}`);
  return lines.join('\n');
}
