// Power-off: writing POWER_OFF stops the machine with that value as its exit code (the host's
// callback decides what stopping means: `disco run` exits with it). POWER_STATUS reads 1 once
// a power-off was requested, and POWER_OFF reads back the last code. docs/devices.md §Power.

import { type DeviceState, stateBoolean, stateNumber, WordRegisterDevice } from './device';

export const POWER_REGISTERS = {
  OFF: 0x00,
  STATUS: 0x04,
} as const;

export const POWER_BITS = {
  STATUS_OFF: 0x1,
} as const;

export interface PowerControlOptions {
  readonly name?: string;
  readonly base: number;
  readonly bigEndian: boolean;
  /** Called on every POWER_OFF write, with the code and the writing CPU. */
  readonly onPowerOff: (code: number, cpu: number) => void;
}

export class PowerControl extends WordRegisterDevice {
  private readonly onPowerOff: (code: number, cpu: number) => void;
  private code = 0;
  private off = false;

  constructor(o: PowerControlOptions) {
    super(o.name ?? 'power', o.base, 0x1000, o.bigEndian);
    this.onPowerOff = o.onPowerOff;
  }

  /** The exit code written, once a power-off was requested. */
  get exitCode(): number | undefined {
    return this.off ? this.code : undefined;
  }

  protected readWord(offset: number): number | undefined {
    if (offset === POWER_REGISTERS.OFF) return this.code;
    if (offset === POWER_REGISTERS.STATUS) return this.off ? POWER_BITS.STATUS_OFF : 0;
    return undefined;
  }

  protected writeWord(offset: number, value: number, cpu: number): boolean {
    if (offset !== POWER_REGISTERS.OFF) return false;
    this.code = value;
    this.off = true;
    this.onPowerOff(value, cpu);
    return true;
  }

  reset(): void {
    this.code = 0;
    this.off = false;
  }

  saveState(): DeviceState {
    return { code: this.code, off: this.off };
  }

  loadState(s: DeviceState): void {
    this.code = stateNumber(this.name, s, 'code');
    this.off = stateBoolean(this.name, s, 'off');
  }
}
