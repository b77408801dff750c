// A FileAccessor over the disk with an overlay of unsaved texts (the editor's open documents), so
// the assembler and the config checker see what the user sees. Used in the extension host and in
// the assembler worker, hence no vscode import.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../debug-adapter/util/diagnostic';
import type { FileAccessor } from '../../debug-adapter/util/fileAccessor';

export function overlayFiles(overlay: ReadonlyMap<string, string>): FileAccessor {
  return {
    readFile(p: string): Uint8Array {
      const text = overlay.get(p);
      if (text !== undefined) return new TextEncoder().encode(text);
      try {
        return fs.readFileSync(p);
      } catch (e) {
        throw new UserError(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
    },
    exists: (p: string) => overlay.has(p) || fs.existsSync(p),
    resolve: (fromFile: string, p: string) => path.resolve(path.dirname(fromFile), p),
  };
}
