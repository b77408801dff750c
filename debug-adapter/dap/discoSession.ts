// The Disco debug session: the Debug Adapter Protocol over one DebugTarget (the machine, and the
// monitor with its VMs when the config has them). Requests are answered from the debugger layer
// (debug-adapter/debugger/); the guest runs in slices on the event loop (runLoop.ts), so pause,
// threads and the view requests are answered while it runs. The machine is all-stop: every stop
// freezes every CPU, and every StoppedEvent says so.

import {
  Breakpoint, ContinuedEvent, DebugSession, ExitedEvent, InitializedEvent, InvalidatedEvent, OutputEvent, Response, StoppedEvent, TerminatedEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type ExecStop, Execution } from '../debugger/execution';
import { launchTarget } from '../debugger/launch';
import type { DebugTarget, DebugThread } from '../debugger/target';
import type { FileAccessor } from '../util/fileAccessor';
import { formatDiagnostic, UserError } from '../util/diagnostic';
import { BreakpointTable, type Location } from './breakpointTable';
import { filterCapabilities, filterOf } from './exceptionFilters';
import { Inspector } from './inspector';
import { hasDelaySlot, isCall } from './instructionKinds';
import { type DiscoLaunchArguments, launchArgumentProblems } from './launchArgs';
import { MonitorFeed } from './monitorFeed';
import { requestArgumentProblem } from './requestArgs';
import { RunLoop } from './runLoop';
import { StopPolicy } from './stopPolicy';

/** Instructions a line step may take before it stops where it is. */
const LINE_STEP_LIMIT = 100_000;
/** Reverse steps a line step back may take. */
const LINE_BACK_LIMIT = 1_000;

/** What a slice of the run loop ends with: an Execution stop, or the user's pause. */
type SliceStop = ExecStop | { readonly reason: 'pause' };

/** Where a `next`/`stepOut` waits for the thread to return. */
interface ReturnGoal {
  readonly thread: DebugThread;
  readonly address: number;
  readonly sp: number;
  /** Continues the step once the thread is back (a line step goes on stepping). */
  readonly then: () => void;
}

export interface DiscoSessionOptions {
  readonly files: FileAccessor;
  /** Resolves a launch path against cwd. */
  readonly resolvePath: (cwd: string | undefined, path: string) => string;
}

export class DiscoSession extends DebugSession {
  private target: DebugTarget | undefined;
  private exec: Execution | undefined;
  private breakpoints: BreakpointTable | undefined;
  private inspector: Inspector | undefined;
  private feed: MonitorFeed | undefined;
  private launchArgs: DiscoLaunchArguments | undefined;
  private readonly loop = new RunLoop<SliceStop>((budget) => this.slice(budget), (s) => this.onStop(s), (e) => this.internalError(e));
  private goal: ReturnGoal | undefined;
  private pauseRequested = false;
  private policy: StopPolicy | undefined;
  /** The breakpoints and reason of the latest breakpoint stop wouldStop accepted. */
  private lastHit: { readonly ids: readonly number[]; readonly reason: string } = { ids: [], reason: 'breakpoint' };
  /** The thread of the latest stop (pause reports it). */
  private focus = 1;
  private ended = false;

