import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoized } from '../../server/src/service/memo';

test('a memoized fact is computed once per key object and again for another key', () => {
  const calls: string[] = [];
  const portsOf = memoized((container: { name: string }, pod: string) => {
    calls.push(`${pod}/${container.name}`);
    return [container.name.length];
  });
  const app = { name: 'app' };
  const proxy = { name: 'proxy' };
  const first = portsOf(app, 'pod');
  assert.equal(portsOf(app, 'pod'), first);
  assert.deepEqual(portsOf(proxy, 'pod'), [5]);
  assert.deepEqual(calls, ['pod/app', 'pod/proxy']);
});
