// Memory as text, the way `xxd` prints it: address, sixteen bytes in groups of four, ASCII.

/** One line per 16 bytes of `bytes`, the first at address `start`. */
export function hexDump(start: number, bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = bytes.subarray(o, o + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 4) groups.push(hex.slice(i, i + 4).join(' ').padEnd(11));
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${((start + o) >>> 0).toString(16).padStart(8, '0')}:  ${groups.join('  ')}  |${ascii}|`);
  }
  return lines.join('\n');
}
