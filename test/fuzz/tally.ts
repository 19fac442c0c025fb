/** Counts of checks and failures per property, with the failures kept for the report. */

export interface Violation {
  property: string;
  /** The rule whose finding or fix failed, when there is one. */
  rule?: string;
  message: string;
}

/** A failure's identity for grouping and minimising: the property, and the rule when it names one. */
export function violationKey(v: Pick<Violation, 'property' | 'rule'>): string {
  return v.rule ? `${v.property} (${v.rule})` : v.property;
}

/** Records every check made on one input. */
export class Tally {
  readonly checks: Record<string, number> = {};
  readonly violations: Violation[] = [];

  /** Counts one check of `property`; records a violation when `ok` is false. */
  check(property: string, ok: boolean, message: () => string, rule?: string): boolean {
    this.checks[property] = (this.checks[property] ?? 0) + 1;
    if (!ok) this.violations.push({ property, rule, message: message() });
    return ok;
  }

  /** Runs `stage`; an exception is a violation of `exception`, and the result is undefined. */
  guard<T>(stage: string, run: () => T): T | undefined {
    try {
      const value = run();
      this.check('exception', true, () => '');
      return value;
    } catch (error) {
      this.check(
        'exception',
        false,
        () => `${stage}: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error)}`,
      );
      return undefined;
    }
  }
}
