// Process entry of the `disco` command (ARCHITECTURE.md §5): picks the sub-command,
// runs it with real process I/O, and turns user mistakes into one-line messages
// with a non-zero exit code instead of stack traces.

import { COMMANDS } from './cli/commands';
import { nodeIo } from './cli/nodeIo';
import { DiagnosticError, UserError } from './util/diagnostic';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  return [
    'usage: disco COMMAND [ARGS...]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "'disco COMMAND --help' shows a command's options.",
    '',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const io = nodeIo();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`disco: unknown command '${name}'\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${cmd.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof DiagnosticError || e instanceof UserError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`disco: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
