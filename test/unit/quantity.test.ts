/** The Kubernetes quantity grammar: exact values, Go's rounding rules, and the spellings worth correcting. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compareQuantities,
  isFractionalBytes,
  isNegative,
  milliValue,
  parseQuantity,
  suggestQuantity,
  toNanos,
  type Quantity,
} from '../../server/src/service/quantity';

function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  assert.ok(parsed.ok, `${text} should parse`);
  return parsed.quantity;
}

describe('parseQuantity', () => {
  test('decimal, binary and exponent suffixes give exact values in nano-units', () => {
    const cases: [string, bigint][] = [
      ['1', 1_000_000_000n],
      ['500m', 500_000_000n],
      ['0.5', 500_000_000n],
      ['+.5', 500_000_000n],
      ['1.', 1_000_000_000n],
      ['100u', 100_000n],
      ['7n', 7n],
      ['1k', 1_000n * 10n ** 9n],
      ['128M', 128_000_000n * 10n ** 9n],
      ['128Mi', 134_217_728n * 10n ** 9n],
      ['1Gi', 1_073_741_824n * 10n ** 9n],
      ['1.5Gi', 1_610_612_736n * 10n ** 9n],
      ['2Ei', 2n ** 61n * 10n ** 9n],
      ['1E', 10n ** 18n * 10n ** 9n],
      ['1e3', 1_000n * 10n ** 9n],
      ['1E-3', 1_000_000n],
      ['12e+2', 1_200n * 10n ** 9n],
      ['0', 0n],
      ['007', 7_000_000_000n],
      [' 2Gi ', 2n * 2n ** 30n * 10n ** 9n],
      ['-1', -1_000_000_000n],
    ];
    for (const [text, nanos] of cases) assert.equal(toNanos(q(text)), nanos, text);
  });

  test('1 cpu and 1000m are equal; 1Gi is more than 1000Mi and 1G; 1.5 equals 1500m', () => {
    assert.equal(compareQuantities(q('1'), q('1000m')), 0);
    assert.equal(compareQuantities(q('1'), q('500m')), 1);
    assert.equal(compareQuantities(q('1Gi'), q('1000Mi')), 1);
    assert.equal(compareQuantities(q('1Gi'), q('1024Mi')), 0);
    assert.equal(compareQuantities(q('1G'), q('1Gi')), -1);
    assert.equal(compareQuantities(q('1.5'), q('1500m')), 0);
    assert.equal(compareQuantities(q('1e9'), q('1G')), 0);
  });

  test('values finer than a nano-unit round up, away from zero, as the API server stores them', () => {
    assert.equal(toNanos(q('0.1n')), 1n);
    assert.equal(toNanos(q('1.0000000001')), 1_000_000_001n);
    assert.equal(toNanos(q('-0.1n')), -1n);
  });

  test('the three-decimal rule: milli values round up, so 0.1m is 1m', () => {
    assert.equal(milliValue(q('0.1m')), 1n);
    assert.equal(milliValue(q('1.0001')), 1001n);
    assert.equal(milliValue(q('250m')), 250n);
    assert.equal(milliValue(q('2')), 2000n);
  });

  test('fractional bytes: 500m and 1.5 are, 1.5Gi and 1e3 are not; 1.9999 rounds to a whole milli-value as in Go', () => {
    assert.equal(isFractionalBytes(q('500m')), true);
    assert.equal(isFractionalBytes(q('1.5')), true);
    assert.equal(isFractionalBytes(q('1.5Gi')), false);
    assert.equal(isFractionalBytes(q('1e3')), false);
    assert.equal(isFractionalBytes(q('1.9999')), false);
  });

  test('negative values parse and are reported as negative', () => {
    assert.equal(isNegative(q('-100m')), true);
    assert.equal(isNegative(q('0')), false);
    assert.equal(isNegative(q('-0')), false);
  });

  test('what the grammar rejects', () => {
    for (const text of [
      '',
      ' ',
      'Mi',
      '.',
      '+',
      '-',
      '1e',
      '1ki',
      '1KB',
      '1K',
      '1m3',
      '1e3.5',
      '1.2.3',
      '1 Gi',
      '0x10',
      '1Mi5',
      'e3',
      '1,5',
      'lots',
      '1e+',
      'true',
    ]) {
      assert.equal(parseQuantity(text).ok, false, JSON.stringify(text));
    }
  });
});

describe('suggestQuantity', () => {
  test('clear misspellings of byte units are corrected', () => {
    const cases: [string, string][] = [
      ['500m', '500Mi'],
      ['512MiB', '512Mi'],
      ['1gi', '1Gi'],
      ['2GI', '2Gi'],
      ['256 Mi', '256Mi'],
      ['100MB', '100M'],
      ['1kb', '1k'],
      ['1g', '1Gi'],
      ['64K', '64Ki'],
      ['0.5m', '0.5Mi'],
    ];
    for (const [text, want] of cases) assert.equal(suggestQuantity(text, 'memory'), want, text);
    assert.equal(suggestQuantity('1gb', 'ephemeral-storage'), '1G');
  });

  test('for cpu only a stray space is corrected; unclear or valid values get no suggestion', () => {
    assert.equal(suggestQuantity('500 m', 'cpu'), '500m');
    for (const text of ['1 core', '500mi', '2cores', '-1']) assert.equal(suggestQuantity(text, 'cpu'), undefined, text);
    for (const text of ['1.5', '-1Gi', '1e3Mi', 'lots', '1Gi', '100n', '1e']) assert.equal(suggestQuantity(text, 'memory'), undefined, text);
  });
});
