// The pieces `disco bench dap` times with: the checkout and adapter paths, a DebugClient that
// talks to the adapter process (dist/debugAdapter.js) over stdio, and figures.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { UserError } from '../util/diagnostic';
import type { DapFigure } from './benchDapReport';
import { checkoutRoot } from './checkout';
import { median } from './benchRecord';

export interface Paths {
  readonly root: string;
  readonly adapter: string;
}

/** The checkout (bench/dap/loop.S) and the adapter next to this command's bundle. */
export function findPaths(): Paths {
  const root = checkoutRoot('bench/dap/loop.S', 'disco bench dap');
  const adapter = path.join(root, 'dist', 'debugAdapter.js');
  if (!fs.existsSync(adapter)) throw new UserError('disco bench dap: dist/debugAdapter.js not found (npm run build)');
  return { root, adapter };
}

export const ms = (t0: number): number => Number((performance.now() - t0).toFixed(2));

export interface Body {
  readonly body?: unknown;
}

export class Client {
  readonly dc: DebugClient;
  constructor(private readonly paths: Paths) {
    this.dc = new DebugClient('node', paths.adapter, 'disco', { cwd: paths.root });
    this.dc.defaultTimeout = 600_000;
  }

  async launch(args: Record<string, unknown>, before?: () => Promise<unknown>): Promise<number> {
    const t0 = performance.now();
    await this.dc.start();
    await this.dc.initializeRequest({ adapterID: 'disco', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const stopped = this.dc.waitForEvent('stopped');
    await this.dc.launchRequest({ includeDirs: [path.join(this.paths.root, 'guest', 'include')], ...args } as never);
    if (before !== undefined) await before();
    await this.dc.configurationDoneRequest();
    await stopped;
    return ms(t0);
  }

  /** Sends a request and waits for the event it ends with; the wall milliseconds. */
  async until(event: string, request: () => Promise<unknown>): Promise<number> {
    const t0 = performance.now();
    const e = this.dc.waitForEvent(event);
    await request();
    await e;
    return ms(t0);
  }

  async send(command: string, args: Record<string, unknown>): Promise<Body> {
    return (await this.dc.customRequest(command, args)) as Body;
  }

  stop(): Promise<void> {
    return this.dc.stop();
  }
}

export function figure(name: string, samples: readonly number[], target: number | null, unit: DapFigure['unit']): DapFigure {
  const m = Number(median(samples).toFixed(2));
  return { name, unit, samples: [...samples], median: m, target, met: target === null ? null : m <= target };
}
