// esbuild bundles the e2e fixtures into the suite as text (loader "text"), so the suite can write its own workspace.
declare module '*.yaml' {
  const text: string;
  export default text;
}
