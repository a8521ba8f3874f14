import { parseAmount } from '../../amount';

/**
 * The Import page's typed fields, read before anything is sent: a period or
 * a control sum the page cannot read is a clear message, never silently
 * left out (a period left out would import every period of the file).
 */

/** "202603" or "2026-03" → 202603; '' → null; anything else → a message. */
export function readPeriodField(text: string): { period: number | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { period: null };
  const m = /^(\d{4})-?(\d{2})$/.exec(t);
  const year = m ? Number(m[1]) : 0;
  const month = m ? Number(m[2]) : 0;
  if (!m || year < 2000 || year > 2100 || month < 1 || month > 12) {
    return { error: `Perioden "${t}" går inte att läsa. Skriv den som ÅÅÅÅMM, t.ex. 202603, eller lämna fältet tomt för filens alla perioder.` };
  }
  return { period: year * 100 + month };
}

/** A control sum in kronor ("1 234,50", "−500", "(250,00)") → öre; '' → null; anything else → a message. */
export function readControlSumField(text: string): { ore: number | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { ore: null };
  const ore = parseAmount(t);
  if (Number.isNaN(ore)) return { error: `Kontrollsumman "${t}" är inget belopp. Skriv kronor med högst två decimaler, t.ex. 1 234,50, eller lämna fältet tomt.` };
  return { ore };
}
