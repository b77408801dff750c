// The list of `disco` sub-commands, in the order `disco --help` shows them.

import type { Command } from './command';

export const COMMANDS: readonly Command[] = [];
