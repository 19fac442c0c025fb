/** A tiny test runner for the extension host: sequential tests, bounded waits, TAP-like lines through `report`. */
import type * as vscode from 'vscode';

export type Report = (line: string) => void;
export interface Test {
  name: string;
  fn: () => Promise<string | void>;
}
export interface Result {
  passed: number;
  failed: number;
}

/** Runs the tests in order; a failing test is reported with its reason and the run goes on. */
export async function runTests(tests: Test[], report: Report): Promise<Result> {
  const result: Result = { passed: 0, failed: 0 };
  for (const t of tests) {
    const started = Date.now();
    try {
      const extra = await t.fn();
      result.passed++;
      report(`ok - ${t.name} (${Date.now() - started} ms)${extra ? ' ' + extra : ''}`);
    } catch (e) {
      result.failed++;
      report(`not ok - ${t.name} — ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  report(`${result.passed} passed, ${result.failed} failed`);
  return result;
}

/** Polls `pred` (and wakes early on `events`) until it holds, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, pred: () => T | undefined | false, timeoutMs = 30000, events: vscode.Event<unknown>[] = []): Promise<T> {
  const first = pred();
  if (first) return first;
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = (fn: () => void) => {
      clearInterval(poll);
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      fn();
    };
    const tryNow = () => {
      const v = pred();
      if (v) done(() => resolve(v));
    };
    for (const ev of events) subs.push(ev(tryNow));
    const poll = setInterval(tryNow, 250);
    const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
  });
}
