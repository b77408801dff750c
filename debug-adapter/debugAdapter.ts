// Process entry of the debug adapter (dist/debugAdapter.js): one Disco debug session speaking
// DAP on stdin/stdout, as VS Code and other clients start it.

import { serveStdio } from './dap/server';

serveStdio().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`disco debug adapter: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
