/** The fuzzer's own judgement of comments lost by fix-all: strict, except for a line a later round removed whole. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentSpans, deletedLineComments } from './facts';

const lost = (before: string, after: string) => deletedLineComments(before, after, commentSpans(before));

test('a removed line may take its trailing comment along', () => {
  const before = 'a:\n  keep: 1\n  proxy-await: enabled # c\n  other: 2\n';
  assert.deepEqual(lost(before, 'a:\n  keep: 1\n  other: 2\n'), ['c']);
});

test('a line removed while another key is added in its place still counts as removed', () => {
  const before = 'a:\n  keep: 1\n  proxy-await: enabled # c\n';
  assert.deepEqual(lost(before, 'a:\n  keep: 1\n  native: "true"\n'), ['c']);
});

test('a rewritten line (same key) must keep its comment', () => {
  const before = 'r:\n  cpu: 1 # why\n';
  assert.deepEqual(lost(before, 'r:\n  cpu: 2\n'), []);
});

test('a full-line comment is never an allowed loss', () => {
  const before = 'a:\n  # note\n  b: 1\n';
  assert.deepEqual(lost(before, 'a:\n  b: 1\n'), []);
});
