// Entry the extension host loads as extensionTestsPath (bundled to .tmp/e2e/suite.js): runs the
// mocha suites inside the real VS Code. Each suite file exports a function declaring its tests with
// mocha's bdd globals; a debugging suite joins SUITES as one more file.
import Mocha from 'mocha';
import { activationSuite } from './activation.e2e';
import { assemblySuite } from './assembly.e2e';
import { configSuite } from './config.e2e';
import { debugSuite } from './debug.e2e';

const SUITES = [activationSuite, configSuite, assemblySuite, debugSuite];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
  for (const declare of SUITES) declare();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
