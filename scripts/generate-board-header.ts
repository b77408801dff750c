// Writes guest/include/disco/board.h from the board's address map and device register tables
// (debug-adapter/machine/devices/boardHeader.ts). Run: npx tsx scripts/generate-board-header.ts
import { writeFileSync } from 'node:fs';
import { boardHeaderText } from '../debug-adapter/machine/devices/boardHeader';

export const BOARD_HEADER_PATH = new URL('../guest/include/disco/board.h', import.meta.url);

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  writeFileSync(BOARD_HEADER_PATH, boardHeaderText());
}
