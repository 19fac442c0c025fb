import { parse } from 'yaml';
import { ISTIO, LEGACY_ONLY_SETTINGS } from '../mesh/data';
import { removeEntry } from '../mesh/edits';
import { injectionOf, metaEntries, namespaceViews, type MetaEntry } from '../mesh/injection';
import type { Rule, RuleFinding } from './rule';

/** The keys of `proxy.istio.io/config` (YAML or JSON, as the injector reads it), or undefined when it does not parse. */
function proxyConfigKeys(value: string): string[] | undefined {
  try {
    const parsed: unknown = parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed) : undefined;
  } catch {
    return undefined;
  }
}

/** Start-up and shutdown knobs that order a proxy in `containers` have no effect once the proxy is a native sidecar. */
export const meshSettingIgnored: Rule = {
  id: 'mesh-setting-ignored',
  defaultSeverity: 'info',
  description:
    "A proxy start-up or shutdown setting (Istio's holdApplicationUntilProxyStarts, Linkerd's proxy-await or wait-before-exit) that a native proxy ignores.",
  fixable: true,
  check({ pod, text, settings, objects }) {
    const injection = injectionOf(pod, settings, namespaceViews(objects));
    if (!injection || injection.native.mode !== 'native') return [];
    const why = `the injected ${injection.mesh.proxyName} is a native sidecar here (${injection.native.reason})`;
    const findings: RuleFinding[] = [];
    const report = (entry: MetaEntry, what: string, removable: boolean) => {
      if (!entry.keyNode.range) return;
      const edits = removable ? removeEntry(text, pod, entry) : undefined;
      findings.push({
        start: entry.keyNode.range[0],
        end: entry.keyNode.range[1],
        message: `${what} has no effect because ${why}: Kubernetes already starts it before the app and stops it after.`,
        fixes: edits ? [{ title: `Remove ${entry.key}`, edits, preferred: true, kind: 'fix' }] : [],
      });
    };
    for (const entry of metaEntries(pod)) {
      if (entry.where !== 'annotations' || entry.value === undefined) continue;
      if (injection.mesh === ISTIO && entry.key === 'proxy.istio.io/config') {
        const keys = proxyConfigKeys(entry.value);
        // Only the knob is dead: the annotation goes only when it holds nothing else.
        if (keys?.includes(LEGACY_ONLY_SETTINGS.istioHold)) report(entry, `holdApplicationUntilProxyStarts in ${entry.key}`, keys.length === 1);
      } else if (injection.mesh !== ISTIO && (LEGACY_ONLY_SETTINGS.linkerd as readonly string[]).includes(entry.key)) {
        report(entry, `'${entry.key}'`, true);
      }
    }
    return findings;
  },
};
