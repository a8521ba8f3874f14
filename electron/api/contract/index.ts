import type { z } from 'zod';
import { coreContract } from './core';
import { budgetContract } from './budget';
import { planningContract } from './planning';
import { ledgerContract } from './ledger';
import { followupContract } from './followup';
import { reportsContract } from './reports';
import { exchangeContract } from './exchange';
import { goalsContract } from './goals';
import { investmentsContract } from './investments';
import { systemContract } from './system';
import { planningCalendarContract } from './planning-calendar';
import { budgetDocumentContract } from './budget-document';
import { chefRoundsContract } from './chef-rounds';
import { budgetRoundContract } from './budget-round';
import { workbookContract } from './workbook';
import { personnelContract } from './personnel';
import { textsContract } from './texts';
import { internalControlContract } from './internal-control';
import { actionPlansContract } from './action-plans';
import { templatesContract } from './templates';
import { goalRoundContract } from './goal-round';
import type { ChannelDef } from './define';
import type { ChannelName } from '../channels';
import type { AppEvent } from './system';

/**
 * The API contract: every channel the renderer, the CLI and the test bridge
 * may call. Each feature keeps its channels in its own module; this one joins
 * them. The renderer imports types only from here.
 */
export const contract = {
  ...coreContract,
  ...budgetContract,
  ...planningContract,
  ...ledgerContract,
  ...followupContract,
  ...reportsContract,
  ...exchangeContract,
  ...goalsContract,
  ...investmentsContract,
  ...systemContract,
  ...planningCalendarContract,
  ...budgetDocumentContract,
  ...chefRoundsContract,
  ...budgetRoundContract,
  ...workbookContract,
  ...textsContract,
  ...personnelContract,
  ...internalControlContract,
  ...actionPlansContract,
  ...templatesContract,
  ...goalRoundContract,
} satisfies Record<ChannelName, ChannelDef>;

type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller passes (defaults may be left out). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives: validated, defaults filled in. */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Contract[C] extends ChannelDef<z.ZodType, infer O> ? O : never;

/** Progress of long work, shown as a progress bar. total null: not known yet. */
export interface ProgressEvent {
  channel: string;
  task: string;
  done: number;
  total: number | null;
}

export interface ApiErrorShape {
  code: string;
  message: string;
  /** Located problems; `text` is the problem spelled out ("rad 12, kolumn Konto: …"). */
  details: { file?: string; line?: number; column?: string; value?: string; message: string; text: string }[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** What the preload exposes as window.ramkoll (and the test bridge imitates). */
export interface RamkollBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Menu commands (undo, redo, find, print) and packages opened from outside; returns the unsubscribe. */
  onAppEvent(listener: (event: AppEvent) => void): () => void;
  /** A file dropped on the page (drag and drop), granted like a dialog's choice; rejects with a Swedish message. */
  grantDroppedFile(file: File): Promise<ChosenFileRef>;
}

import type { ChosenFileRef } from './core';
export type { AppInfo, ChosenFileRef } from './core';
export type { AppEvent } from './system';
export type { Overview, SectorFigures, PeriodTotals } from '../../services/figures/overview';
export type { Summary } from '../../services/figures/summary';
export type { MasterDataImportResult } from '../../services/masterdata/import';
