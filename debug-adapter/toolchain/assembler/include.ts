// `.include "FILE"`: reads the file (next to the including file, then in each -I directory) and
// assembles it in place.

import type { SourceLocation } from '../../util/diagnostic';
import type { AsmContext } from './context';
import { findInclude } from './cpp';
import type { Driver } from './driver';
import { AsmError } from './errors';
import { splitLines, stripComments } from './source';

export function includeFile(ctx: AsmContext, args: string, loc: SourceLocation, driver: Driver): void {
  const m = /^\s*"([^"]+)"\s*$/.exec(args);
  if (!m) throw new AsmError('.include expects a quoted file name', loc);
  const name = m[1] as string;
  const found = findInclude(ctx.options.files, loc.file, name, false, ctx.options.includeDirs ?? []);
  if (!found) throw new AsmError(`can't open ${name} for reading: No such file or directory`, loc);
  const text = new TextDecoder().decode(ctx.options.files.readFile(found));
  driver.push(stripComments(splitLines(found, text)), false);
}
