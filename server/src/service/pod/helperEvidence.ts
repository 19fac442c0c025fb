/** How much a helper finding can claim: strong evidence and the app's start/stop path, or a weaker reading. */
import type { HelperMatch } from '../helpers';
import type { Settings } from '../types';
import type { Container, PodSpec } from '../workloads';
import { offPathReason } from './offPath';
import { helperMatchOf } from './sidecars';

/**
 * Why the finding on a helper is only worth an info (a phrase for the message), or undefined for a full finding: the
 * helper is off the app's start/stop path, or it was recognised only by a generic word in its name.
 */
export function weakHelperReason(pod: PodSpec, helper: Container, settings: Settings): string | undefined {
  const match: HelperMatch | undefined = helperMatchOf(helper, settings).match;
  const offPath = offPathReason(pod, helper, match);
  if (offPath) return `${offPath}, off the app's start/stop path`;
  if (match?.evidence === 'word') return `recognised only by the word '${match.word}' in its name`;
  return undefined;
}
