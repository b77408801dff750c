// The inspection requests of a stopped session, answered from the debugger layer: stack frames,
// register scopes and their variables, evaluate (expressions, and the monitor's Debug Console
// commands in the REPL), memory in three address spaces, disassembly, loaded sources and
// modules. Frame and variable handles are valid until the next resume (`reset`).

import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { disassemble } from '../debugger/disassembly';
import { consoleCompletions, isConsoleCommand, runConsoleCommand } from '../debugger/consoleCommands';
import { stackFrames } from '../debugger/unwind';
import { assignExpression, evaluateExpression, formatValue } from '../debugger/expression';
import { readMemory, writeMemory } from '../debugger/memory';
import { registerScopes, type RegisterVariable, setRegister } from '../debugger/registers';
import type { DebugTarget, DebugThread } from '../debugger/target';
import { translateVirtual } from '../debugger/translate';
import { formatReference, parseReference } from './memoryReference';

/** A frame the client may ask scopes of. */
interface FrameRef {
  readonly thread: DebugThread;
  readonly index: number;
}

/** What a variablesReference points at: a scope, or a register's fields. */
interface VariablesRef {
  readonly frame: FrameRef;
  readonly scope: string;
  /** Names from the scope down to the variable whose children are asked for. */
  readonly path: readonly string[];
}

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export class Inspector {
  private frames = new Handles<FrameRef>();
  private variablesRefs = new Handles<VariablesRef>();

  constructor(private readonly target: DebugTarget) {}

  /** Forgets the handles of the previous stop. */
  reset(): void {
    this.frames.reset();
    this.variablesRefs.reset();
  }

  threadOfFrame(frameId: number): DebugThread | undefined {
    return this.frames.get(frameId)?.thread;
  }

  /** The instruction word at va in t's view, or undefined when it cannot be read. */
  wordAt(t: DebugThread, va: number): number | undefined {
    const r = readMemory(this.target, 'virtual', va & ~3, 4, t);
    if (r.unreadable.length > 0) return undefined;
    const b = r.bytes;
    const big = this.target.machine.memory.bigEndian;
    return big ? ((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)
      : ((b[3] as number) << 24) | ((b[2] as number) << 16) | ((b[1] as number) << 8) | (b[0] as number);
  }

  // ---- frames -------------------------------------------------------------------------------------

  stackTrace(thread: DebugThread | undefined, args: DebugProtocol.StackTraceArguments): DebugProtocol.StackTraceResponse['body'] {
    if (thread === undefined) throw new Error(`no thread ${args.threadId}`);
    const frames = stackFrames(this.target, thread);
    const start = args.startFrame ?? 0;
    const levels = args.levels === undefined || args.levels === 0 ? frames.length : args.levels;
    return {
      stackFrames: frames.slice(start, start + levels).map((f) => ({
        id: this.frames.create({ thread, index: f.index }),
        name: f.exception ? `${f.name} (interrupted by an exception)` : f.name,
        line: f.source?.line ?? 0,
        column: f.source === undefined ? 0 : 1,
        instructionPointerReference: hex8(f.pc),
        ...(f.source === undefined ? { presentationHint: 'subtle' as const } : { source: { name: f.source.file.replace(/^.*[/\\]/, ''), path: f.source.file } }),
      })),
      totalFrames: frames.length,
    };
  }

  /** Where the thread's current function returns to (its caller's frame), if the unwinder knows. */
  callerOf(thread: DebugThread): { readonly pc: number; readonly sp: number } | undefined {
    const caller = stackFrames(this.target, thread, 2).find((f) => f.index === 1 && !f.exception);
    return caller === undefined ? undefined : { pc: caller.pc + 8, sp: caller.sp };
  }

  completions(args: DebugProtocol.CompletionsArguments): DebugProtocol.CompletionsResponse['body'] {
    const thread = args.frameId === undefined ? this.target.threads[0] : this.threadOfFrame(args.frameId);
    return {
      targets: consoleCompletions(this.target, args.text, args.column - 1, thread).map((c) => ({ label: c.label, text: c.text, start: c.start, length: c.length, type: c.type })),
    };
  }

  // ---- scopes and variables -------------------------------------------------------------------

  scopes(frameId: number): DebugProtocol.ScopesResponse['body'] {
    const frame = this.frames.get(frameId);
    if (frame === undefined) throw new Error(`no frame ${frameId} (frames are valid until the next resume)`);
    return {
      scopes: registerScopes(this.target, frame.thread).map((s, i) => ({
        name: s.name,
        presentationHint: i === 0 ? 'registers' : undefined,
        variablesReference: this.variablesRefs.create({ frame, scope: s.name, path: [] }),
        namedVariables: s.variables.length,
        expensive: i > 0 && /TLB/.test(s.name),
      } as DebugProtocol.Scope)),
    };
  }

  /** The variables a reference names, read now. */
  private resolve(ref: VariablesRef): readonly RegisterVariable[] {
    const scope = registerScopes(this.target, ref.frame.thread).find((s) => s.name === ref.scope);
    let list: readonly RegisterVariable[] = scope?.variables ?? [];
    for (const name of ref.path) list = list.find((v) => v.name === name)?.children ?? [];
    return list;
  }

  variables(args: DebugProtocol.VariablesArguments): DebugProtocol.VariablesResponse['body'] {
    const ref = this.variablesRefs.get(args.variablesReference);
    if (ref === undefined) throw new Error(`no variables reference ${args.variablesReference} (valid until the next resume)`);
    let list = this.resolve(ref);
    if (args.start !== undefined || args.count !== undefined) list = list.slice(args.start ?? 0, (args.start ?? 0) + (args.count ?? list.length));
    const decimal = args.format?.hex === false;
    return {
      variables: list.map((v) => ({
        name: v.name,
        value: decimal && v.raw !== undefined && v.children === undefined ? String(v.raw | 0) : v.value,
        variablesReference: v.children === undefined || v.children.length === 0 ? 0 : this.variablesRefs.create({ ...ref, path: [...ref.path, v.name] }),
        ...(v.raw === undefined ? {} : { memoryReference: hex8(v.raw) }),
        ...(v.writable ? {} : { presentationHint: { attributes: ['readOnly'] } }),
      })),
    };
  }

  setVariable(args: DebugProtocol.SetVariableArguments): DebugProtocol.SetVariableResponse['body'] {
    const ref = this.variablesRefs.get(args.variablesReference);
    if (ref === undefined) throw new Error(`no variables reference ${args.variablesReference}`);
    const v = setRegister(this.target, ref.frame.thread, args.name, args.value);
    return { value: v.value };
  }

  // ---- evaluate ---------------------------------------------------------------------------------

  evaluate(args: DebugProtocol.EvaluateArguments, thread: DebugThread | undefined): DebugProtocol.EvaluateResponse['body'] {
    const t = thread ?? this.target.threads[0];
    if (t === undefined) throw new Error('no thread to evaluate in');
    if (args.context === 'repl' && isConsoleCommand(args.expression)) {
      const out = runConsoleCommand(this.target, args.expression, t);
      if (out.error) throw new Error(out.lines.join('\n'));
      return { result: out.lines.join('\n'), variablesReference: 0 };
    }
    const v = evaluateExpression(this.target, t, args.expression);
    if (v.kind === 'string') return { result: formatValue(v), variablesReference: 0 };
    const result = args.format?.hex === false ? String(v.value) : formatValue(v);
    if (args.context !== 'hover') return { result, variablesReference: 0, memoryReference: hex8(v.value) };
    // Hovers also show where the address leads: gVA -> gPA -> machine.
    const chain = translateVirtual(this.target, t, v.value >>> 0);
    const steps = chain.steps.map((s) => `${s.to} ${hex8(s.address)} (${s.via.kind.replace('-', ' ')})`);
    if (chain.notMapped !== undefined && steps.length > 0) steps.push(chain.notMapped);
    return { result: steps.length === 0 ? result : `${result} → ${steps.join(' → ')}`, variablesReference: 0, memoryReference: hex8(v.value) };
  }

  setExpression(args: DebugProtocol.SetExpressionArguments, thread: DebugThread | undefined): DebugProtocol.SetExpressionResponse['body'] {
    const t = thread ?? this.target.threads[0];
    if (t === undefined) throw new Error('no thread to evaluate in');
    return { value: formatValue(assignExpression(this.target, t, args.expression, args.value)) };
  }

  // ---- memory -------------------------------------------------------------------------------------

  readMemory(args: DebugProtocol.ReadMemoryArguments, thread: DebugThread | undefined): DebugProtocol.ReadMemoryResponse['body'] {
    const loc = parseReference(args.memoryReference, args.offset ?? 0);
    if (typeof loc === 'string') throw new Error(loc);
    if (!Number.isInteger(args.count) || args.count < 0) throw new Error(`readMemory: count ${args.count} is not a byte count`);
    const r = readMemory(this.target, loc.space, loc.address, args.count, loc.space === 'guest-physical' ? this.vmThread(loc.vm) : thread);
    // Trailing unreadable bytes are reported as such; unreadable bytes inside read as zero.
    let readable = args.count;
    const last = r.unreadable[r.unreadable.length - 1];
    if (last !== undefined && last.offset + last.length === args.count) readable = last.offset;
    return {
      address: formatReference(loc),
      unreadableBytes: args.count - readable,
      data: Buffer.from(r.bytes.subarray(0, readable)).toString('base64'),
    };
  }

  writeMemory(args: DebugProtocol.WriteMemoryArguments, thread: DebugThread | undefined): DebugProtocol.WriteMemoryResponse['body'] {
    const loc = parseReference(args.memoryReference, args.offset ?? 0);
    if (typeof loc === 'string') throw new Error(loc);
    const data = new Uint8Array(Buffer.from(args.data, 'base64'));
    const w = writeMemory(this.target, loc.space, loc.address, data, loc.space === 'guest-physical' ? this.vmThread(loc.vm) : thread);
    if (w.error !== undefined && (w.written === 0 || args.allowPartial !== true)) throw new Error(w.error);
    return { bytesWritten: w.written, offset: 0 };
  }

  /** A thread of the named VM (guest-physical accesses are per VM). */
  private vmThread(vm: string | undefined): DebugThread {
    const t = this.target.threads.find((x) => x.vm?.name === vm);
    if (t === undefined) throw new Error(`no VM named "${vm}"`);
    return t;
  }

  /** dataBreakpointInfo: an expression's value (or a memory reference) as an address to watch. */
  dataBreakpointInfo(args: DebugProtocol.DataBreakpointInfoArguments, thread: DebugThread | undefined): DebugProtocol.DataBreakpointInfoResponse['body'] {
    const bytes = args.bytes ?? 4;
    const types: DebugProtocol.DataBreakpointAccessType[] = ['read', 'write', 'readWrite'];
    const direct = parseReference(args.name);
    if (typeof direct !== 'string') return { dataId: `${formatReference(direct)}/${bytes}`, description: `${bytes} byte(s) at ${args.name}`, accessTypes: types, canPersist: true };
    if (args.variablesReference !== undefined && args.variablesReference !== 0 && args.asAddress !== true) {
      return { dataId: null, description: 'registers cannot be watched; watch a memory address instead' };
    }
    const t = thread ?? this.target.threads[0];
    if (t === undefined) return { dataId: null, description: 'no thread' };
    try {
      const v = evaluateExpression(this.target, t, args.name);
      if (v.kind === 'string') return { dataId: null, description: `${args.name} is a string, not an address` };
      return { dataId: `${hex8(v.value)}/${bytes}`, description: `${bytes} byte(s) at ${hex8(v.value)} (${args.name})`, accessTypes: types, canPersist: false };
    } catch (e) {
      return { dataId: null, description: e instanceof Error ? e.message : String(e) };
    }
  }

  // ---- disassembly ------------------------------------------------------------------------------

  disassemble(args: DebugProtocol.DisassembleArguments, thread: DebugThread | undefined): DebugProtocol.DisassembleResponse['body'] {
    const loc = parseReference(args.memoryReference, args.offset ?? 0);
    if (typeof loc === 'string') throw new Error(loc);
    if (loc.space === 'guest-physical') throw new Error('disassemble: give a virtual or machine address (ma:0x…)');
    const rows = disassemble(this.target, loc.space, loc.address, args.instructionOffset ?? 0, args.instructionCount, thread);
    let lastFile: string | undefined;
    return {
      instructions: rows.map((r) => {
        const source = r.source === undefined || r.source.file === lastFile ? undefined : { name: r.source.file.replace(/^.*[/\\]/, ''), path: r.source.file };
        if (r.source !== undefined) lastFile = r.source.file;
        return {
          address: loc.space === 'machine' ? formatReference({ space: 'machine', address: r.address }) : hex8(r.address),
          instruction: r.instruction.replace(/\t/, ' '),
          ...(r.word === undefined ? { presentationHint: 'invalid' as const } : { instructionBytes: r.word }),
          ...(r.symbol === undefined ? {} : { symbol: r.symbol }),
          ...(source === undefined ? {} : { location: source }),
          ...(r.source === undefined ? {} : { line: r.source.line }),
        };
      }),
    };
  }

  // ---- sources and modules ----------------------------------------------------------------------

  loadedSources(): DebugProtocol.LoadedSourcesResponse['body'] {
    const files = new Set<string>();
    for (const f of this.target.symbols.sourceFiles()) files.add(f);
    return { sources: [...files].sort().map((path) => ({ name: path.replace(/^.*[/\\]/, ''), path })) };
  }

  modules(): DebugProtocol.ModulesResponse['body'] {
    const modules = this.target.images.map((img, i) => ({
      id: i + 1,
      name: img.vm === undefined ? img.name : `${img.name} (${img.vm})`,
      path: img.path,
      symbolStatus: img.elf === undefined ? 'System.map' : 'symbols and line tables',
      ...(img.range === undefined ? {} : { addressRange: `${hex8(img.range[0])}-${hex8(img.range[1])}` }),
    }));
    return { modules, totalModules: modules.length };
  }
}
