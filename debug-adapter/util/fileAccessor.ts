// The engine's only way to reach files: the process entry (cli/, main.ts) passes
// an implementation backed by Node's fs, tests pass an in-memory one, and the
// extension host may pass one backed by vscode.workspace.fs.

export interface FileAccessor {
  /** The file's bytes; throws UserError when it cannot be read. */
  readFile(path: string): Uint8Array;
  /** Whether a file exists at path. */
  exists(path: string): boolean;
  /** path resolved against the directory holding fromFile (absolute paths stay as they are). */
  resolve(fromFile: string, path: string): string;
}

/** An in-memory FileAccessor over a map of path → content, for tests and generated sources. */
export class MemoryFileAccessor implements FileAccessor {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, c] of Object.entries(files)) this.files.set(p, typeof c === 'string' ? new TextEncoder().encode(c) : c);
  }

  readFile(path: string): Uint8Array {
    const f = this.files.get(path);
    if (!f) throw new Error(`${path}: no such file`);
    return f;
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  resolve(fromFile: string, path: string): string {
    if (path.startsWith('/')) return path;
    const slash = fromFile.lastIndexOf('/');
    return slash < 0 ? path : `${fromFile.slice(0, slash + 1)}${path}`;
  }
}
