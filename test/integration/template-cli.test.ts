import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../support/cli';
import { suiteDir } from '../support/goals';

const dir = suiteDir('ramkoll-template-cli-');
const f = (name: string) => path.join(dir, name);

describe('ramkoll template', () => {
  it('shows none, refuses a controller, names the place of each error, and saves Ekonomi’s template with a logo file', () => {
    expect(runCli(['init', '--db', f('c.db')]).code).toBe(0);
    expect(runCli(['init', '--db', f('e.db')]).code).toBe(0);
    runCliJson(['site', 'set', '--db', f('e.db'), '--role', 'ekonomi', '--name', 'Ekonomi']);
    expect(runCliJson(['template', '--db', f('e.db'), '--json'])).toBeNull();
    expect(runCli(['template', '--db', f('e.db')]).stdout).toMatch(/Ingen rapportmall/);

    fs.writeFileSync(f('syntax.json'), '{\n  "unit": "tkr",\n  "sections": [,]\n}\n');
    const syntax = runCli(['template', 'set', f('syntax.json'), '--db', f('e.db')]);
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toMatch(/ingen giltig JSON \(rad 3, kolumn \d+\)/);

    fs.writeFileSync(f('bad.json'), JSON.stringify({ unit: 'kr', sections: [{ code: 'resultat', heading: 'Utfall' }, { code: 'miljo', heading: '' }] }));
    const bad = runCli(['template', 'set', f('bad.json'), '--db', f('e.db')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/sections\[2\]\.heading: rubriken saknas/);
    expect(bad.stderr).toMatch(/unit:/);

    const good = { unit: 'tkr', logoFile: 'logo.svg', sections: [{ code: 'resultat', heading: 'Utfall' }, { code: 'miljo', heading: 'Miljö', guidance: 'Vad har ni gjort?' }], cover: { titles: { interim: 'Delårsrapport' } } };
    fs.writeFileSync(f('logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    fs.writeFileSync(f('good.json'), JSON.stringify(good));
    const refused = runCli(['template', 'set', f('good.json'), '--db', f('c.db')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Bara Ekonomi/);
    const t = runCliJson<{ version: number; logo: string; origin: string; sections: { code: string; kind: string }[] }>(['template', 'set', f('good.json'), '--db', f('e.db'), '--json']);
    expect(t).toMatchObject({ version: 1, origin: 'own' });
    expect(t.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(t.sections.map((s) => [s.code, s.kind])).toEqual([['resultat', 'figure'], ['miljo', 'text']]);
    expect(runCli(['template', '--db', f('e.db')]).stdout).toMatch(/2\. Miljö \[miljo, text\]\n {3}Vad har ni gjort\?/);
    expect(runCli(['texts', 'kind', '--db', f('e.db'), '--code', 'x', '--name', 'X']).stderr).toMatch(/Rapportmall/);
  }, 120_000);
});
