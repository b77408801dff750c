// Independent JavaScript models of the guest OS workloads (guest/user/init.S, cc.S): what each
// result line must say for given sizes, computed with plain 32-bit integer arithmetic.

const u = (x: number): number => x >>> 0;
const lcg = (x: number): number => u(Math.imul(x, 1103515245) + 12345);
const hex = (v: number): string => u(v).toString(16).padStart(8, '0');

/** One cc job: checksum s = s*31 + word over its pages. */
function ccJob(i: number, pages: number): number {
  const salt = Math.imul(i + 1, 0x9e3779b9 | 0);
  let s = 0;
  for (let k = 0; k < pages * 1024; k++) s = u(Math.imul(s, 31) + u(Math.imul(k + 1, 2654435761 | 0) ^ salt));
  return s;
}

export function pmakeLine(jobs: number, pages: number): string {
  let t = 0;
  for (let i = 0; i < jobs; i++) t = u(t + ccJob(i, pages));
  return `pmake: ${jobs} jobs, checksum ${hex(t)}`;
}

export function raytraceLine(w: number, h: number): string {
  let sum = 0;
  for (let y = 0; y < h; y++) {
    const cy = Math.floor((y * 8192) / h) - 4096;
    for (let x = 0; x < w; x++) {
      const cx = Math.floor((x * 12288) / w) - 8192;
      let zx = 0;
      let zy = 0;
      let it = 0;
      for (;;) {
        const zx2 = Math.imul(zx, zx) >> 12;
        const zy2 = Math.imul(zy, zy) >> 12;
        if (zx2 + zy2 > 16384) break;
        zy = (Math.imul(zx, zy) >> 11) + cy;
        zx = zx2 - zy2 + cx;
        if (++it >= 64) break;
      }
      sum = u(sum + Math.imul(y * w + x + 1, it));
    }
  }
  return `raytrace: ${w}x${h}, checksum ${hex(sum)}`;
}

export function databaseLine(n: number, q: number): string {
  let b = 0;
  let size = 1;
  while (size < 2 * n) {
    size *= 2;
    b++;
  }
  const keys = new Uint32Array(size);
  const vals = new Uint32Array(size);
  const slot = (k: number): number => {
    let h = u(Math.imul(k, 2654435761 | 0)) >>> (32 - b);
    while (keys[h] !== 0 && keys[h] !== k) h = (h + 1) & (size - 1);
    return h;
  };
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = lcg(x);
    const k = u(x | 1);
    const h = slot(k);
    keys[h] = k;
    vals[h] = u(Math.imul(k, 0x45d9f3b) ^ i);
  }
  let z = 12345;
  let y = 777;
  let found = 0;
  let sum = 0;
  for (let i = 0; i < q; i++) {
    let k: number;
    if ((i & 1) === 0) k = u((z = lcg(z)) | 1);
    else k = u((y = lcg(y)) | 1);
    const h = slot(k);
    if (keys[h] !== 0) {
      found++;
      sum = u(sum + (vals[h] as number));
    }
  }
  return `database: ${n} keys, ${q} queries, ${found} found, checksum ${hex(sum)}`;
}

export function engineeringLine(procs: number, steps: number): string {
  let total = 0;
  for (let i = 0; i < procs; i++) {
    let r = 0;
    if ((i & 1) === 0) {
      let s = i + 1;
      for (let t = 0; t < steps; t++) {
        s = u(Math.imul(u(s ^ (s >>> 15)), 0x2c1b3c6d) + t);
        r = u(r ^ s);
      }
    } else {
      const m = new Uint32Array(16384);
      for (let t = 0; t < steps; t++) {
        const idx = Math.imul(t, 40503) & 16383;
        m[idx] = u((m[idx] as number) + u(t ^ i));
      }
      for (let k = 0; k < 16384; k++) r = u(r + Math.imul(m[k] as number, k + 1));
    }
    total = u(total + r);
  }
  return `engineering: ${procs} processes, checksum ${hex(total)}`;
}

export function pingLine(count: number): string {
  let sum = 0;
  for (let seq = 0; seq < count; seq++) {
    const base = Math.imul(seq + 1, 0x01000193);
    for (let k = 1; k < 16; k++) sum = u(sum + u(base ^ k) + 1);
  }
  return `ping: ${count} echoes, checksum ${hex(sum)}`;
}

/** The lines init prints for a workload mask at a scale (sizes as in init.S). */
export function workloadLines(mask: number, scale: number): string[] {
  const lines: string[] = [];
  if (mask & 2) lines.push(pmakeLine(4 * scale, 2));
  if (mask & 4) lines.push(raytraceLine(16 * scale, 12 * scale));
  if (mask & 8) lines.push(databaseLine(512 * scale, 1024 * scale));
  if (mask & 16) lines.push(engineeringLine(4, 2000 * scale));
  return lines;
}

/** 32-bit FNV-1a of the bytes (guest/user/fsum.S). */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = u(Math.imul(h ^ b, 0x01000193));
  return h;
}

/** The lines fsum prints for the names listed in `files`, given the files that exist. */
export function fsumLines(files: ReadonlyMap<string, Uint8Array>): string[] {
  const list = new TextDecoder().decode(files.get('files')).split('\n').filter((n) => n !== '');
  return list.map((name) => {
    const bytes = files.get(name);
    return bytes === undefined ? `fsum: ${name} error -2` : `fsum: ${name} ${bytes.length} bytes, fnv ${hex(fnv1a(bytes))}`;
  });
}

/** Requests one fsum client makes: MOUNT, then LOOKUP and a READ per page of "files" and of each listed file, UNMOUNT. */
export function fsumRequests(files: ReadonlyMap<string, Uint8Array>): number {
  const pages = (name: string): number => Math.ceil((files.get(name)?.length ?? 0) / 4096);
  const list = new TextDecoder().decode(files.get('files')).split('\n').filter((n) => n !== '');
  return 2 + 1 + pages('files') + list.reduce((n, name) => n + 1 + pages(name), 0);
}
