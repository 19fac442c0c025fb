/** The pure language service: everything the server and the CLI use, with no editor, file system or process access. */
export { Analyzer, analyzeText, documentAnalyzer, outlinesOf, type TextAnalysis } from './analysis';
export { configProblemDiagnostics, mergeSettingsInput, parseConfig, CONFIG_FILE_NAMES } from './config';
export { codeActions, fixAllEdit, workspaceEdit, type ActionRequest, type FixAllData } from './codeActions';
export { toDiagnostic } from './diagnostics';
export { FIX_ALL_KIND, ruleDocsUrl, SOURCE } from './docs';
export { fixAllText } from './fixAll';
export { RULE_IDS, RULES, ruleMeta } from './rules';
export { DEFAULT_SETTINGS, normalizeSettings, parseKubernetesMinor } from './settings';
export { codeLenses } from './codeLens';
export { containerCompletions, snippetCompletions } from './completion';
export { hover } from './hover';
export { toSarif } from './sarif';
export { documentSymbols } from './symbols';
export { LineIndex, applyEdits } from './text';
export type { Finding, ResolvedFinding, Settings, Severity } from './types';
