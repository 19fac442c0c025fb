/**
 * Code actions of findings an overlay build placed on a base or patch line: only the suppression comment, as for
 * chart templates. The file's own quick fixes were made for it alone, not for what the build made of it, and the
 * built object has no line of its own to edit; a failed build (`kustomize-build`) offers nothing. No Node imports:
 * the server core that uses this runs in the browser too.
 */
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { suppressionActions } from '../charts/editorDiagnostics';

/** The id of the one finding a failed build gets, on the kustomization. Here, not in lintOverlay, so the browser server can import it. */
export const BUILD_ERROR_RULE = 'kustomize-build';

/** Marks a diagnostic as placed by an overlay build (the overlay's folder), so code actions know where it came from. */
export interface OverlayData {
  overlay: string;
}

export function isOverlayDiagnostic(diagnostic: Diagnostic): boolean {
  return typeof (diagnostic.data as Partial<OverlayData> | undefined)?.overlay === 'string';
}

/** "Ignore <rule> on this line" above each overlay finding's line; the build applies the comment in that file. */
export function overlaySuppressionActions(uri: string, text: string, diagnostics: Diagnostic[]): CodeAction[] {
  return suppressionActions(
    uri,
    text,
    diagnostics.filter((d) => d.code !== BUILD_ERROR_RULE),
  );
}
