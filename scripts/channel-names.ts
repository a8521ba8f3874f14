/**
 * Writes electron/api/channel-names.ts, the preload's allow-list, from the
 * feature modules (`npm run channels`). The preload cannot bundle zod, so it
 * gets the names in a file of their own; test/integration/api.test.ts and the
 * type check in electron/api/contract/index.ts fail when the file and the
 * features disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHANNEL_NAMES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'api', 'channel-names.ts');

/** The file's text for the features' channels, feature by feature in the order features/index.ts lists them. */
export function renderChannelNames(features: Record<string, Record<string, unknown>>): string {
  const groups = Object.entries(features).map(([feature, channels]) => [`  // ${feature}`, ...Object.keys(channels).map((name) => `  '${name}',`)].join('\n'));
  return [
    '// Written by `npm run channels` from electron/api/features/ (scripts/channel-names.ts): do not edit.',
    '/** Names of every channel, without their schemas: the preload\'s allow-list. */',
    'export const CHANNELS = [',
    groups.join('\n'),
    '] as const;',
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { features } = await import('../electron/api/features/index');
  fs.writeFileSync(CHANNEL_NAMES_FILE, renderChannelNames(features));
  console.log(`Skrev ${path.relative(process.cwd(), CHANNEL_NAMES_FILE)}.`);
}
