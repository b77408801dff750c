// Writes guest/include/disco/monitor.h from the monitor's guest ABI tables
// (debug-adapter/monitor/abi.ts). Run: npx tsx scripts/generate-monitor-header.ts
import { writeFileSync } from 'node:fs';
import { monitorHeaderText } from '../debug-adapter/monitor/monitorHeader';

export const MONITOR_HEADER_PATH = new URL('../guest/include/disco/monitor.h', import.meta.url);

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  writeFileSync(MONITOR_HEADER_PATH, monitorHeaderText());
}
