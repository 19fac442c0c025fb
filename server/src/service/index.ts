/** The pure language service: everything the server and the CLI use, with no editor, file system or process access. */
export { Analyzer, analyzeText, composeChange, documentAnalyzer, outlinesOf, type TextAnalysis, type TextChange } from './analysis';
export { configProblemDiagnostics, mergeSettingsInput, parseConfig, CONFIG_FILE_NAMES } from './config';
export { codeActions, fixAllEdit, workspaceEdit, type ActionRequest, type FixAllData } from './codeActions';
export { toDiagnostic } from './diagnostics';
export { FIX_ALL_KIND, ruleDocsUrl, SOURCE } from './docs';
export { fixAllText } from './fixAll';
export type { WithheldFix, WithheldLog } from './fixCheck';
export { RULE_IDS, RULES, ruleMeta } from './rules';
export { DEFAULT_SETTINGS, normalizeSettings, parseKubernetesMinor } from './settings';
export { codeLenses } from './codeLens';
export { containerCompletions, plainSnippetText, snippetCompletions } from './completion';
export { hover } from './hover';
export {
  createLanguageService,
  type DocumentEdit,
  type LanguageService,
  type LanguageServiceOptions,
  type LintResult,
  type ServiceDocument,
  type WorkspaceObjects,
} from './languageService';
export { usesMaskedTemplate } from './templates';
export { ObjectIndex } from './objects/index';
export type { ObjectSummary } from './objects/summary';
export { sarifResults, sarifRuleIndex, toSarif, type SarifRule } from './sarif';
export { documentSymbols } from './symbols';
export { applyCommentDirectives } from './suppression';
export { LineIndex, applyEdits, type Positions } from './text';
export type { Finding, ResolvedFinding, Settings, Severity } from './types';
