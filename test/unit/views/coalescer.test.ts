// The views' refresh rule: one fetch in flight, later requests folded into one rerun, hidden views
// fetch nothing and catch up once when shown, errors reported and never thrown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer } from '../../../src/views/coalescer';

/** A fetch whose calls are counted and finished by hand. */
function manualFetch(): { fetch: () => Promise<void>; calls: () => number; finish: () => Promise<void> } {
  let calls = 0;
  const pending: (() => void)[] = [];
  return {
    fetch: () => {
      calls++;
      return new Promise<void>((r) => pending.push(r));
    },
    calls: () => calls,
    finish: async () => {
      pending.shift()?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

test('requests while a fetch runs fold into one more fetch', async () => {
  const f = manualFetch();
  const c = new Coalescer(f.fetch);
  c.request();
  c.request();
  c.request();
  assert.equal(f.calls(), 1);
  assert.equal(c.busy, true);
  await f.finish();
  assert.equal(f.calls(), 2, 'one rerun for the three requests');
  await f.finish();
  assert.equal(f.calls(), 2);
  assert.equal(c.busy, false);
});

test('a hidden view fetches nothing, then once when shown', async () => {
  const f = manualFetch();
  const c = new Coalescer(f.fetch);
  c.setVisible(false);
  c.request();
  c.request();
  assert.equal(f.calls(), 0);
  c.setVisible(true);
  assert.equal(f.calls(), 1);
  await f.finish();
  assert.equal(f.calls(), 1);
  c.setVisible(false);
  c.setVisible(true);
  assert.equal(f.calls(), 1, 'nothing missed: no fetch');
});

test('a rerun asked for before hiding waits until shown', async () => {
  const f = manualFetch();
  const c = new Coalescer(f.fetch);
  c.request();
  c.request();
  c.setVisible(false);
  await f.finish();
  assert.equal(f.calls(), 1);
  c.setVisible(true);
  assert.equal(f.calls(), 2);
});

test('a failed fetch is reported and the next request runs', async () => {
  const errors: unknown[] = [];
  let n = 0;
  const c = new Coalescer(async () => {
    n++;
    if (n === 1) throw new Error('no session');
  }, (e) => errors.push(e));
  c.request();
  for (let i = 0; i < 5; i++) await Promise.resolve();
  assert.equal(errors.length, 1);
  c.request();
  for (let i = 0; i < 5; i++) await Promise.resolve();
  assert.equal(n, 2);
  c.dispose();
  c.request();
  assert.equal(n, 2, 'disposed: no more fetches');
});
