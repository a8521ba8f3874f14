import { readFile } from 'node:fs/promises';

/** A .csv module is its text, the default export (the demo's HR export, resources/demo/). */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.csv')) return nextLoad(url, context);
  const text = await readFile(new URL(url), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
