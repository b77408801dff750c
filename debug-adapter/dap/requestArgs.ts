// The arguments of every request the adapter answers, checked before the request is handled: a
// DAP client may send anything (a missing thread id, a string count, a breakpoint list that is
// an object), and a wrong shape is an error response naming the argument, never an exception
// inside a handler. `launch` has its own checks (launchArgs.ts).

type Check = (v: unknown) => boolean;

/** One argument: its check, what it must be, and whether the request needs it. */
interface Field {
  readonly check: Check;
  readonly what: string;
  readonly required: boolean;
  /** For an array of objects: the fields of each element. */
  readonly items?: Fields;
}
type Fields = Readonly<Record<string, Field>>;

const isInt: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v);
const isCount: Check = (v) => isInt(v) && (v as number) >= 0;
const isString: Check = (v) => typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArray: Check = (v) => Array.isArray(v);

const need = (check: Check, what: string): Field => ({ check, what, required: true });
const may = (check: Check, what: string): Field => ({ check, what, required: false });
const listOf = (items: Fields, required: boolean): Field => ({ check: isArray, what: 'an array', required, items });

const INT = 'an integer';
const COUNT = 'a non-negative integer';
const STRING = 'a string';
const BOOL = 'true or false';
const OBJECT = 'an object';

const thread: Fields = { threadId: need(isInt, INT) };
const step: Fields = { ...thread, granularity: may(isString, STRING) };
const source = need(isObject, OBJECT);
const conditions: Fields = { condition: may(isString, STRING), hitCondition: may(isString, STRING) };

const REQUESTS: Readonly<Record<string, Fields>> = {
  initialize: { adapterID: need(isString, STRING) },
  stackTrace: { ...thread, startFrame: may(isCount, COUNT), levels: may(isCount, COUNT) },
  scopes: { frameId: need(isInt, INT) },
  variables: { variablesReference: need(isInt, INT), start: may(isCount, COUNT), count: may(isCount, COUNT), filter: may(isString, STRING), format: may(isObject, OBJECT) },
  setVariable: { variablesReference: need(isInt, INT), name: need(isString, STRING), value: need(isString, STRING), format: may(isObject, OBJECT) },
  evaluate: { expression: need(isString, STRING), frameId: may(isInt, INT), context: may(isString, STRING), format: may(isObject, OBJECT) },
  setExpression: { expression: need(isString, STRING), value: need(isString, STRING), frameId: may(isInt, INT), format: may(isObject, OBJECT) },
  completions: { text: need(isString, STRING), column: need(isInt, INT), line: may(isInt, INT), frameId: may(isInt, INT) },
  readMemory: { memoryReference: need(isString, STRING), offset: may(isInt, INT), count: need(isCount, COUNT) },
  writeMemory: { memoryReference: need(isString, STRING), offset: may(isInt, INT), data: need(isString, STRING), allowPartial: may(isBool, BOOL) },
  disassemble: { memoryReference: need(isString, STRING), offset: may(isInt, INT), instructionOffset: may(isInt, INT), instructionCount: need(isCount, COUNT), resolveSymbols: may(isBool, BOOL) },
  setBreakpoints: {
    source,
    breakpoints: listOf({ line: need(isInt, INT), column: may(isInt, INT), logMessage: may(isString, STRING), ...conditions }, false),
    lines: may((v) => isArray(v) && (v as unknown[]).every(isInt), 'an array of integers'),
  },
  setFunctionBreakpoints: { breakpoints: listOf({ name: need(isString, STRING), ...conditions }, true) },
  setInstructionBreakpoints: { breakpoints: listOf({ instructionReference: need(isString, STRING), offset: may(isInt, INT), ...conditions }, true) },
  setDataBreakpoints: { breakpoints: listOf({ dataId: need(isString, STRING), accessType: may(isString, STRING), ...conditions }, true) },
  dataBreakpointInfo: { name: need(isString, STRING), variablesReference: may(isInt, INT), frameId: may(isInt, INT), bytes: may(isCount, COUNT), asAddress: may(isBool, BOOL) },
  setExceptionBreakpoints: {
    filters: need((v) => isArray(v) && (v as unknown[]).every(isString), 'an array of filter ids'),
    filterOptions: listOf({ filterId: need(isString, STRING), condition: may(isString, STRING) }, false),
  },
  breakpointLocations: { source, line: need(isInt, INT), endLine: may(isInt, INT), column: may(isInt, INT), endColumn: may(isInt, INT) },
  continue: thread,
  pause: thread,
  next: step,
  stepIn: step,
  stepOut: step,
  stepBack: step,
  reverseContinue: thread,
  goto: { ...thread, targetId: need(isInt, INT) },
  gotoTargets: { source, line: need(isInt, INT), column: may(isInt, INT) },
  restart: { arguments: may(isObject, OBJECT) },
};

const shown = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** The first problem of `args` against `fields`; `prefix` names where they sit (`breakpoints[2].`). */
function fieldProblem(prefix: string, fields: Fields, args: unknown): string | undefined {
  const record = isObject(args) ? (args as Record<string, unknown>) : {};
  for (const [name, f] of Object.entries(fields)) {
    const v = record[name];
    const path = `${prefix}${name}`;
    if (v === undefined || v === null) {
      if (f.required) return `"${path}" is missing (${f.what})`;
      continue;
    }
    if (!f.check(v)) return `"${path}" must be ${f.what}, not ${shown(v)}`;
    if (f.items === undefined) continue;
    for (const [i, item] of (v as unknown[]).entries()) {
      if (!isObject(item)) return `"${path}[${i}]" must be ${OBJECT}, not ${shown(item)}`;
      const p = fieldProblem(`${path}[${i}].`, f.items, item);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

/** What is wrong with a request's arguments, as one message; undefined when they are usable. */
export function requestArgumentProblem(command: string, args: unknown): string | undefined {
  const fields = REQUESTS[command];
  if (fields === undefined) return undefined;
  if (args !== undefined && args !== null && !isObject(args)) return `${command}: the arguments must be an object, not ${shown(args)}`;
  const p = fieldProblem('', fields, args);
  return p === undefined ? undefined : `${command}: ${p}`;
}
