// Public surface of the MIPS32 Release 2 instruction set description: the table, its aliases,
// operand letters, field extractors, register names and the decoder.

export { InsnFlag, type InsnSpec, type AccessWidth } from './spec';
export { INSTRUCTIONS, findInstruction } from './table';
export { ALIASES, type AliasSpec } from './aliases';
export { OPERANDS, parseSyntax, operandField, type OperandDef, type OperandKind, type OperandRef } from './operands';
export { decode, lookup, lookupAlias, type DecodedInsn } from './decode';
export * as fields from './fields';
export { GPR_ABI_NAMES, GPR_NUMERIC_NAMES, FPR_NAMES, FCR_NAMES, HWR_NAMES, CP0_NAMES, cp0OperandText, cp0ByName } from './registers';
