import type { z } from 'zod';
import type { CHANNELS } from '../channel-names';
import type { Channel, contract } from '../features/index';
import type { AppEvent } from '../features/system';
import type { ChosenFileRef } from '../features/core';
import type { Envelope, ProgressEvent } from './envelope';

/**
 * The API contract as the renderer, the CLI and the tests see it: types only,
 * derived from the feature modules (electron/api/features/), where each
 * channel is written once. The renderer imports its types from here and
 * nowhere else on the main side.
 */
export type { Channel } from '../features/index';
type Contract = typeof contract;
/** What a caller passes (defaults may be left out). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives: validated, defaults filled in. */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Awaited<ReturnType<Contract[C]['handler']>>;

// The preload's allow-list is a names-only file (the preload cannot bundle
// zod) written by `npm run channels`; it must name exactly the map's channels.
// A channel added, renamed or removed without running it is a type error here
// (and test/integration/api.test.ts says which names differ).
type Assert<T extends true> = T;
type NotInAllowList = Exclude<Channel, (typeof CHANNELS)[number]>;
type NotInFeatures = Exclude<(typeof CHANNELS)[number], Channel>;
/** An error here names the channels that differ: run `npm run channels`. */
export type AllowListMatchesFeatures = Assert<[NotInAllowList, NotInFeatures] extends [never, never] ? true : { runNpmRunChannels: { notInAllowList: NotInAllowList; notInFeatures: NotInFeatures } }>;

export type { Envelope, ProgressEvent, ApiErrorShape } from './envelope';

/** What the preload exposes as window.ramkoll (and the test bridge imitates). */
export interface RamkollBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Menu commands (undo, redo, find, print) and packages opened from outside; returns the unsubscribe. */
  onAppEvent(listener: (event: AppEvent) => void): () => void;
  /** A file dropped on the page (drag and drop), granted like a dialog's choice; rejects with a Swedish message. */
  grantDroppedFile(file: File): Promise<ChosenFileRef>;
}

// The types of each feature's inputs and outputs, under one path for the
// renderer. They are declared by the services that build them (or in the
// feature module when only the channel has them) and re-exported by the
// feature module; two features with a type of the same name are told apart
// here.
export type * from '../features/core';
export type * from '../features/budget';
export type * from '../features/planning';
export type * from '../features/ledger';
export type * from '../features/followup';
export type * from '../features/reports';
export type * from '../features/exchange';
export type * from '../features/goals';
export type * from '../features/investments';
export type * from '../features/system';
export type * from '../features/planning-calendar';
export type * from '../features/budget-document';
export type * from '../features/chef-rounds';
export type * from '../features/budget-round';
export type * from '../features/workbook';
export type * from '../features/texts';
export type * from '../features/personnel';
export type * from '../features/internal-control';
export type * from '../features/action-plans';
export type * from '../features/templates';
export type * from '../features/goal-round';
// Names two features give to different types: the budget's is the one the
// renderer uses by the plain name (periodisation profiles, the budget's
// account groups).
export type { ProfileInfo, GroupKey } from '../features/budget';
export type { ProfileInfo as LedgerProfileInfo } from '../features/ledger';
export type { GroupKey as FollowUpGroupKey } from '../features/followup';
