// Writes schemas/disco.schema.json from the guest config's field table
// (debug-adapter/config/discoConfig.ts). Run: npx tsx scripts/generate-schema.ts
import { writeFileSync } from 'node:fs';
import { discoConfigSchema } from '../debug-adapter/config/discoConfig';

export const SCHEMA_PATH = new URL('../schemas/disco.schema.json', import.meta.url);

/** The schema file's exact text. */
export function schemaText(): string {
  return `${JSON.stringify(discoConfigSchema(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  writeFileSync(SCHEMA_PATH, schemaText());
}
