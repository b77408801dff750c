// What the stepping logic needs to know of the instruction at a thread's pc, from the one ISA
// table: whether it has a delay slot (a step over it runs the slot too) and whether it is a call
// (`jal`, `bal`, `jalr`, `bgezal`…: step over runs until it returns).

import { InsnFlag, lookup } from '../isa';

export function hasDelaySlot(word: number): boolean {
  const spec = lookup(word);
  return spec !== undefined && (spec.flags & InsnFlag.DelaySlot) !== 0;
}

export function isCall(word: number): boolean {
  const spec = lookup(word);
  return spec !== undefined && (spec.flags & InsnFlag.Link) !== 0 && (spec.flags & (InsnFlag.Branch | InsnFlag.Jump)) !== 0;
}
