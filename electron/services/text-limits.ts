/**
 * How long a text may be, by its use. The API's zod schemas (what the app
 * and the CLI accept), the exchange import (what a package may carry, field
 * by field) and the file readers (master data) take their limits from here.
 * A package may carry at least what the API accepts, so a text written on
 * one site is never refused on another; nothing carries more, so a package
 * or a file cannot grow the database beyond what its figures need.
 */
export const TEXT_LIMITS = {
  /** Codes: ansvar, konto, dimension values, kinds and statuses. */
  code: 40,
  /** Row ids (UUIDs) and references to them. */
  id: 64,
  /** Dates and times as ISO text. */
  date: 40,
  /** Names: of organisational nodes, accounts, versions, occasions, profiles, positions, people, sites, settings. */
  name: 200,
  /** A goal's title and a styrtal's name (the database holds at most 300). */
  title: 300,
  /** Decision references, authors, the source of a styrtal. */
  reference: 200,
  /** A note on a budget line, a ram, an omfördelning, a forecast or a value. */
  note: 1000,
  /** A deviation comment's orsak and åtgärd, a return note, a VF's description: a few paragraphs. */
  comment: 4000,
  /** A goal's description and a goal assessment: a page at most. */
  text: 10_000,
  /** JSON documents that travel as one field: profiles, layouts, setting values. */
  document: 100_000,
} as const;

/** A Swedish message for a text that is too long, or null. */
export function tooLong(value: string, max: number): string | null {
  return value.length > max ? `texten är ${value.length} tecken; högst ${max} tas emot` : null;
}
