// A seeded generator of random and malformed DAP requests for the adapter fuzz test: unknown
// commands, missing and wrongly typed arguments, huge counts, bad memory references and bad
// frame, variable and thread ids, mixed with well-formed requests of every kind the adapter
// answers. The same seed gives the same request stream.

import { mulberry32 } from './prng';

export interface FuzzRequest {
  readonly command: string;
  readonly args: Record<string, unknown> | undefined;
}

/** What the generator may aim well-formed requests at. */
export interface FuzzContext {
  /** Source files with code, and lines in them. */
  readonly sources: readonly { readonly path: string; readonly lines: readonly number[] }[];
  /** Symbols of the guest (function breakpoints, expressions). */
  readonly symbols: readonly string[];
  /** VM names (empty on the bare machine). */
  readonly vms: readonly string[];
  /** Virtual addresses of guest code. */
  readonly code: readonly number[];
}

const ODD_VALUES: readonly unknown[] = [
  undefined, null, true, false, 0, -1, 1, 2, 7, 1.5, -0.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 31), 1e12,
  '', ' ', 'x', '0x', '0xffffffff', '1e9', '-1', '{', '}', '{x}', '%s', '\u0000', 'a'.repeat(5000),
  [], [1, 2], [null], {}, { a: 1 }, { path: 42 },
];

const EXPRESSIONS: readonly string[] = [
  '$a0', 'pc', '$sp + 4', '*(u32*)$sp', '*0', '[0xffffffff]', '*(s8*)(pc + 1)', 'vm', 'vcpu', 'cpu', 'status',
  '$cause', 'epc', '1/0', '5 % 0', '-1 < 0', '"server" == vm', '$a0 = 3', 'nosuchsymbol', '((((', ')', '$f0',
  'hi', 'lo', '$99', '*(u64*)0', '(u8)0x1ff', 'x ? y : z', '0x100000000', '~0 >> 33', '1 << 40', "'ab'",
  'help', 'vms', 'pmap', 'pmap nosuchvm', 'pmap server 0 99999999', 'tlb cpu0', 'tlb cpu99', 'vtlb server.vcpu0',
  'vtlb x.vcpu9', 'l2tlb client.vcpu0', 'memmap 0', 'memmap 0xffffffff 5000', 'translate server 0xc0000000',
  'translate nosuch 0', 'translate server', 'stats', 'counters', 'help pmap', 'help nosuch',
];

const MEMORY_REFS: readonly string[] = [
  '0x80000000', '0xc0000000', '0x00000000', '0xfffffffc', '0xbfc00000', 'ma:0x0', 'ma:0xfffffff0', 'ma:0x1000',
  'gpa:server:0x0', 'gpa:client:0x1000', 'gpa:nosuch:0x0', 'gpa::0x0', 'ma:', 'gpa:x', 'zz', '0x1ffffffff',
  '-4', '12345678901', 'ma:0x1f000000',
];

const REQUESTS: readonly string[] = [
  'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'readMemory', 'writeMemory', 'disassemble',
  'setBreakpoints', 'setFunctionBreakpoints', 'setInstructionBreakpoints', 'setDataBreakpoints', 'dataBreakpointInfo',
  'setExceptionBreakpoints', 'breakpointLocations', 'continue', 'pause', 'next', 'stepIn', 'stepOut', 'stepBack',
  'reverseContinue', 'goto', 'gotoTargets', 'completions', 'setVariable', 'setExpression', 'loadedSources', 'modules',
  'source', 'exceptionInfo', 'stepInTargets', 'restartFrame', 'terminateThreads', 'cancel', 'readMemory',
  'disco/vms', 'disco/pmap', 'disco/memmap', 'disco/tlb', 'disco/counters', 'disco/timeline', 'disco/goto',
  'disco/consoleInput', 'disco/nosuch', 'nosuchcommand', '', 'initialize',
];

const FILTERS: readonly string[] = ['tlb-miss', 'syscall', 'interrupt', 'monitor-call', 'monitor-emulate', 'nosuch', 'break'];

export class DapFuzzer {
  private readonly rand: () => number;
  /** Ids the adapter handed out (frames, variable references), reused so some requests are valid. */
  readonly frameIds: number[] = [];
  readonly variableRefs: number[] = [];
  threadIds: number[] = [1];

