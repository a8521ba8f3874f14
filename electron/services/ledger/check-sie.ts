import { canonicalDims } from '../coding';
import { RESPONSIBILITY } from '../dimensions';
import { oreToDecimalString } from '../money';
import { Accumulator } from './accumulator';
import { MAX_PROBLEMS, PREVIEW_ROWS, type LedgerReading, type ReadContext } from './check-reading';
import { isInvestmentRow } from './investment-outcome';
import { detectSieEncoding, readSie, resolveSieBalances, type SieFile, type SieObject, type SieTransaction } from './sie';
import { MAX_SKIPPED_LISTED, type LedgerProblem, type PreviewRow, type SkippedRow } from './types';

/**
 * Which SIE rows are outcome: the objects to a kodsträng, balance accounts
 * (class 1–2) and other periods left out, a period the rules refuse a
 * problem. Counts what it leaves out.
 */
class SieRows {
  /** SIE dimensions Ramkoll lacks: the amounts are read without them. */
  readonly ignoredDims = new Set<number>();
  readonly problems: LedgerProblem[] = [];
  readonly balanceSkipped: SkippedRow[] = [];
  // A SIE 4E file has a balance-account row in most vouchers: counted, and only the first listed.
  balanceRows = 0;
  otherPeriodRows = 0;

  constructor(private readonly ctx: ReadContext) {}

  toCoding(objects: SieObject[]): { responsibility: string; dims: string } {
    let responsibility = '';
    const dims: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const o of objects) {
      const code = this.ctx.master.sieDims.get(o.dim);
      if (code === undefined) this.ignoredDims.add(o.dim);
      else if (code === RESPONSIBILITY) responsibility = o.code;
      else dims[code] = o.code;
    }
    return { responsibility, dims: canonicalDims(dims) };
  }

  take(line: number, period: number, account: string): boolean {
    if (account[0] === '1' || account[0] === '2') {
      if (++this.balanceRows <= MAX_SKIPPED_LISTED) this.balanceSkipped.push({ line, reason: `balanskonto ${account} (klass 1–2) hör inte till utfallet` });
      return false;
    }
    return this.periodTaken(line, period);
  }

  periodTaken(line: number, period: number): boolean {
    if (this.ctx.period !== null && period !== this.ctx.period) {
      this.otherPeriodRows++;
      return false;
    }
    const why = this.ctx.checkPeriod(period);
    if (why) {
      this.problems.push({ line, column: 'period', message: why, value: String(period) });
      return false;
    }
    return true;
  }

  /** A voucher row: investment outcome on a project, else a transaction of the drift outcome (in `trans`). */
  takeTransaction(t: SieTransaction, trans: Accumulator): void {
    const acc = this.ctx.acc;
    // A voucher row on an investment account with a project object is investment outcome (a movement, unlike a class-1 #PSALDO).
    if (t.account[0] === '1') {
      const ic = this.toCoding(t.objects);
      if (isInvestmentRow(t.account, ic.dims)) {
        if (this.periodTaken(t.line, t.period)) acc.addInvestment(t.account, ic.dims, t.period, t.ore);
        return;
      }
    }
    if (!this.take(t.line, t.period, t.account)) return;
    const c = this.toCoding(t.objects);
    trans.add({
      line: t.line,
      account: t.account,
      responsibility: c.responsibility,
      dims: c.dims,
      period: t.period,
      ore: t.ore,
      detail: { date: t.date, voucher: t.voucher, text: t.text, counterpartyName: null },
    });
  }
}

/**
 * Reads a SIE file's outcome: the #PSALDO period balances when it has them
 * (its vouchers then kept as transactions for the details), else the sum of
 * the vouchers' #TRANS rows per period. Balance accounts (class 1–2) are left
 * out, but for investment outcome on a project.
 */
