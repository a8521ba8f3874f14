import { RamkollError } from '../../../db/errors';
import { parseOre } from '../money';
import type { Actor } from './model';

/** The acting site and user, from what every front knows about itself. */
export function actorOf(ctx: { site: { id: string; role: Actor['role']; scopeCode: string | null }; user: string; now(): Date }): Actor {
  return { siteId: ctx.site.id, user: ctx.user, role: ctx.site.role, scopeCode: ctx.site.scopeCode, now: ctx.now() };
}

/** An amount typed in kronor ("1 250 000", "-12,50") to öre; '' is null when allowed. */
export function typedOre(text: string, label: string, opts: { allowEmpty: boolean; nonNegative?: boolean }): number | null {
  const t = text.trim();
  if (t === '') {
    if (opts.allowEmpty) return null;
    throw new RamkollError('INVALID_INPUT', `${label}: ange ett belopp i kronor, t.ex. 250 000.`, [{ column: label, value: text, message: 'beloppet saknas' }]);
  }
  const ore = parseOre(t);
  if (Number.isNaN(ore) || (opts.nonNegative && ore < 0)) {
    throw new RamkollError('INVALID_INPUT', `${label}: "${text}" är inget ${opts.nonNegative ? 'positivt ' : ''}belopp. Skriv kronor, t.ex. 250 000 eller 1 200,50.`, [
      { column: label, value: text, message: 'ange ett belopp i kronor' },
    ]);
  }
  return ore;
}

/** A percentage typed as "5" or "2,5" to hundredths of a percent (basis points); '' is null. */
export function typedPercentBp(text: string, label: string): number | null {
  const t = text.trim().replace(/\s*%$/, '');
  if (t === '') return null;
  const bp = parseOre(t);
  if (Number.isNaN(bp) || bp < 0 || bp > 1_000_000) {
    throw new RamkollError('INVALID_INPUT', `${label}: "${text}" är ingen procentsats. Skriv t.ex. 5 eller 2,5.`, [{ column: label, value: text, message: 'ange procent, t.ex. 5 eller 2,5' }]);
  }
  return bp;
}