  constructor(seed: number, private readonly ctx: FuzzContext) {
    this.rand = mulberry32(seed);
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  /** Mostly `good`, sometimes an odd value of any type. */
  private or(good: () => unknown, p = 0.2): unknown {
    return this.chance(p) ? this.pick(ODD_VALUES) : good();
  }

  private threadId(): unknown {
    return this.or(() => (this.chance(0.8) ? this.pick(this.threadIds) : this.pick([0, 99, -3, 2 ** 31])));
  }

  private frameId(): unknown {
    return this.or(() => (this.frameIds.length > 0 && this.chance(0.7) ? this.pick(this.frameIds) : this.int(1000)));
  }

  private variablesRef(): unknown {
    return this.or(() => (this.variableRefs.length > 0 && this.chance(0.7) ? this.pick(this.variableRefs) : this.int(1000)));
  }

  private memoryRef(): unknown {
    return this.or(() => (this.chance(0.4) && this.ctx.code.length > 0 ? `0x${this.pick(this.ctx.code).toString(16)}` : this.pick(MEMORY_REFS)));
  }

  private count(): unknown {
    return this.or(() => this.pick([0, 1, 4, 16, 64, 256, 4096, 1 << 20, (1 << 20) + 1, 1e8, 2 ** 31 - 1]));
  }

  private source(): unknown {
    return this.or(() => (this.chance(0.85) ? { path: this.pick(this.ctx.sources).path } : { name: 'x.S' }), 0.15);
  }

  private line(): unknown {
    return this.or(() => (this.chance(0.8) ? this.pick(this.pick(this.ctx.sources).lines) : this.pick([0, -1, 1, 999_999])), 0.15);
  }

  private expression(): unknown {
    return this.or(() => (this.chance(0.2) ? this.pick(this.ctx.symbols) : this.pick(EXPRESSIONS)), 0.15);
  }

  private condition(): unknown {
    return this.chance(0.7) ? undefined : this.or(() => this.pick(['vm == "client"', '$a0 > 3', '(((', 'nosuch', '1', '0', 'vcpu == 1']));
  }

  private list<T>(item: () => T, max = 4): T[] {
    return Array.from({ length: this.int(max + 1) }, item);
  }

  /** Arguments of one request: usually plausible, often malformed. */
  private argsFor(command: string): Record<string, unknown> | undefined {
    const tid = (): unknown => this.threadId();
    switch (command) {
      case 'stackTrace':
        return { threadId: tid(), startFrame: this.or(() => this.int(4)), levels: this.or(() => this.int(30)) };
      case 'scopes':
        return { frameId: this.frameId() };
      case 'variables':
        return { variablesReference: this.variablesRef(), start: this.chance(0.7) ? undefined : this.count(), count: this.chance(0.7) ? undefined : this.count(), format: this.or(() => ({ hex: this.chance(0.5) }), 0.2) };
      case 'evaluate':
        return { expression: this.expression(), context: this.or(() => this.pick(['repl', 'watch', 'hover', 'variables', 'clipboard'])), frameId: this.chance(0.5) ? undefined : this.frameId() };
      case 'readMemory':
        return { memoryReference: this.memoryRef(), offset: this.chance(0.6) ? undefined : this.or(() => this.int(64) - 32), count: this.count() };
      case 'writeMemory':
        return { memoryReference: this.memoryRef(), offset: this.chance(0.8) ? undefined : this.or(() => 4), data: this.or(() => this.pick(['AAAAAA==', '', '!!notbase64', 'AA'])), allowPartial: this.or(() => this.chance(0.5)) };
      case 'disassemble':
        return { memoryReference: this.memoryRef(), offset: this.chance(0.7) ? undefined : this.or(() => this.int(16)), instructionOffset: this.chance(0.5) ? undefined : this.or(() => this.int(200) - 100), instructionCount: this.count(), resolveSymbols: true };
      case 'setBreakpoints':
        return { source: this.source(), breakpoints: this.or(() => this.list(() => ({ line: this.line(), condition: this.condition(), hitCondition: this.chance(0.8) ? undefined : this.or(() => this.pick(['2', '>3', '%2', 'x', '==1'])), logMessage: this.chance(0.8) ? undefined : this.or(() => this.pick(['a0={$a0}', '{', '{nosuch:x}', '}}{{'])) })), 0.15) };
      case 'setFunctionBreakpoints':
        return { breakpoints: this.or(() => this.list(() => ({ name: this.or(() => this.pick(this.ctx.symbols)), condition: this.condition() }))) };
      case 'setInstructionBreakpoints':
        return { breakpoints: this.or(() => this.list(() => ({ instructionReference: this.memoryRef(), offset: this.chance(0.7) ? undefined : this.or(() => this.int(9) - 4), condition: this.condition() }))) };
      case 'setDataBreakpoints':
        return { breakpoints: this.or(() => this.list(() => ({ dataId: this.or(() => this.pick(['0x80001000/4', 'ma:0x1000/8', 'gpa:server:0x0/4', 'junk', '0x80001000/0', '0x80001000/99999999'])), accessType: this.or(() => this.pick(['read', 'write', 'readWrite'])), condition: this.condition() }), 3)) };
      case 'dataBreakpointInfo':
        return { name: this.or(() => this.pick(['$sp', 'ma:0x1000', '0x80001000', 'nosuch', '(('])), variablesReference: this.chance(0.7) ? undefined : this.variablesRef(), bytes: this.chance(0.6) ? undefined : this.count(), asAddress: this.or(() => this.chance(0.5)) };
      case 'setExceptionBreakpoints':
        return { filters: this.or(() => this.list(() => this.pick(FILTERS), 2)), filterOptions: this.chance(0.6) ? undefined : this.or(() => this.list(() => ({ filterId: this.or(() => this.pick(FILTERS)), condition: this.condition() }), 2)) };
      case 'breakpointLocations':
        return { source: this.source(), line: this.line(), endLine: this.chance(0.5) ? undefined : this.line() };
      case 'continue': case 'pause': case 'reverseContinue':
        return { threadId: tid() };
      case 'next': case 'stepIn': case 'stepOut': case 'stepBack':
        return { threadId: tid(), granularity: this.or(() => this.pick(['instruction', 'line', 'statement', undefined])) };
      case 'goto':
        return { threadId: tid(), targetId: this.or(() => (this.chance(0.7) && this.ctx.code.length > 0 ? this.pick(this.ctx.code) : this.int(2 ** 32))) };
      case 'gotoTargets':
        return { source: this.source(), line: this.line() };
      case 'completions':
        return { text: this.or(() => this.pick(['', 'pm', 'pmap s', 'translate client.v', '$s', 'help '])), column: this.or(() => 1 + this.int(20)), frameId: this.chance(0.5) ? undefined : this.frameId() };
      case 'setVariable':
        return { variablesReference: this.variablesRef(), name: this.or(() => this.pick(['$a0', '$zero', 'pc', 'Status', 'BadVAddr', 'nosuch', '$t0'])), value: this.or(() => this.pick(['1', '0x80000000', 'x', '-1', '4294967296', '3'])) };
      case 'setExpression':
        return { expression: this.expression(), value: this.or(() => this.pick(['1', 'x', '0x10'])), frameId: this.chance(0.5) ? undefined : this.frameId() };
      case 'source':
        return { sourceReference: this.or(() => this.int(5)), source: this.source() };
      case 'exceptionInfo': case 'stepInTargets': case 'restartFrame': case 'terminateThreads':
        return { threadId: tid(), frameId: this.frameId(), threadIds: this.or(() => [1]) };
      case 'disco/pmap':
        return { vm: this.or(() => (this.ctx.vms.length > 0 && this.chance(0.7) ? this.pick(this.ctx.vms) : 'nosuch')), first: this.or(() => this.int(8192) - 16), count: this.count() };
      case 'disco/memmap':
        return { first: this.or(() => this.int(1 << 16) - 16), count: this.count() };
      case 'disco/tlb':
        return { threadId: tid() };
      case 'disco/timeline':
        return { fromPosition: this.or(() => this.int(1e6)), max: this.count() };
      case 'disco/goto':
        return { position: this.or(() => this.int(1e6)) };
      case 'disco/consoleInput':
        return { vm: this.or(() => (this.ctx.vms.length > 0 ? this.pick(this.ctx.vms) : 'x')), text: this.or(() => 'x\n') };
      case 'initialize':
        return { adapterID: 'disco', linesStartAt1: true };
      default:
        return this.chance(0.5) ? undefined : { threadId: tid(), junk: this.pick(ODD_VALUES) };
    }
  }

  /** The next request: a kind and its arguments, or an unknown command. */
  next(): FuzzRequest {
    const command = this.chance(0.04) ? `zz${this.int(1000)}` : this.pick(REQUESTS);
    return { command, args: this.chance(0.05) ? undefined : this.argsFor(command) };
  }
}
