/** The snippets of snippets/ as completion items, so editors other than VS Code get them too. */
import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, TextEdit, type Position } from 'vscode-languageserver-types';

export interface Snippet {
  prefix: string;
  body: string[];
  description?: string;
}

/** `${1:default}` → `default`, `$1` → ``: what a client without snippet support should insert. */
export function plainSnippetText(body: string): string {
  let text = body;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text.replace(/\$\{\d+\}|\$\d+/g, '').replace(/\\\$/g, '$');
}

/** Items for the word before the cursor; lines after the first are indented like the current line. */
export function snippetCompletions(snippets: Record<string, Snippet>, linePrefix: string, position: Position, snippetSupport: boolean): CompletionItem[] {
  const word = /[A-Za-z-]*$/.exec(linePrefix)?.[0] ?? '';
  const before = linePrefix.slice(0, linePrefix.length - word.length);
  if (before.trim() !== '' && before.trim() !== '-') return [];
  const indent = ' '.repeat(linePrefix.length - linePrefix.trimStart().length);
  const range = { start: { line: position.line, character: position.character - word.length }, end: position };
  return Object.entries(snippets)
    .filter(([, snippet]) => snippet.prefix.startsWith(word))
    .map(([name, snippet]) => {
      const body = snippet.body.join(`\n${indent}`);
      const item = CompletionItem.create(snippet.prefix);
      item.kind = CompletionItemKind.Snippet;
      item.detail = name;
      item.documentation = snippet.description;
      item.insertTextFormat = snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
      item.insertTextMode = InsertTextMode.asIs;
      item.textEdit = TextEdit.replace(range, snippetSupport ? body : plainSnippetText(body));
      return item;
    });
}
