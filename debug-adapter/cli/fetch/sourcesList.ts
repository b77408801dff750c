// Finds the Debian mirror this machine already uses, from apt's sources in both formats
// (one-line "deb [opts] URI suite components" and deb822 ".sources" paragraphs, see
// sources.list(5)), so the private apt configuration of `disco fetch` asks the same host.

/** A source file's name and text. */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

/** A Debian archive root and the keyring its entry names, if any. */
export interface DebianMirror {
  readonly uri: string;
  readonly signedBy?: string;
}

export const DEFAULT_DEBIAN_MIRROR = 'http://deb.debian.org/debian';

/** An archive root whose last path segment is "debian" (not debian-security, debian-ports…). */
const isDebianArchive = (uri: string): boolean => /^(https?|ftp):\/\/[^\s]+\/debian\/?$/.test(uri);

function oneLineEntries(text: string): DebianMirror[] {
  const out: DebianMirror[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+\S+/.exec(line);
    if (!m || !m[2]) continue;
    const signedBy = /(?:^|\s)signed-by=(\S+)/.exec(m[1] ?? '')?.[1];
    out.push(signedBy ? { uri: m[2], signedBy } : { uri: m[2] });
  }
  return out;
}

function deb822Entries(text: string): DebianMirror[] {
  const out: DebianMirror[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const raw of para.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && last) fields.set(last, `${fields.get(last) ?? ''}\n${raw.trim()}`);
      else {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
        if (m && m[1]) fields.set((last = m[1].toLowerCase()), (m[2] ?? '').trim());
      }
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb') || /^(no|false)$/i.test(fields.get('enabled') ?? '')) continue;
    const signedBy = fields.get('signed-by');
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      // Signed-By may hold an inline key block; only a file path can be passed on.
      out.push(signedBy && /^\/\S+$/.test(signedBy) ? { uri, signedBy } : { uri });
    }
  }
  return out;
}

/** The first Debian archive among the machine's sources, or undefined when there is none. */
export function findDebianMirror(files: readonly SourceFile[]): DebianMirror | undefined {
  for (const f of files) {
    const entries = f.name.endsWith('.sources') ? deb822Entries(f.text) : oneLineEntries(f.text);
    const hit = entries.find((e) => isDebianArchive(e.uri));
    if (hit) return { ...hit, uri: hit.uri.replace(/\/$/, '') };
  }
  return undefined;
}
