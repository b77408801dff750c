// Lint rules, and the layer boundaries of ARCHITECTURE.md §2 as import restrictions.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net'];
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ group: [p.group].flat(), message: p.message })) }],
});
const noVscode = { group: ['vscode'], message: 'only src/ may import vscode' };
const noDap = { group: ['@vscode/debugadapter', '@vscode/debugprotocol', '**/dap/**'], message: 'only dap/ speaks DAP' };
const noNodeIo = { group: nodeIo, message: 'the engine gets files through a FileAccessor; Node I/O belongs in cli/ and main.ts' };
const noMonitor = { group: ['**/monitor/**', '../monitor', './monitor'], message: 'the machine never imports the monitor' };
const noMachine = { group: ['**/machine/**', '../machine'], message: 'this layer sits below the machine' };
const noToolchain = { group: ['**/toolchain/**', '../toolchain'], message: 'the ISA table is the lowest layer' };
const noConfig = { group: ['**/config/**', '../config'], message: 'this layer does not read guest configs' };
// the view models (plain data the adapter sends) are the one part of debugger/ the extension reads
const engineInternals = [...['machine', 'monitor', 'debugger', 'dap', 'cli'].map((d) => `**/debug-adapter/${d}/**`), '!**/debug-adapter/debugger/viewModels'];
const onlyPureEngine = { group: engineInternals, message: 'src/ may use only the pure engine modules (toolchain, config, isa, util) and the view models; the rest runs in the debug adapter' };
// webviews run in a browser sandbox: the view models and the message types, never vscode or Node
const nodeModules = ['node:*', ...builtinModules.filter((m) => !m.startsWith('_'))];
const webviewImports = [
  { group: ['vscode'], message: 'webview code talks to the extension only through messages (acquireVsCodeApi)' },
  { group: nodeModules.flatMap((m) => [m, `${m}/*`]), message: 'webview code runs in a browser: no Node modules' },
  { regex: '(^|/)(debug-adapter/(?!debugger/viewModels$)|src/(?!views/protocol$))', message: 'webview code reads only the view models and the message types' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['debug-adapter/**/*.ts'], rules: restrict(noVscode, noDap) },
  { files: ['debug-adapter/util/**/*.ts', 'debug-adapter/isa/**/*.ts'], rules: restrict(noVscode, noDap, noNodeIo, noMonitor, noMachine, noToolchain, noConfig) },
  { files: ['debug-adapter/toolchain/**/*.ts'], rules: restrict(noVscode, noDap, noNodeIo, noMonitor, noMachine, noConfig) },
  { files: ['debug-adapter/machine/**/*.ts'], rules: restrict(noVscode, noDap, noNodeIo, noMonitor, noConfig) },
  { files: ['debug-adapter/monitor/**/*.ts'], rules: restrict(noVscode, noDap, noNodeIo) },
  { files: ['debug-adapter/config/**/*.ts'], rules: restrict(noVscode, noDap, noNodeIo) },
  { files: ['debug-adapter/debugger/**/*.ts'], rules: restrict(noVscode, noDap, noNodeIo) },
  { files: ['debug-adapter/dap/**/*.ts'], rules: restrict(noVscode) },
  // Process entries start the DAP server (dap/server.ts) without speaking DAP themselves.
  { files: ['debug-adapter/debugAdapter.ts', 'debug-adapter/cli/dapCommand.ts'], rules: restrict(noVscode, { group: ['@vscode/debugadapter', '@vscode/debugprotocol'], message: 'only dap/ speaks DAP' }) },
  { files: ['src/**/*.ts'], rules: restrict(onlyPureEngine) },
  { files: ['media/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: webviewImports }] } },
);