  constructor(private readonly options: DiscoSessionOptions) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** Every request's arguments are checked before its handler sees them (requestArgs.ts). */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const problem = requestArgumentProblem(request.command, request.arguments);
    if (problem !== undefined) return this.fail(new Response(request), problem);
    super.dispatchRequest(request);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsDataBreakpoints: true,
      supportsDataBreakpointBytes: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSteppingGranularity: true,
      supportsStepBack: true,
      supportsGotoTargetsRequest: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsEvaluateForHovers: true,
      supportsCompletionsRequest: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsLoadedSourcesRequest: true,
      supportsModulesRequest: true,
      supportsExceptionFilterOptions: true,
      supportsValueFormattingOptions: true,
      supportsBreakpointLocationsRequest: true,
      exceptionBreakpointFilters: filterCapabilities(),
    };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DiscoLaunchArguments): void {
    const problems = launchArgumentProblems((args ?? {}) as unknown as Record<string, unknown>);
    if (problems.length > 0) return this.fail(response, problems.join('\n'));
    try {
      this.launchArgs = args;
      this.build(args);
    } catch (e) {
      return this.fail(response, e);
    }
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  /** Builds target, execution and tables from the launch arguments (launch and restart). */
  private build(args: DiscoLaunchArguments): void {
    const resolve = (p: string): string => this.options.resolvePath(args.cwd, p);
    const request = {
      ...(args.config === undefined ? {} : { config: resolve(args.config) }),
      ...(args.program === undefined ? {} : { program: resolve(args.program) }),
      includeDirs: (args.includeDirs ?? []).map(resolve),
      ...(args.cpus === undefined ? {} : { cpus: args.cpus }),
      ...(args.memoryMB === undefined ? {} : { memoryMB: args.memoryMB }),
    };
    const target = launchTarget(request, this.options.files, {
      console: (vm, text) => this.sendEvent(new OutputEvent(vm === undefined ? text : `${text}\n`, 'stdout', vm === undefined ? undefined : { vm })),
      warn: (d) => this.sendEvent(new OutputEvent(`${formatDiagnostic(d)}\n`, 'stderr')),
    });
    this.target = target;
    this.exec = new Execution(target, args.snapshotEvery === undefined ? {} : { snapshotEvery: args.snapshotEvery });
    this.breakpoints = new BreakpointTable(target);
    this.policy = new StopPolicy(target);
    this.inspector = new Inspector(target);
    this.feed = new MonitorFeed(this.exec, (e) => this.sendEvent(e));
    this.ended = false;
    this.goal = undefined;
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    if (this.launchArgs?.stopOnEntry ?? true) this.reportStop('entry', 1);
    else this.run();
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    this.loop.cancel();
    const launch = (args?.arguments as DiscoLaunchArguments | undefined) ?? this.launchArgs;
    if (launch === undefined) return this.fail(response, 'restart: the session was never launched');
    const breakpoints = this.breakpoints;
    const policy = this.policy;
    try {
      this.build(launch);
    } catch (e) {
      return this.fail(response, e);
    }
    this.breakpoints?.adopt(breakpoints);
    this.policy?.adopt(policy);
    this.applyBreakpoints();
    this.applyFilters();
    this.sendResponse(response);
    this.sendEvent(new InvalidatedEvent(['all']));
    if (launch.stopOnEntry ?? true) this.reportStop('entry', 1);
    else this.run();
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.loop.cancel();
    this.feed?.dispose();
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.loop.cancel();
    this.feed?.dispose();
    this.sendResponse(response);
    this.end(undefined);
  }

  // ---- threads and run control ----------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: (this.target?.threads ?? []).map((t) => ({ id: t.id, name: t.name })) };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    if (!this.ready(response)) return;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.goal = undefined;
    this.run();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    if (!this.ready(response, false)) return;
    this.sendResponse(response);
    if (this.loop.running) this.pauseRequested = true;
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    const t = this.stepThread(response, args.threadId);
    if (t === undefined) return;
    this.sendResponse(response);
    if (args.granularity === 'instruction') this.stepInstruction(t, true, () => this.reportStop('step', t.id));
    else this.stepLine(t, true);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    const t = this.stepThread(response, args.threadId);
    if (t === undefined) return;
    this.sendResponse(response);
    if (args.granularity === 'instruction') this.stepInstruction(t, false, () => this.reportStop('step', t.id));
    else this.stepLine(t, false);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    const t = this.stepThread(response, args.threadId);
    if (t === undefined) return;
    const inspector = this.inspector as Inspector;
    const caller = inspector.callerOf(t);
    if (caller === undefined) return this.fail(response, 'step out: no caller frame (the return address is unknown here)');
    this.sendResponse(response);
    this.runUntilReturn(t, caller.pc, caller.sp, () => this.reportStop('step', t.id));
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    const t = this.stepThread(response, args.threadId);
    if (t === undefined) return;
    const exec = this.exec as Execution;
    this.sendResponse(response);
    const stop = this.stepBackOnce(t);
    if (args.granularity !== 'instruction') {
      // Back to the first instruction of the previous line: on while the line stays the same,
      // then forward again to where the last step back started. Code without a line is one step.
      const line = this.lineOf(t);
      for (let i = 0; stop.reason === 'step' && line !== undefined && i < LINE_BACK_LIMIT; i++) {
        const at = exec.position;
        if (this.stepBackOnce(t).reason !== 'step' || this.lineOf(t) !== line) {
          exec.goto(at);
          break;
        }
      }
    }
    this.reportExecStop(stop, t);
  }

  /**
   * One instruction of t back, the mirror of stepInstruction: landing between a branch and its
   * delay slot goes back over the branch too, as a forward step runs the two together.
   */
  private stepBackOnce(t: DebugThread): ExecStop {
    const exec = this.exec as Execution;
    const stop = exec.stepBack(t);
    if (stop.reason !== 'step' || !(this.target as DebugTarget).registerFile(t).inDelaySlot) return stop;
    return exec.stepBack(t);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    if (!this.ready(response)) return;
    const exec = this.exec as Execution;
    this.sendResponse(response);
    const stop = exec.reverseContinue((s) => this.wouldStop(s));
    this.reportExecStop(stop, undefined);
  }

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    if (!this.ready(response)) return;
    const target = this.target as DebugTarget;
    const path = args.source.path ?? '';
    const targets: DebugProtocol.GotoTarget[] = [];
    for (const space of target.monitor === undefined ? [undefined] : target.monitor.vms.map((v) => v.name)) {
      const r = target.symbols.resolveBreakpoint(path, args.line, space);
      for (const a of r?.addresses ?? []) if (!targets.some((x) => x.id === a)) targets.push({ id: a, label: `${path.replace(/^.*[/\\]/, '')}:${r?.line} (0x${a.toString(16)})`, line: r?.line ?? args.line, instructionPointerReference: `0x${a.toString(16)}` });
    }
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const t = this.stepThread(response, args.threadId);
    if (t === undefined) return;
    (this.target as DebugTarget).registerFile(t).setPc(args.targetId);
    this.sendResponse(response);
    this.reportStop('goto', t.id);
  }

  /** Runs forward until a stop that is reported. */
  private run(): void {
    if (this.ended) return;
    this.pauseRequested = false;
    this.sendEvent(new ContinuedEvent(this.focus, true));
    this.feed?.running(true);
    this.loop.start();
  }

  private slice(budget: number): SliceStop | undefined {
    if (this.pauseRequested) {
      this.pauseRequested = false;
      return { reason: 'pause' };
    }
    return (this.exec as Execution).resume(budget);
  }

  private onStop(stop: SliceStop): void {
    if (stop.reason === 'pause') return this.reportStop('pause', this.focus);
    const goal = this.goal;
    if (goal !== undefined && stop.reason === 'breakpoint' && stop.thread.id === goal.thread.id && stop.pc >>> 0 === goal.address >>> 0) {
      const sp = (this.target as DebugTarget).registerFile(stop.thread).gpr[29] as number;
      if (sp >>> 0 >= goal.sp >>> 0) {
        this.goal = undefined;
        this.applyBreakpoints();
        if (!this.wouldStop(stop)) return goal.then();
        return this.reportExecStop(stop, undefined);
      }
    }
    if (!this.wouldStop(stop)) return this.loop.start();
    if (this.goal !== undefined) {
      this.goal = undefined;
      this.applyBreakpoints();
    }
    this.reportExecStop(stop, undefined);
  }

  /** Whether a stop is one the user asked for (conditions, hit counts, filters); logs logpoints. */
  private wouldStop(stop: ExecStop): boolean {
    const v = (this.policy as StopPolicy).verdict(stop, this.breakpoints as BreakpointTable);
    if (!v.stop) {
      for (const line of v.logs) this.sendEvent(new OutputEvent(`${line}\n`, 'console'));
      return false;
    }
    if (stop.reason === 'breakpoint') this.lastHit = v;
    return true;
  }

  // ---- stepping ---------------------------------------------------------------------------------

  private stepThread(response: DebugProtocol.Response, threadId: number): DebugThread | undefined {
    if (!this.ready(response)) return undefined;
    const t = this.target?.thread(threadId);
    if (t === undefined) {
      this.fail(response, `no thread ${threadId}`);
      return undefined;
    }
    if (!(this.target as DebugTarget).alive(t)) {
      this.fail(response, `${t.name} has ended`);
      return undefined;
    }
    return t;
  }

  private othersRun(): boolean {
    return this.launchArgs?.othersRunWhileStepping ?? false;
  }

  /** One machine step of t; reports and returns false when it stopped for another reason. */
  private stepOnce(t: DebugThread): boolean {
    const stop = (this.exec as Execution).stepInstruction(t, this.othersRun());
    if (stop.reason === 'step') return true;
    if (this.wouldStop(stop)) this.reportExecStop(stop, t);
    else if (stop.reason !== 'breakpoint' && stop.reason !== 'watchpoint' && stop.reason !== 'exception' && stop.reason !== 'event') this.reportExecStop(stop, t);
    else return true;
    return false;
  }

  /**
   * One instruction of t: a branch or jump runs its delay slot too; over a call (`over`), the
   * whole call runs and t stops after it returns.
   */
  private stepInstruction(t: DebugThread, over: boolean, then: () => void): void {
    const target = this.target as DebugTarget;
    const regs = target.registerFile(t);
    const word = this.wordAt(t, regs.pc);
    if (over && word !== undefined && !regs.inDelaySlot && isCall(word)) {
      this.runUntilReturn(t, (regs.pc + 8) | 0, regs.gpr[29] as number, then);
      return;
    }
    const slot = word !== undefined && !regs.inDelaySlot && hasDelaySlot(word);
    if (!this.stepOnce(t)) return;
    if (slot && target.registerFile(t).inDelaySlot && !this.stepOnce(t)) return;
    then();
  }

  /** Steps t until it reaches another source line (or code without one), over calls when `over`. */
  private stepLine(t: DebugThread, over: boolean): void {
    const start = this.lineOf(t);
    if (start === undefined) return this.stepInstruction(t, over, () => this.reportStop('step', t.id));
    let steps = 0;
    const next = (): void => {
      if (++steps > LINE_STEP_LIMIT) return this.reportStop('step', t.id);
      const line = this.lineOf(t);
      if (steps > 1 && line !== start) return this.reportStop('step', t.id);
      this.stepInstruction(t, over, next);
    };
    next();
  }

  /** Runs until t is back at `address` with a stack no deeper than `sp`, then calls `then`. */
  private runUntilReturn(t: DebugThread, address: number, sp: number, then: () => void): void {
    this.goal = { thread: t, address, sp, then };
    this.applyBreakpoints();
    this.run();
  }

  private lineOf(t: DebugThread): string | undefined {
    const target = this.target as DebugTarget;
    const p = target.symbols.lineFor(target.registerFile(t).pc, target.space(t));
    return p === undefined ? undefined : `${p.file}:${p.line}`;
  }

  private wordAt(t: DebugThread, va: number): number | undefined {
    return (this.inspector as Inspector).wordAt(t, va);
  }

  // ---- stops ----------------------------------------------------------------------------------

  private reportExecStop(stop: ExecStop, stepped: DebugThread | undefined): void {
    switch (stop.reason) {
      case 'ended':
        return this.end(stop.code, stop.message);
      case 'history-start':
        return this.reportStop('step', stepped?.id ?? this.focus, 'start of the recorded history');
      case 'breakpoint':
        return this.reportStop(this.lastHit.reason, stop.thread.id, undefined, this.lastHit.ids);
      case 'watchpoint': {
        const where = `${stop.write ? 'write' : 'read'} of ${stop.size} byte(s) at ${stop.space} 0x${(stop.address >>> 0).toString(16)} by ${stop.by}`;
        return this.reportStop('data breakpoint', stop.thread?.id ?? stepped?.id ?? this.focus, where);
      }
      case 'exception': {
        const f = filterOf(stop.excCode, undefined);
        return this.reportStop('exception', stop.thread.id, f?.label ?? `ExcCode ${stop.excCode}`);
      }
      case 'event': {
        return this.reportStop('exception', stop.thread?.id ?? this.focus, `monitor: ${stop.event.kind}: ${stop.event.detail}`);
      }
      case 'step':
        return this.reportStop('step', stop.thread.id);
    }
  }

  /** Sends the StoppedEvent (all threads stop) and refreshes the views. */
  private reportStop(reason: string, threadId: number, text?: string, hitBreakpointIds?: readonly number[]): void {
    this.focus = threadId;
    this.feed?.running(false);
    const past = this.exec?.inPast === true;
    const ev = new StoppedEvent(reason, threadId, text) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (past) ev.body.description = `Paused in the past (${reason}): continue re-executes forward`;
    if (text !== undefined) ev.body.text = text;
    if (hitBreakpointIds !== undefined && hitBreakpointIds.length > 0) ev.body.hitBreakpointIds = [...hitBreakpointIds];
    this.sendEvent(ev);
  }

  private end(code: number | undefined, message?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.loop.cancel();
    this.feed?.running(false);
    if (message !== undefined) this.sendEvent(new OutputEvent(`${message}\n`, 'stderr'));
    if (code !== undefined) this.sendEvent(new ExitedEvent(code));
    this.sendEvent(new TerminatedEvent());
  }

  private internalError(e: unknown): void {
    const message = e instanceof UserError ? e.message : `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    this.end(undefined, message);
  }

  // ---- breakpoints --------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    if (!this.ready(response, false)) return;
    const path = args.source.path;
    if (path === undefined) return this.fail(response, 'setBreakpoints: the source has no path');
    response.body = { breakpoints: (this.breakpoints as BreakpointTable).setSourceBreakpoints(path, args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }))) };
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    if (!this.ready(response, false)) return;
    response.body = { breakpoints: (this.breakpoints as BreakpointTable).setFunctionBreakpoints(args.breakpoints ?? []) };
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    if (!this.ready(response, false)) return;
    response.body = { breakpoints: (this.breakpoints as BreakpointTable).setInstructionBreakpoints(args.breakpoints ?? []) };
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    if (!this.ready(response, false)) return;
    response.body = (this.inspector as Inspector).dataBreakpointInfo(args, this.target?.thread(this.focus));
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    if (!this.ready(response, false)) return;
    response.body = { breakpoints: (this.breakpoints as BreakpointTable).setDataBreakpoints(args.breakpoints ?? []) };
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    if (!this.ready(response, false)) return;
    const problem = (this.policy as StopPolicy).setFilters(args);
    if (problem !== undefined) return this.fail(response, problem);
    this.applyFilters();
    response.body = { breakpoints: [...(args.filters ?? []), ...(args.filterOptions ?? [])].map(() => new Breakpoint(true)) };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    if (!this.ready(response, false)) return;
    const target = this.target as DebugTarget;
    const lines = new Set<number>();
    const path = args.source.path ?? '';
    const end = args.endLine ?? args.line;
    for (const space of target.monitor === undefined ? [undefined] : target.monitor.vms.map((v) => v.name)) {
      // From one line with code to the next: a huge endLine costs nothing.
      for (let r = target.symbols.resolveBreakpoint(path, args.line, space); r !== undefined && r.line <= end; r = target.symbols.resolveBreakpoint(path, r.line + 1, space)) lines.add(r.line);
    }
    response.body = { breakpoints: [...lines].sort((a, b) => a - b).map((line) => ({ line })) };
    this.sendResponse(response);
  }

  /** Hands the user's breakpoints, watchpoints and the step goal to the Execution. */
  private applyBreakpoints(): void {
    const exec = this.exec;
    const table = this.breakpoints;
    if (exec === undefined || table === undefined) return;
    const list: Location[] = table.engineBreakpoints();
    if (this.goal !== undefined) list.push({ space: 'virtual', address: this.goal.address });
    exec.setBreakpoints(list);
    exec.setWatchpoints(table.engineWatchpoints().map((w) => ({
      space: w.location.space, address: w.location.address, length: w.length, read: w.read, write: w.write,
      ...(w.location.vm === undefined ? {} : { vm: w.location.vm }),
    })));
  }

  private applyFilters(): void {
    const exec = this.exec;
    if (exec === undefined || this.policy === undefined) return;
    const { excCodes, events } = this.policy.stops();
    exec.setExceptionStops(excCodes);
    exec.setEventStops(events);
  }

  // ---- inspection (answered by the Inspector) ----------------------------------------------------

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.answer(response, () => this.inspector?.stackTrace(this.threadOf(args.threadId), args));
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.answer(response, () => this.inspector?.scopes(args.frameId));
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.answer(response, () => this.inspector?.variables(args));
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.answer(response, () => this.inspector?.setVariable(args));
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.answer(response, () => this.inspector?.evaluate(args, this.threadOf(args.frameId === undefined ? this.focus : undefined, args.frameId)));
  }

  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    this.answer(response, () => this.inspector?.setExpression(args, this.threadOf(args.frameId === undefined ? this.focus : undefined, args.frameId)));
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.answer(response, () => this.inspector?.completions(args));
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.answer(response, () => this.inspector?.readMemory(args, this.target?.thread(this.focus)));
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    this.answer(response, () => this.inspector?.writeMemory(args, this.target?.thread(this.focus)));
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.answer(response, () => this.inspector?.disassemble(args, this.target?.thread(this.focus)));
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    this.answer(response, () => this.inspector?.loadedSources());
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === 'modules') return this.answer(response, () => this.inspector?.modules());
    if (command === 'disco/goto') return this.gotoPosition(response, args);
    if (command === 'disco/consoleInput') return this.consoleInput(response, args);
    this.answer(response, () => this.feed?.request(command, args, this.target as DebugTarget));
  }

  private gotoPosition(response: DebugProtocol.Response, args: unknown): void {
    if (!this.ready(response)) return;
    const position = (args as { position?: unknown } | undefined)?.position;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) return this.fail(response, 'disco/goto: "position" must be a history position');
    try {
      (this.exec as Execution).goto(position);
    } catch (e) {
      return this.fail(response, e);
    }
    this.sendResponse(response);
    this.reportStop('goto', this.focus);
  }

  private consoleInput(response: DebugProtocol.Response, args: unknown): void {
    if (!this.ready(response, false)) return;
    const a = args as { vm?: unknown; text?: unknown } | undefined;
    if (typeof a?.text !== 'string') return this.fail(response, 'disco/consoleInput: "text" must be a string');
    const monitor = this.target?.monitor;
    try {
      if (monitor !== undefined) {
        if (typeof a.vm !== 'string') return this.fail(response, 'disco/consoleInput: "vm" must name a VM');
        monitor.feedConsole(a.vm, a.text);
      } else (this.target as DebugTarget).machine.board.uart.input(new TextEncoder().encode(a.text));
    } catch (e) {
      return this.fail(response, e);
    }
    this.sendResponse(response);
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  /** The thread of a request (by id, or the thread of a frame id), or the focus thread. */
  private threadOf(threadId: number | undefined, frameId?: number): DebugThread | undefined {
    if (frameId !== undefined) return this.inspector?.threadOfFrame(frameId);
    return this.target?.thread(threadId ?? this.focus);
  }

  /** False (with an error response) before launch, or while running or ended when `stopped` is required. */
  private ready(response: DebugProtocol.Response, stopped = true): boolean {
    const problem = this.target === undefined ? 'the session has not been launched'
      : !stopped ? undefined
      : this.loop.running ? 'the guest is running (pause first)'
      : this.ended ? 'the guest has ended'
      : undefined;
    if (problem !== undefined) this.fail(response, `${response.command}: ${problem}`);
    return problem === undefined;
  }

  /** Sends `body()` as the response body, or the error it throws. */
  private answer<T extends DebugProtocol.Response>(response: T, body: () => T['body'] | undefined): void {
    if (this.target === undefined) return this.fail(response, `${response.command}: the session has not been launched`);
    try {
      const b = body();
      if (b !== undefined) response.body = b;
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, e);
    }
  }

  private fail(response: DebugProtocol.Response, e: unknown): void {
    const message = typeof e === 'string' ? e : e instanceof Error ? e.message : String(e);
    this.sendErrorResponse(response, { id: 1, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: false });
  }
}
