// Serving the Disco debug session: on stdin/stdout (the way VS Code starts
// dist/debugAdapter.js), or on a TCP port bound to 127.0.0.1 only, one session per connection,
// for any DAP client (nvim-dap, Emacs dap-mode, Theia).

import * as net from 'node:net';
import * as path from 'node:path';
import { nodeIo } from '../cli/nodeIo';
import { DiscoSession, type DiscoSessionOptions } from './discoSession';

/** The session options of a real process: host files, paths resolved against cwd. */
export function processSessionOptions(): DiscoSessionOptions {
  return {
    files: nodeIo().files,
    resolvePath: (cwd, p) => path.resolve(cwd ?? process.cwd(), p),
  };
}

/** One session on this process's stdin/stdout; resolves when the client disconnects. */
export function serveStdio(): Promise<void> {
  const session = new DiscoSession(processSessionOptions());
  return new Promise((resolve) => {
    process.stdin.on('end', () => resolve());
    session.on('close', () => resolve());
    session.start(process.stdin, process.stdout);
  });
}

/** Listens on 127.0.0.1:port; every connection gets its own session. Resolves once listening. */
export function serveTcp(port: number, log: (line: string) => void): Promise<net.Server> {
  const server = net.createServer((socket) => {
    const session = new DiscoSession(processSessionOptions());
    session.setRunAsServer(true);
    session.start(socket, socket);
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      log(`disco dap: listening on 127.0.0.1:${typeof a === 'object' && a !== null ? a.port : port}\n`);
      resolve(server);
    });
  });
}
