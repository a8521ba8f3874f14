/**
 * The import rules of the house (DESIGN.md §2), checked by `npm test`:
 * - only the Electron shell imports electron;
 * - React and AG Grid only in the renderer;
 * - the renderer talks to the main side only through the API contract's types (electron/api/contract/index.ts);
 * - the preload's allow-list is names only: the preload never reaches zod or the feature modules;
 * - each feature's channels live in electron/api/features/, above the services: services never import the API;
 * - domain code (services, api, db, migrations) never imports the renderer or the shell;
 * - shared/ is pure TypeScript that both sides import: nothing from Node, the DOM libraries, Electron or the rest of the code.
 */
const SHELL = '^electron/(main|preload)\\.ts$|^electron/shell/';

module.exports = {
  forbidden: [
    {
      name: 'electron-only-in-shell',
      comment: 'Only electron/main.ts, electron/preload.ts and electron/shell/ may import electron; everything else must run under plain Node.',
      severity: 'error',
      from: { pathNot: SHELL },
      // Also Electron's subpath entry points (electron/renderer, electron/common, …).
      to: { path: '^electron(/(main|renderer|common|utility))?$|^node_modules/electron/' },
    },
    {
      name: 'ui-libraries-only-in-renderer',
      comment: 'React and AG Grid belong to the renderer; domain code, the API, the CLI, the shell, db and migrations run without them.',
      severity: 'error',
      from: { path: '^(electron|db|migrations|resources|scripts|shared)/' },
      to: { path: '^(react|react-dom|ag-grid-react|ag-grid-community)(/|$)|(^|/)node_modules/(react|react-dom|ag-grid-react|ag-grid-community)/' },
    },
    {
      name: 'renderer-only-contract-types',
      comment: 'The renderer may import from the main side only the API contract, and only its types (import type).',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { path: '^(electron|db|migrations)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-types-only-from-contract',
      comment: 'Even type imports from the renderer go through electron/api/contract/index.ts, the one place the feature modules\' types are gathered.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { path: '^(electron|db|migrations)/', pathNot: '^electron/api/contract/index\\.ts$' },
    },
    {
      name: 'contract-types-only-from-features',
      comment: 'electron/api/contract/index.ts gathers the feature modules\' types; importing it must never run a feature module (the renderer\'s types come from it).',
      severity: 'error',
      from: { path: '^electron/api/contract/index\\.ts$' },
      to: { path: '^electron/api/features/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'preload-names-only',
      comment: 'The preload is bundled on its own and must stay tiny: at run time it imports only electron and the names-only allow-list (electron/api/channels.ts), never zod or the feature modules.',
      severity: 'error',
      from: { path: '^electron/preload\\.ts$' },
      to: { pathNot: '^electron/api/channels\\.ts$|^electron$|(^|/)node_modules/electron/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'allow-list-names-only',
      comment: 'The allow-list (channels.ts and the channel-names.ts that `npm run channels` writes) is names only: it imports nothing else.',
      severity: 'error',
      from: { path: '^electron/api/channel(s|-names)\\.ts$' },
      to: { pathNot: '^electron/api/channel(s|-names)\\.ts$' },
    },
    {
      name: 'services-below-api',
      comment: 'Services are the domain under plain Node; the channels (electron/api/features/) call them, never the other way round.',
      severity: 'error',
      from: { path: '^electron/services/' },
      to: { path: '^electron/api/' },
    },
    {
      name: 'domain-not-into-shell-or-renderer',
      comment: 'Services, the API layer, the CLI, db and migrations never depend on the shell or the renderer.',
      severity: 'error',
      from: { path: '^(electron/(services|api|cli)|db|migrations)/' },
      to: { path: SHELL + '|^renderer/' },
    },
    {
      name: 'db-below-services',
      comment: 'The database layer does not know about the domain above it.',
      severity: 'error',
      from: { path: '^(db|migrations)/' },
      to: { path: '^electron/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'shared/ (dates, the clock) is imported by the renderer and the main side alike: it may import only itself.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: '^shared/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|release|test/artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
