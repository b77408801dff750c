// Files of the Disco Studio checkout the CLI needs at run time (the guest OS sources, the user
// link script), looked for above the working directory, then above the running script.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../util/diagnostic';

/** The absolute path of `rel` (e.g. guest/user/user.ld) in the checkout; a UserError when not found. */
export function findInCheckout(rel: string): string {
  for (const start of [process.cwd(), __dirname]) {
    for (let d = start; ; d = path.dirname(d)) {
      const p = path.join(d, rel);
      if (fs.existsSync(p)) return p;
      if (path.dirname(d) === d) break;
    }
  }
  throw new UserError(`${rel} not found (run inside a Disco Studio checkout)`);
}
