// Emulation of the privileged instructions a guest kernel executes in supervisor mode, where
// they raise Coprocessor Unusable (MIPS32 Vol. II encodings): MFC0/MTC0 against the virtual CP0,
// DI/EI, RDPGPR/WRPGPR, TLBR/TLBWI/TLBWR/TLBP against the virtual TLB, ERET, WAIT (deschedule
// until a virtual interrupt) and CACHE (a no-op). Unknown COP0 encodings and DERET become a
// virtual Reserved Instruction exception, as on the hardware.

import { EXC_RI } from '../machine/exceptions';
import { STATUS_ERL, STATUS_EXL, STATUS_IE } from '../machine/priv/cp0Bits';
import type { MachineException } from '../machine/priv/exceptionEntry';
import type { MachineCpu } from '../machine/system/machineCpu';
import { VIRTUAL_IP, vipBit } from './abi';
import type { MonitorCore } from './core';
import type { MonitorService } from './costModel';
import { bump } from './counters';
import { advance as advanceStep, cp0Access } from './monitorSteps';
import { fromMachine, reflect } from './reflect';
import { VCP0_COMPARE } from './virtualCp0';
import type { Vcpu } from './vcpu';
import { emulateTlbp, emulateTlbr, emulateTlbWrite } from './vmem';
import { nextCompareCycle } from './vtime';

const OP_COP0 = 0x10;
const OP_CACHE = 0x2f;
/** CO-format COP0 instructions by function field. */
const CO_FUNCTIONS: Readonly<Record<number, string>> = { 1: 'TLBR', 2: 'TLBWI', 6: 'TLBWR', 8: 'TLBP', 24: 'ERET', 32: 'WAIT' };

/** Continues after an emulated instruction (at the branch target when it sat in a delay slot). */
export function advance(core: MonitorCore, service: MonitorService, cpu: MachineCpu, exc: MachineException): void {
  advanceStep(core, service);
  cpu.state.jumpTo(exc.inDelaySlot ? exc.nextPc : (exc.pc + 4) | 0);
}

/** The mnemonic of a privileged instruction word, or undefined when it is not one we emulate. */
export function privilegedName(w: number): string | undefined {
  const op = w >>> 26;
  if (op === OP_CACHE) return 'CACHE';
  if (op !== OP_COP0) return undefined;
  const rs = (w >>> 21) & 31;
  // CO format only with rs = 0x10, as the machine decodes it (docs/machine.md).
  if (rs === 16) return CO_FUNCTIONS[w & 63];
  if (rs === 0 && (w & 0x7f8) === 0) return 'MFC0';
  if (rs === 4 && (w & 0x7f8) === 0) return 'MTC0';
  if (rs === 11 && ((w >>> 11) & 31) === 12 && (w & 0x7df) === 0) return w & 0x20 ? 'EI' : 'DI';
  if (rs === 10 && (w & 0x7ff) === 0) return 'RDPGPR';
  if (rs === 14 && (w & 0x7ff) === 0) return 'WRPGPR';
  return undefined;
}

/** Emulates instruction word w that trapped at exc.pc in virtual kernel mode. */
export function emulatePrivileged(core: MonitorCore, v: Vcpu, cpu: MachineCpu, exc: MachineException, w: number): void {
  const name = privilegedName(w);
  if (name === undefined) {
    reflect(core, v, cpu, fromMachine(exc, EXC_RI));
    return;
  }
  const c = v.cp0;
  const gpr = cpu.state.gpr;
  const rt = (w >>> 16) & 31;
  const rd = (w >>> 11) & 31;
  const set = (r: number, value: number): void => {
    if (r !== 0) gpr[r] = value | 0;
  };
  bump(v.counters.emulated, name);
  core.emit('emulate', v, cpu.cycle, () => `${name} at 0x${(exc.pc >>> 0).toString(16)}`, -1, name);
  v.icount++;
  switch (name) {
    case 'MFC0':
      cp0Access(core, v, rd, false);
      set(rt, c.read(rd, w & 7, v.icount));
      break;
    case 'MTC0': {
      cp0Access(core, v, rd, true);
      const changed = c.write(rd, w & 7, gpr[rt] as number, v.icount);
      if (changed & VCP0_COMPARE) {
        if (rd === 11) core.lower(v, vipBit(VIRTUAL_IP.VIP_COMPARE));
        v.compareAt = nextCompareCycle(v, cpu.cycle);
      }
      break;
    }
    case 'EI':
    case 'DI':
      cp0Access(core, v, 12, true);
      set(rt, c.status);
      c.status = name === 'EI' ? c.status | STATUS_IE : c.status & ~STATUS_IE;
      break;
    case 'RDPGPR':
    case 'WRPGPR':
      set(rd, gpr[rt] as number);
      break;
    case 'TLBR':
      emulateTlbr(core, v);
      break;
    case 'TLBP':
      emulateTlbp(core, v);
      break;
    case 'TLBWI':
    case 'TLBWR':
      if (!emulateTlbWrite(core, v, cpu, exc, name === 'TLBWR')) return;
      break;
    case 'ERET': {
      cp0Access(core, v, 12, true);
      cp0Access(core, v, c.status & STATUS_ERL ? 30 : 14, false);
      const erl = (c.status & STATUS_ERL) !== 0;
      const pc = erl ? c.errorEpc : c.epc;
      c.status &= erl ? ~STATUS_ERL : ~STATUS_EXL;
      cpu.clearReservation();
      cpu.state.jumpTo(pc);
      return;
    }
    case 'WAIT':
      cp0Access(core, v, 13, false);
      if (!c.waitEnds) v.run = 'idle';
      break;
    default:
      break;
  }
  advance(core, 'privileged', cpu, exc);
}
