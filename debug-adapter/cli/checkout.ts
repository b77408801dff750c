// Files of the Disco Studio checkout the CLI needs at run time (the guest OS sources, the user
// link script), looked for above the working directory, then above the running script.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../util/diagnostic';

/**
 * The checkout's root: the nearest directory holding `rel` (e.g. bench/cpu/bench.S); a UserError
 * when not found, prefixed with `command` when given.
 */
export function checkoutRoot(rel: string, command?: string): string {
  for (const start of [process.cwd(), __dirname]) {
    for (let d = start; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, rel))) return d;
      if (path.dirname(d) === d) break;
    }
  }
  throw new UserError(`${command === undefined ? '' : `${command}: `}${rel} not found (run inside a Disco Studio checkout)`);
}

/** The absolute path of `rel` (e.g. guest/user/user.ld) in the checkout; a UserError when not found. */
export function findInCheckout(rel: string): string {
  return path.join(checkoutRoot(rel), rel);
}
