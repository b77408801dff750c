// `disco dap [--port N]`: the debug adapter on stdin/stdout, or listening on 127.0.0.1:N (0
// picks a free port, which is printed) for any DAP client.

import { serveStdio, serveTcp } from '../dap/server';
import { UserError } from '../util/diagnostic';
import type { Command } from './command';

export const dapCommand: Command = {
  name: 'dap',
  summary: 'the debug adapter (DAP) on stdio, or on 127.0.0.1:PORT',
  usage: `usage: disco dap [--port N]

Runs the Disco debug adapter. Without --port it speaks the Debug Adapter Protocol on
stdin/stdout (one session). With --port it listens on 127.0.0.1:N only, one session per
connection, until interrupted; --port 0 picks a free port and prints it.
`,
  async run(args, io) {
    if (args.length === 0) {
      await serveStdio();
      return 0;
    }
    if (args.length !== 2 || args[0] !== '--port' || !/^\d{1,5}$/.test(args[1] as string) || Number(args[1]) > 65535) {
      throw new UserError('disco dap: usage: disco dap [--port N] (N: 0..65535)');
    }
    const server = await serveTcp(Number(args[1]), (line) => io.stderr(line));
    await new Promise<void>((resolve) => {
      server.on('close', () => resolve());
      process.once('SIGINT', () => server.close());
      process.once('SIGTERM', () => server.close());
    });
    return 0;
  },
};
