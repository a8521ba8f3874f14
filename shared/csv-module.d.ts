/** A .csv resource imported as its text (esbuild's text loader, and the same in vitest.config.ts). */
declare module '*.csv' {
  const text: string;
  export default text;
}
