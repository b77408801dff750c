// Public surface of the disassembler: one instruction as objdump prints it, one section listing,
// and the whole `objdump -d` text of an ELF file.

export { formatInstruction, displaySpec, type DisasmOptions } from './formatInsn';
export { disassembleSection, type CodeSection, type ListingOptions } from './listing';
export { SectionSymbols, type DisasmSymbol } from './symbolOrder';
export { objdumpDisassembly, disasmSymbols, type ObjdumpOptions } from './objdumpText';
