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
  /** Appends bytes to path (created when missing) and returns once they are durable. Absent when the engine may not write. */
  appendFile?(path: string, data: Uint8Array): void;
  /** Replaces path's content atomically (all of the old or all of the new content survives a crash). */
  replaceFile?(path: string, data: Uint8Array): void;
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

  appendFile(path: string, data: Uint8Array): void {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const joined = new Uint8Array(old.length + data.length);
    joined.set(old);
    joined.set(data, old.length);
    this.files.set(path, joined);
  }

  replaceFile(path: string, data: Uint8Array): void {
    this.files.set(path, data.slice());
  }

  resolve(fromFile: string, path: string): string {
    if (path.startsWith('/')) return path;
    const slash = fromFile.lastIndexOf('/');
    return slash < 0 ? path : `${fromFile.slice(0, slash + 1)}${path}`;
  }
}
