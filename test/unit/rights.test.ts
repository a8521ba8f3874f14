import { describe, expect, it } from 'vitest';
import { EXCHANGED_TABLES } from '../../electron/services/exchange/registry';
import { isAtOrBelow, mayApprove, mayWrite, RIGHTS, WRITE_KINDS, writeRefusal } from '../../shared/rights';
import { CHEF_ROLES, ROLES } from '../../shared/roles';

/** Förvaltning 1 › sektor 10 › verksamhet 100 › enheter 1001, 1002; sektor 20 › verksamhet 200 › enhet 2001. */
const PARENT: Record<string, string | null> = { '1': null, '10': '1', '100': '10', '1001': '100', '1002': '100', '20': '1', '200': '20', '2001': '200' };
const parentOf = (code: string) => PARENT[code];

describe('the rights table (shared/rights.ts)', () => {
  it('gives the controller every node, each chef level its own node and those below it, and Ekonomi none', () => {
    const at = (role: (typeof ROLES)[number], scopeCode: string | null) => ({ role, scopeCode });
    for (const what of WRITE_KINDS) {
      expect(mayWrite(at('controller', null), what, '2001', parentOf)).toBe(true);
      expect(mayWrite(at('ekonomi', null), what, '2001', parentOf)).toBe(false);
      expect(mayWrite(at('enhetschef', '1001'), what, '1001', parentOf)).toBe(true);
      expect(mayWrite(at('enhetschef', '1001'), what, '1002', parentOf)).toBe(false);
      expect(mayWrite(at('verksamhetschef', '100'), what, '1002', parentOf)).toBe(true);
      expect(mayWrite(at('verksamhetschef', '100'), what, '10', parentOf)).toBe(false);
      expect(mayWrite(at('sektorchef', '10'), what, '1002', parentOf)).toBe(true);
      expect(mayWrite(at('sektorchef', '10'), what, '2001', parentOf)).toBe(false);
      // A chef without a scope writes nothing.
      expect(mayWrite(at('sektorchef', null), what, '10', parentOf)).toBe(false);
    }
    expect(Object.keys(RIGHTS).sort()).toEqual([...ROLES].sort());
  });

  it('closes a node for the chefs when the controller has, never for the controller, and says why in Swedish', () => {
    expect(mayWrite({ role: 'enhetschef', scopeCode: '1001' }, 'prognos', '1001', parentOf, true)).toBe(false);
    expect(mayWrite({ role: 'controller', scopeCode: null }, 'prognos', '1001', parentOf, true)).toBe(true);
    expect(writeRefusal({ role: 'enhetschef', scopeCode: '1001' }, 'budget', '1001', parentOf, true)).toMatch(/^Controllern har stängt budgetrader för ansvar 1001/);
    expect(writeRefusal({ role: 'verksamhetschef', scopeCode: '100' }, 'vf', '2001', parentOf)).toBe(
      'Den här installationen (verksamhetschef, 100) får inte skriva VF-förslag för ansvar 2001: bara för sitt eget ansvar och ansvaren under det.',
    );
    expect(writeRefusal({ role: 'ekonomi', scopeCode: null }, 'comment', '1', parentOf)).toBe('Den här installationen (Ekonomi) får inte skriva kommentarer.');
  });

  it('lets the level above approve: a chef what lies below its own node, the controller everything', () => {
    expect(mayApprove({ role: 'verksamhetschef', scopeCode: '100' }, '1001', parentOf)).toBe(true);
    expect(mayApprove({ role: 'verksamhetschef', scopeCode: '100' }, '100', parentOf)).toBe(false);
    expect(mayApprove({ role: 'enhetschef', scopeCode: '1001' }, '1001', parentOf)).toBe(false);
    expect(mayApprove({ role: 'sektorchef', scopeCode: '10' }, '100', parentOf)).toBe(true);
    expect(mayApprove({ role: 'sektorchef', scopeCode: '10' }, '200', parentOf)).toBe(false);
    expect(mayApprove({ role: 'controller', scopeCode: null }, '10', parentOf)).toBe(true);
    expect(mayApprove({ role: 'ekonomi', scopeCode: null }, '10', parentOf)).toBe(false);
    expect(isAtOrBelow('2001', '1', parentOf)).toBe(true);
    expect(isAtOrBelow('okänd', '1', parentOf)).toBe(false);
  });

  it('is what the exchange registry derives its chef rules from: every table a sektorchef may write, every chef level may', () => {
    for (const t of EXCHANGED_TABLES) {
      const chefRoles = new Set(t.writers.map((w) => w.role).filter((r) => (CHEF_ROLES as readonly string[]).includes(r)));
      if (chefRoles.size > 0) expect([...chefRoles].sort(), t.table).toEqual([...CHEF_ROLES].sort());
      const sees = CHEF_ROLES.map((r) => JSON.stringify(t.visibleTo[r] ?? null, (_k, v: unknown) => (typeof v === 'function' ? 'fn' : v)));
      expect(new Set(sees).size, t.table).toBe(1);
    }
    expect(EXCHANGED_TABLES.find((t) => t.table === 'round_write_setting')!.writers.map((w) => w.role)).toEqual(['controller']);
  });
});
