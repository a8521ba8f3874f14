import { canonicalDims } from '../coding';
import { RESPONSIBILITY } from '../dimensions';
import { oreToDecimalString } from '../money';
import { Accumulator } from './accumulator';
import { MAX_PROBLEMS, PREVIEW_ROWS, type LedgerReading, type ReadContext } from './check-reading';
import { isInvestmentRow } from './investment-outcome';
import { detectSieEncoding, readSie, resolveSieBalances, type SieObject } from './sie';
import { MAX_SKIPPED_LISTED, type LedgerProblem, type PreviewRow, type SkippedRow } from './types';

/**
 * Reads a SIE file's outcome: the #PSALDO period balances when it has them
 * (its vouchers then kept as transactions for the details), else the sum of
 * the vouchers' #TRANS rows per period. Balance accounts (class 1–2) are left
 * out, but for investment outcome on a project.
 */
export async function readSieLedger(ctx: ReadContext): Promise<LedgerReading> {
  const { scan, master, acc, notes } = ctx;
  const fileName = scan.fileName;
  const enc = detectSieEncoding(scan);
  ctx.info.encoding = enc.encoding;
  if (enc.note) notes.push(enc.note);
  const respDim = [...master.sieDims].find(([, code]) => code === RESPONSIBILITY)?.[0] ?? 1;
  const ignoredDims = new Set<number>();
  const toCoding = (objects: SieObject[]) => {
    let responsibility = '';
    const dims: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const o of objects) {
      const code = master.sieDims.get(o.dim);
      if (code === undefined) ignoredDims.add(o.dim);
      else if (code === RESPONSIBILITY) responsibility = o.code;
      else dims[code] = o.code;
    }
    return { responsibility, dims: canonicalDims(dims) };
  };
  const transAcc = new Accumulator();
  const sieProblems: LedgerProblem[] = [];
  const balanceSkipped: SkippedRow[] = [];
  const preview: PreviewRow[] = [];
  let skipped: SkippedRow[] = [];
  let otherPeriodRows = 0;
  // A SIE 4E file has a balance-account row in most vouchers: counted, and only the first listed.
  let balanceRows = 0;
  // #PSALDO rows of investment accounts with a project: not read (see the note below).
  let sieInvestmentBalances = 0;
  const take = (line: number, period: number, account: string): boolean => {
    if (account[0] === '1' || account[0] === '2') {
      if (++balanceRows <= MAX_SKIPPED_LISTED) balanceSkipped.push({ line, reason: `balanskonto ${account} (klass 1–2) hör inte till utfallet` });
      return false;
    }
    return periodTaken(line, period);
  };
  const periodTaken = (line: number, period: number): boolean => {
    if (ctx.period !== null && period !== ctx.period) {
      otherPeriodRows++;
      return false;
    }
    const why = ctx.checkPeriod(period);
    if (why) {
      sieProblems.push({ line, column: 'period', message: why, value: String(period) });
      return false;
    }
    return true;
  };
  const sie = await readSie(ctx.file, fileName, {
    encoding: enc,
    maxProblems: MAX_PROBLEMS,
    onProgress: (d, t) => ctx.progress('Läser SIE-filen', d, t),
    onTransaction: (t) => {
      // A voucher row on an investment account with a project object is investment outcome (a movement, unlike a class-1 #PSALDO).
      if (t.account[0] === '1') {
        const ic = toCoding(t.objects);
        if (isInvestmentRow(t.account, ic.dims)) {
          if (periodTaken(t.line, t.period)) acc.addInvestment(t.account, ic.dims, t.period, t.ore);
          return;
        }
      }
      if (!take(t.line, t.period, t.account)) return;
      const c = toCoding(t.objects);
      transAcc.add({
        line: t.line,
        account: t.account,
        responsibility: c.responsibility,
        dims: c.dims,
        period: t.period,
        ore: t.ore,
        detail: { date: t.date, voucher: t.voucher, text: t.text, counterpartyName: null },
      });
    },
  });
  const accountNames = new Map<string, string>(sie.accounts);
  const responsibilityNames = new Map<string, string>();
  for (const [key, name] of sie.objects) {
    const [dim, code] = key.split('\t') as [string, string];
    if (master.sieDims.get(Number(dim)) === RESPONSIBILITY) responsibilityNames.set(code, name);
  }
  notes.push(...sie.notes);
  if (sie.psaldo.length > 0) {
    const resolved = resolveSieBalances(sie.psaldo, respDim);
    skipped = resolved.skipped;
    notes.push(...resolved.notes);
    for (const r of resolved.rows) {
      if (r.account[0] === '1' && isInvestmentRow(r.account, toCoding(r.objects).dims)) sieInvestmentBalances++;
      if (!take(r.line, r.period, r.account)) continue;
      const c = toCoding(r.objects);
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
    notes.push(
      `Utfallet tas från ${sie.psaldo.length} #PSALDO-rader` + (sie.transactions > 0 ? `; ${sie.transactions} #TRANS-rader sparas som transaktioner för att kunna visa detaljer.` : '.'),
    );
  } else if (sie.transactions > 0) {
    // No period balances: the outcome is the sum of the vouchers' rows per period.
    acc.moveFrom(transAcc);
    notes.push(`Utfallet är summan per period av ${sie.transactions} #TRANS-rader i ${sie.vouchers} verifikationer.`);
  }
  const problems = dedupeProblems([...sie.problems, ...sieProblems]).slice(0, MAX_PROBLEMS);
  let problemCount = sie.problemCount + sieProblems.length;
  const skippedCount = skipped.length + balanceRows;
  skipped = [...skipped, ...balanceSkipped].sort((a, b) => a.line - b.line).slice(0, MAX_SKIPPED_LISTED);
  if (sieInvestmentBalances > 0 && acc.investment.rows === 0) {
    notes.push(
      `${sieInvestmentBalances} #PSALDO-rader på investeringskonton (klass 1) med projekt lästes inte in som investeringsutfall: ett periodsaldo på ett balanskonto är inte periodens rörelse. Exportera SIE 4 med verifikationer (#TRANS) för att få investeringsutfallet.`,
    );
  }
  if (sie.pbudget.length > 0) notes.push(`Filen har ${sie.pbudget.length} #PBUDGET-rader (budget); de läses in som budget under Budget, inte som utfall.`);
  for (const dim of ignoredDims) {
    notes.push(`Dimension ${dim}${sie.dimensions.get(dim) ? ` (${sie.dimensions.get(dim)})` : ''} finns inte i Ramkoll; beloppen läses in utan den dimensionen.`);
  }
  if (sie.psaldo.length === 0 && sie.transactions === 0 && sie.problemCount === 0) {
    problems.push({ line: 0, column: '', message: 'filen har varken #PSALDO-rader eller verifikationer (#VER/#TRANS) med utfall' });
    problemCount++;
  }
  return {
    problems,
    problemCount,
    skipped,
    skippedCount,
    preview,
    headerLine: null,
    headers: ['Period', 'Konto', 'Ansvar', 'Övriga objekt', 'Belopp'],
    columns: {},
    columnNotes: [],
    usedProfile: ctx.profile,
    otherPeriodRows,
    accountNames,
    responsibilityNames,
  };
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
