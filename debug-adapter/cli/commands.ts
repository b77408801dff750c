// The list of `disco` sub-commands, in the order `disco --help` shows them.

import type { Command } from './command';
import { disasmCommand } from './disasmCommand';
import { fetchCommand } from './fetchCommand';
import { runCommand } from './runCommand';
import { traceCommand } from './traceCommand';

export const COMMANDS: readonly Command[] = [disasmCommand, fetchCommand, runCommand, traceCommand];
