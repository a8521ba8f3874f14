// Lets the scripts that run the sources under tsx (npm run browser, screenshot, bench) import a .csv resource as
// text, as the esbuild build (scripts/build.mjs, loader '.csv': 'text') and vitest (vitest.config.ts) do.
import { register } from 'node:module';

register('./text-loader-hooks.mjs', import.meta.url);
