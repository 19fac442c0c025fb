/** The snippets file is JSON; esbuild inlines it into the server bundle. */
declare module '*.code-snippets' {
  const snippets: Record<string, { prefix: string; body: string[]; description?: string }>;
  export default snippets;
}
