import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileGrants } from '../../electron/shell/file-grants';
import { tempDir } from '../support/tmp';

describe('FileGrants.grantDropped (drag and drop into the Import page)', () => {
  it('grants read access to a dropped import file, as an opaque token', () => {
    const dir = tempDir();
    const file = path.join(dir, 'utfall mars.csv');
    fs.writeFileSync(file, 'Ansvar;Konto;Period;Belopp\n');
    const grants = new FileGrants();
    const chosen = grants.grantDropped(file);
    expect(chosen.name).toBe('utfall mars.csv');
    expect(chosen.ref).toMatch(/^fil:[0-9a-f-]{36}$/);
    expect(grants.readable(chosen.ref)).toBe(file);
    expect(() => grants.writable(chosen.ref)).toThrow(/inte valts i en fildialog/);
  });

  it('refuses what is not a dropped import file', () => {
    const dir = tempDir();
    const grants = new FileGrants();
    // A File the page makes up has no path: webUtils gives ''.
    expect(() => grants.grantDropped('')).toThrow(/ingen sökväg/);
    expect(() => grants.grantDropped(42)).toThrow(/ingen sökväg/);
    expect(() => grants.grantDropped('utfall.csv')).toThrow(/ingen sökväg/);
    fs.writeFileSync(path.join(dir, 'skript.exe'), 'MZ');
    expect(() => grants.grantDropped(path.join(dir, 'skript.exe'))).toThrow(/den sortens fil kan inte läsas in/);
    expect(() => grants.grantDropped(path.join(dir, 'finns-inte.csv'))).toThrow(/finns inte längre/);
    fs.mkdirSync(path.join(dir, 'mapp.csv'));
    expect(() => grants.grantDropped(path.join(dir, 'mapp.csv'))).toThrow(/ingen vanlig fil/);
  });
});
