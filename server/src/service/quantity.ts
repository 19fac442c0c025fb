/**
 * Kubernetes resource quantities (apimachinery `resource.ParseQuantity`, kubernetes-sidecars.md §5), parsed to exact
 * values with BigInt so that `1` and `1000m`, or `1Gi` and `1024Mi`, compare exactly.
 */

/** value = unscaled × 10^-scale, exactly as written (before Kubernetes rounds it). */
export interface Quantity {
  readonly unscaled: bigint;
  readonly scale: number;
  /** The suffix as written: `Mi`, `m`, `e3`, or ''. */
  readonly suffix: string;
}

export type QuantityResult = { ok: true; quantity: Quantity } | { ok: false; reason: string };

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The pre-split pattern apimachinery quotes when a quantity does not parse. */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/**
 * Parses like `ParseQuantity` after `strings.TrimSpace`. Stricter than Go in one way: a number needs a digit, so `Mi`,
 * `.` and a lone sign, which some Go versions read as zero, are reported.
 */
export function parseQuantity(input: string): QuantityResult {
  let result = parsed.get(input);
  if (!result) {
    // The same few values (100m, 128Mi) recur across a manifest: parse each once, keeping the cache small.
    if (parsed.size >= MAX_CACHED) parsed.clear();
    result = parse(input);
    parsed.set(input, result);
  }
  return result;
}

const MAX_CACHED = 1024;
const parsed = new Map<string, QuantityResult>();

function parse(input: string): QuantityResult {
  const text = input.trim();
  const shape = SHAPE.exec(text);
  if (!shape || (shape[2] === '' && (shape[3] ?? '') === '')) return { ok: false, reason: `it does not match ${QUANTITY_PATTERN}` };
  const [, sign, whole, fraction = '', suffix] = shape;
  let unscaled = BigInt(whole + fraction || '0');
  let scale = fraction.length;
  if (suffix in DECIMAL) scale -= DECIMAL[suffix];
  else if (suffix in BINARY) unscaled *= 2n ** BigInt(BINARY[suffix]);
  else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) > 1000) return { ok: false, reason: `the exponent ${suffix} is out of range` };
    scale -= exponent;
  } else return { ok: false, reason: `'${suffix}' is not a quantity suffix (Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent)` };
  if (sign === '-') unscaled = -unscaled;
  return { ok: true, quantity: { unscaled, scale, suffix } };
}

/** Rounds |value| × 10^digits up to an integer (away from zero), keeping the sign: `inf.RoundUp`. */
function scaledUp(q: Quantity, digits: number): bigint {
  const shift = digits - q.scale;
  if (shift >= 0) return q.unscaled * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const magnitude = q.unscaled < 0n ? -q.unscaled : q.unscaled;
  const rounded = (magnitude + divisor - 1n) / divisor;
  return q.unscaled < 0n ? -rounded : rounded;
}

/** The value the API server keeps and compares: rounded up (away from zero) to whole nano-units. */
export function toNanos(q: Quantity): bigint {
  return scaledUp(q, 9);
}

/**
 * The value in thousandths, rounded up: the documented "at most 3 decimal places" rule (0.1m becomes 1m), which is what
 * `MilliValue` gives the kubelet for cpu and what the fractional-byte warning tests.
 */
export function milliValue(q: Quantity): bigint {
  return scaledUp(q, 3);
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const [x, y] = [toNanos(a), toNanos(b)];
  return x === y ? 0 : x < y ? -1 : 1;
}

export function isNegative(q: Quantity): boolean {
  return q.unscaled < 0n;
}

/** Memory and ephemeral-storage must be whole bytes: apiserver warns `fractional byte value` when milli % 1000 ≠ 0. */
export function isFractionalBytes(q: Quantity): boolean {
  return milliValue(q) % 1000n !== 0n;
}

/** Resources measured in bytes, whose fractional values the API server warns about (WARN134). */
export function isByteResource(name: string): boolean {
  return name === 'memory' || name === 'ephemeral-storage';
}

/**
 * Why a quantity written by a fix does not suit its resource, or undefined when it does: it must parse and not be
 * negative, cpu takes no byte unit (`Ki`…`Ei`), and byte resources take whole bytes (so no `500m` of memory).
 */
export function quantityMismatch(written: string, resource: string): string | undefined {
  const parsed = parseQuantity(written);
  if (!parsed.ok) return `'${written.trim()}' is not a quantity`;
  if (isNegative(parsed.quantity)) return `a ${resource} quantity cannot be negative`;
  if (resource === 'cpu' && parsed.quantity.suffix in BINARY) return `'${parsed.quantity.suffix}' is a byte unit, not a cpu one`;
  if (isByteResource(resource) && isFractionalBytes(parsed.quantity)) return `${resource} takes whole bytes, not a fraction of one`;
  return undefined;
}

/**
 * A corrected spelling for a quantity that is wrong in an obvious way, or undefined when the intent is not clear:
 * a space before the unit (`256 Mi`), and for byte resources a unit in another tool's spelling (`512MiB`, `1gi`,
 * `100MB`, Docker's binary `512m`, `1g`, `64K`).
 */
export function suggestQuantity(written: string, resource: string): string | undefined {
  const text = written.trim();
  const match = /^(\+?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))\s*([A-Za-z]*)$/.exec(text);
  if (!match) return undefined;
  const [, number, unit] = match;
  const bytes = isByteResource(resource);
  const fixedUnit = bytes ? (byteUnit(unit) ?? unit) : unit;
  const candidate = `${number}${fixedUnit}`;
  const parsed = parseQuantity(candidate);
  if (candidate === text || !parsed.ok || (bytes && isFractionalBytes(parsed.quantity))) return undefined;
  return candidate;
}

/** `MiB`, `mi`, `MIB` → `Mi`; `MB`, `mb` → `M`; Docker's `m`, `g`, `K` (binary) → `Mi`, `Gi`, `Ki`. */
function byteUnit(unit: string): string | undefined {
  const lower = unit.toLowerCase();
  if (!/^[kmgtpe]/.test(lower)) return undefined;
  const binary = `${lower[0] === 'k' ? 'K' : lower[0].toUpperCase()}i`;
  if (/^.ib?$/.test(lower)) return binary;
  if (/^.b$/.test(lower)) return lower[0] === 'k' ? 'k' : lower[0].toUpperCase();
  if (['m', 'K', 'g', 't', 'p'].includes(unit)) return binary;
  return undefined;
}
