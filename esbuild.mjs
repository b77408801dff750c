// Bundles each process entry of the package into dist/ (see ARCHITECTURE.md §2).
// dist/cli.js is the `disco` command; the debug adapter, the extension host and
// the webview bundles join this list as those parts arrive.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

const entries = [
  // `disco`: a small entry that runs the bundled command line through V8's code cache.
  { in: 'debug-adapter/cliEntry.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'debug-adapter/cli.ts', out: 'dist/disco.js' },
  { in: 'src/extension.ts', out: 'dist/extension.js' },
  { in: 'src/language/asmWorker.ts', out: 'dist/asmWorker.js' },
  { in: 'debug-adapter/debugAdapter.ts', out: 'dist/debugAdapter.js' },
];

await Promise.all(
  entries.map((e) =>
    esbuild.build({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: 'node',
      // ES modules first: jsonc-parser's UMD build hides its requires from the bundler.
      mainFields: ['module', 'main'],
      format: 'cjs',
      target: 'node20',
      sourcemap: !production,
      minify: production,
      external: ['vscode'],
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
    }),
  ),
);

// The monitor webviews' front ends (media/*/main.ts) and their shared stylesheet with the
// codicons font: browser bundles in dist/webviews/, loaded with no network access.
await esbuild.build({
  entryPoints: {
    pmap: 'media/pmap/main.ts',
    tlb: 'media/tlb/main.ts',
    memmap: 'media/memmap/main.ts',
    counters: 'media/counters/main.ts',
    timeline: 'media/timeline/main.ts',
    views: 'media/common/views.css',
  },
  outdir: 'dist/webviews',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  loader: { '.ttf': 'file' },
  assetNames: '[name]',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});
