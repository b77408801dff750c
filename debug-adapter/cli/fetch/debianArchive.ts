// A private apt for mipsel packages: its own configuration file (APT_CONFIG), package
// lists, cache and sources under the fetch directory, with dpkg status /dev/null, so the
// machine's apt and dpkg state are never touched (no `dpkg --add-architecture`). Resolves
// packages with apt-cache and downloads .debs with `apt-get download`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../util/diagnostic';
import { runChecked, runTool } from './processes';
import { DEFAULT_DEBIAN_MIRROR, findDebianMirror, type DebianMirror, type SourceFile } from './sourcesList';

export const DEBIAN_ARCH = 'mipsel';
export const DEBIAN_SUITES = ['bookworm', 'bookworm-updates'];
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** The environment and directories of one private apt instance. */
export interface PrivateApt {
  readonly root: string;
  readonly mirror: DebianMirror;
  readonly env: NodeJS.ProcessEnv;
}

/** The machine's apt sources (sources.list and sources.list.d/*.list|*.sources); unreadable files are skipped. */
export function readSystemSources(etcApt = '/etc/apt'): SourceFile[] {
  const out: SourceFile[] = [];
  const add = (p: string): void => {
    try {
      out.push({ name: p, text: fs.readFileSync(p, 'utf8') });
    } catch {
      // A source file apt itself could not read either; the default mirror is used instead.
    }
  };
  add(path.join(etcApt, 'sources.list'));
  const parts = path.join(etcApt, 'sources.list.d');
  if (fs.existsSync(parts)) {
    for (const n of fs.readdirSync(parts).sort()) if (n.endsWith('.list') || n.endsWith('.sources')) add(path.join(parts, n));
  }
  return out;
}

/** Writes the private configuration and sources under `root` (created if needed). */
export function preparePrivateApt(root: string, mirrorOverride?: string): PrivateApt {
  const found = mirrorOverride ? { uri: mirrorOverride.replace(/\/$/, '') } : (findDebianMirror(readSystemSources()) ?? { uri: DEFAULT_DEBIAN_MIRROR });
  const signedBy = found.signedBy ?? (fs.existsSync(DEBIAN_KEYRING) ? DEBIAN_KEYRING : undefined);
  const mirror: DebianMirror = signedBy ? { uri: found.uri, signedBy } : { uri: found.uri };
  const dirs = ['lists/partial', 'cache/archives/partial', 'state', 'sources.list.d', 'preferences.d'];
  for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
  const options = [`arch=${DEBIAN_ARCH}`, ...(signedBy ? [`signed-by=${signedBy}`] : [])].join(' ');
  const sources = DEBIAN_SUITES.map((s) => `deb [${options}] ${mirror.uri} ${s} main\n`).join('');
  fs.writeFileSync(path.join(root, 'sources.list'), sources);
  const q = (p: string): string => JSON.stringify(path.join(root, p));
  const conf = [
    `APT::Architecture "${DEBIAN_ARCH}";`,
    `APT::Architectures { "${DEBIAN_ARCH}"; };`,
    `Dir::State ${q('state')};`,
    `Dir::State::Lists ${q('lists')};`,
    'Dir::State::status "/dev/null";',
    `Dir::Cache ${q('cache')};`,
    `Dir::Etc::SourceList ${q('sources.list')};`,
    `Dir::Etc::SourceParts ${q('sources.list.d')};`,
    `Dir::Etc::Preferences ${q('preferences')};`,
    `Dir::Etc::PreferencesParts ${q('preferences.d')};`,
    'Acquire::Languages "none";',
    'Acquire::Retries "2";',
    'Acquire::http::Timeout "30";',
    // apt drops to _apt for downloads, which cannot write a cache owned by root; as root apt
    // would fall back with a warning, so say so up front.
    ...(process.getuid?.() === 0 ? ['APT::Sandbox::User "root";'] : []),
    '',
  ].join('\n');
  const confPath = path.join(root, 'apt.conf');
  fs.writeFileSync(confPath, conf);
  return { root, mirror, env: { ...process.env, APT_CONFIG: confPath, LC_ALL: 'C' } };
}

/** The W:/E: lines of apt's output, the part worth showing a user. */
function aptProblems(stderr: string, stdout: string): string {
  const lines = `${stdout}\n${stderr}`.split('\n').filter((l) => /^(E|W):/.test(l.trim()));
  return (lines.length > 0 ? lines : stderr.split('\n')).map((l) => l.trim()).filter(Boolean).slice(0, 6).join('\n  ');
}

/** Refreshes the private package lists; failure to reach the mirror is a UserError. */
export function aptUpdate(apt: PrivateApt): void {
  const r = runTool('apt-get', ['update', '-q'], { env: apt.env });
  const out = r.stdout.toString('utf8');
  if (r.status !== 0 || /^(W|E): (Failed to fetch|Some index files failed)/m.test(r.stderr)) {
    throw new UserError(`could not reach the Debian archive: apt-get update from ${apt.mirror.uri} failed:\n  ${aptProblems(r.stderr, out)}`);
  }
}

/** One package's fields from `apt-cache show` (the candidate version only). */
export function aptShow(apt: PrivateApt, pkg: string): Map<string, string> {
  const r = runTool('apt-cache', ['show', '--no-all-versions', pkg], { env: apt.env });
  const text = r.stdout.toString('utf8');
  if (r.status !== 0 || text.trim() === '') {
    throw new UserError(`the Debian archive at ${apt.mirror.uri} has no ${DEBIAN_ARCH} package '${pkg}' in ${DEBIAN_SUITES.join('/')}:\n  ${aptProblems(r.stderr, '')}`);
  }
  const fields = new Map<string, string>();
  for (const line of text.split('\n\n')[0]?.split('\n') ?? []) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (m && m[1]) fields.set(m[1], m[2] ?? '');
  }
  return fields;
}

/** Downloads `pkg=version` .debs into `dir` with `apt-get download`. */
export function aptDownload(apt: PrivateApt, dir: string, pkgs: readonly { package: string; version: string }[]): void {
  const r = runTool('apt-get', ['download', '-q', ...pkgs.map((p) => `${p.package}=${p.version}`)], { env: apt.env, cwd: dir });
  if (r.status !== 0) {
    throw new UserError(`could not reach the Debian archive: apt-get download from ${apt.mirror.uri} failed:\n  ${aptProblems(r.stderr, r.stdout.toString('utf8'))}`);
  }
}

/** A .deb's control field (`dpkg-deb -f`). */
export function debField(deb: string, field: string): string {
  return runChecked(`reading ${path.basename(deb)}`, 'dpkg-deb', ['-f', deb, field]).toString('utf8').trim();
}
