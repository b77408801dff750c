// The list of `disco` sub-commands, in the order `disco --help` shows them.

import { asmCommand } from './asmCommand';
import { benchCommand } from './benchCommand';
import type { Command } from './command';
import { dapCommand } from './dapCommand';
import { disasmCommand } from './disasmCommand';
import { diskCommand } from './diskCommand';
import { experimentsCommand } from './experiments/experimentsCommand';
import { fetchCommand } from './fetchCommand';
import { runCommand } from './runCommand';
import { traceCommand } from './traceCommand';

export const COMMANDS: readonly Command[] = [asmCommand, disasmCommand, diskCommand, fetchCommand, runCommand, traceCommand, benchCommand, experimentsCommand, dapCommand];