export async function readSieLedger(ctx: ReadContext): Promise<LedgerReading> {
  const { scan, master, acc, notes } = ctx;
  const enc = detectSieEncoding(scan);
  ctx.info.encoding = enc.encoding;
  if (enc.note) notes.push(enc.note);
  const rows = new SieRows(ctx);
  const transAcc = new Accumulator();
  const sie = await readSie(ctx.file, scan.fileName, {
    encoding: enc,
    maxProblems: MAX_PROBLEMS,
    onProgress: (d, t) => ctx.progress('Läser SIE-filen', d, t),
    onTransaction: (t) => rows.takeTransaction(t, transAcc),
  });
  const accountNames = new Map<string, string>(sie.accounts);
  const responsibilityNames = new Map<string, string>();
  for (const [key, name] of sie.objects) {
    const [dim, code] = key.split('\t') as [string, string];
    if (master.sieDims.get(Number(dim)) === RESPONSIBILITY) responsibilityNames.set(code, name);
  }
  notes.push(...sie.notes);
  let balances: { skipped: SkippedRow[]; preview: PreviewRow[]; investmentBalances: number } = { skipped: [], preview: [], investmentBalances: 0 };
  if (sie.psaldo.length > 0) {
    balances = takeBalances(ctx, sie, rows, transAcc);
  } else if (sie.transactions > 0) {
    // No period balances: the outcome is the sum of the vouchers' rows per period.
    acc.moveFrom(transAcc);
    notes.push(`Utfallet är summan per period av ${sie.transactions} #TRANS-rader i ${sie.vouchers} verifikationer.`);
  }
  const problems = dedupeProblems([...sie.problems, ...rows.problems]).slice(0, MAX_PROBLEMS);
  let problemCount = sie.problemCount + rows.problems.length;
  const skippedCount = balances.skipped.length + rows.balanceRows;
  const skipped = [...balances.skipped, ...rows.balanceSkipped].sort((a, b) => a.line - b.line).slice(0, MAX_SKIPPED_LISTED);
  notes.push(...closingNotes(sie, rows, balances.investmentBalances, acc));
  if (sie.psaldo.length === 0 && sie.transactions === 0 && sie.problemCount === 0) {
    problems.push({ line: 0, column: '', message: 'filen har varken #PSALDO-rader eller verifikationer (#VER/#TRANS) med utfall' });
    problemCount++;
  }
  return {
    problems,
    problemCount,
    skipped,
    skippedCount,
    preview: balances.preview,
    headerLine: null,
    headers: ['Period', 'Konto', 'Ansvar', 'Övriga objekt', 'Belopp'],
    columns: {},
    columnNotes: [],
    usedProfile: ctx.profile,
    otherPeriodRows: rows.otherPeriodRows,
    accountNames,
    responsibilityNames,
  };
}

/** The #PSALDO balances are the outcome; the vouchers read meanwhile stay as the balances' transactions. */
function takeBalances(ctx: ReadContext, sie: SieFile, rows: SieRows, transAcc: Accumulator): { skipped: SkippedRow[]; preview: PreviewRow[]; investmentBalances: number } {
  const { acc, notes } = ctx;
  const respDim = [...ctx.master.sieDims].find(([, code]) => code === RESPONSIBILITY)?.[0] ?? 1;
  const preview: PreviewRow[] = [];
  // #PSALDO rows of investment accounts with a project: not read (see closingNotes).
  let investmentBalances = 0;
  const resolved = resolveSieBalances(sie.psaldo, respDim);
  notes.push(...resolved.notes);
  for (const r of resolved.rows) {
    if (r.account[0] === '1' && isInvestmentRow(r.account, rows.toCoding(r.objects).dims)) investmentBalances++;
    if (!rows.take(r.line, r.period, r.account)) continue;
    const c = rows.toCoding(r.objects);
    acc.add({ line: r.line, account: r.account, responsibility: c.responsibility, dims: c.dims, period: r.period, ore: r.ore });
    if (preview.length < PREVIEW_ROWS) {
      preview.push({ line: r.line, role: 'data', cells: [String(r.period), r.account, c.responsibility, c.dims, oreToDecimalString(r.ore)], problems: [] });
    }
  }
  for (const d of transAcc.details) {
    const c = transAcc.codings[d.coding]!;
    acc.details.push({ ...d, coding: acc.codingOf(c.account, c.responsibility, c.dims) });
  }
  transAcc.details.close();
  notes.push(`Utfallet tas från ${sie.psaldo.length} #PSALDO-rader` + (sie.transactions > 0 ? `; ${sie.transactions} #TRANS-rader sparas som transaktioner för att kunna visa detaljer.` : '.'));
  return { skipped: resolved.skipped, preview, investmentBalances };
}

/** What the user should know about what the file holds but the outcome leaves out. */
function closingNotes(sie: SieFile, rows: SieRows, investmentBalances: number, acc: Accumulator): string[] {
  const notes: string[] = [];
  if (investmentBalances > 0 && acc.investment.rows === 0) {
    notes.push(
      `${investmentBalances} #PSALDO-rader på investeringskonton (klass 1) med projekt lästes inte in som investeringsutfall: ett periodsaldo på ett balanskonto är inte periodens rörelse. Exportera SIE 4 med verifikationer (#TRANS) för att få investeringsutfallet.`,
    );
  }
  if (sie.pbudget.length > 0) notes.push(`Filen har ${sie.pbudget.length} #PBUDGET-rader (budget); de läses in som budget under Budget, inte som utfall.`);
  for (const dim of rows.ignoredDims) {
    notes.push(`Dimension ${dim}${sie.dimensions.get(dim) ? ` (${sie.dimensions.get(dim)})` : ''} finns inte i Ramkoll; beloppen läses in utan den dimensionen.`);
  }
  return notes;
}

function dedupeProblems(list: LedgerProblem[]): LedgerProblem[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.line}\t${p.column}\t${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
