import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoized } from '../../server/src/service/memo';

test('a memoized fact is computed once per key object, kept on the key, and computed again for another key', () => {
  const calls: string[] = [];
  const portsOf = memoized((container: { name: string; facts: Record<symbol, unknown> }, pod: string) => {
    calls.push(`${pod}/${container.name}`);
    return [container.name.length];
  });
  const app = { name: 'app', facts: {} };
  const proxy = { name: 'proxy', facts: {} };
  const first = portsOf(app, 'pod');
  assert.equal(portsOf(app, 'pod'), first);
  assert.deepEqual(portsOf(proxy, 'pod'), [5]);
  assert.deepEqual(calls, ['pod/app', 'pod/proxy']);
  assert.equal(Object.getOwnPropertySymbols(app.facts).length, 1);
});
