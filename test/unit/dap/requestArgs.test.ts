// The adapter's request argument checks: a missing or wrongly typed argument, at the top level or
// inside a breakpoint list, is one message naming the request and the argument; well-formed
// arguments and requests the table does not know pass.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { requestArgumentProblem } from '../../../debug-adapter/dap/requestArgs';

describe('request arguments', () => {
  it('accepts well-formed arguments', () => {
    assert.equal(requestArgumentProblem('stepOut', { threadId: 1 }), undefined);
    assert.equal(requestArgumentProblem('readMemory', { memoryReference: '0x80000000', count: 16, offset: -4 }), undefined);
    assert.equal(requestArgumentProblem('setBreakpoints', { source: { path: '/k.S' }, breakpoints: [{ line: 3, condition: 'vm == "client"' }] }), undefined);
    assert.equal(requestArgumentProblem('setExceptionBreakpoints', { filters: [], filterOptions: [{ filterId: 'syscall' }] }), undefined);
  });

  it('names a missing argument, also when the request has no arguments at all', () => {
    assert.equal(requestArgumentProblem('stepOut', undefined), 'stepOut: "threadId" is missing (an integer)');
    assert.equal(requestArgumentProblem('evaluate', { frameId: 3 }), 'evaluate: "expression" is missing (a string)');
    assert.equal(requestArgumentProblem('initialize', undefined), 'initialize: "adapterID" is missing (a string)');
  });

  it('names a wrongly typed argument with the value it got', () => {
    assert.equal(requestArgumentProblem('readMemory', { memoryReference: 1, count: 4 }), 'readMemory: "memoryReference" must be a string, not 1');
    assert.equal(requestArgumentProblem('disassemble', { memoryReference: '0x0', instructionCount: -1 }), 'disassemble: "instructionCount" must be a non-negative integer, not -1');
    assert.equal(requestArgumentProblem('variables', { variablesReference: 1.5 }), 'variables: "variablesReference" must be an integer, not 1.5');
    assert.match(requestArgumentProblem('continue', { threadId: 'x'.repeat(100) }) ?? '', /^continue: "threadId" must be an integer, not "x{39}…$/);
  });

  it('checks every element of a breakpoint list', () => {
    assert.equal(requestArgumentProblem('setBreakpoints', { source: { path: '/k.S' }, breakpoints: [{ line: 3 }, { line: '4' }] }), 'setBreakpoints: "breakpoints[1].line" must be an integer, not "4"');
    assert.equal(requestArgumentProblem('setFunctionBreakpoints', { breakpoints: [7] }), 'setFunctionBreakpoints: "breakpoints[0]" must be an object, not 7');
    assert.equal(requestArgumentProblem('setFunctionBreakpoints', { breakpoints: {} }), 'setFunctionBreakpoints: "breakpoints" must be an array, not {}');
  });

  it('rejects arguments that are not an object, and leaves unknown requests alone', () => {
    assert.equal(requestArgumentProblem('threads', 'x'), undefined);
    assert.equal(requestArgumentProblem('pause', [1]), 'pause: the arguments must be an object, not [1]');
    assert.equal(requestArgumentProblem('disco/pmap', 5), undefined);
  });
});
