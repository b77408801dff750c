// Process entry of the debug adapter (dist/debugAdapter.js): run as a program, one Disco debug
// session speaking DAP on stdin/stdout, as VS Code and other clients start it. Imported (the
// extension's inline mode), it only exports the session class, with host files and paths.

import { DiscoSession as Session } from './dap/discoSession';
import { processSessionOptions, serveStdio } from './dap/server';

/** The session with this process's files, constructible without arguments. */
export class DiscoSession extends Session {
  constructor() {
    super(processSessionOptions());
  }
}

if (require.main === module) {
  serveStdio().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`disco debug adapter: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(70);
    },
  );
}
