import { describe, expect, it } from 'vitest';
import { dialogFileName } from '../../electron/services/files/dialog-name';

describe('the name a save dialog proposes', () => {
  it('keeps a plain file name as it is', () => {
    expect(dialogFileName('avvikelser-202610.xlsx')).toBe('avvikelser-202610.xlsx');
    expect(dialogFileName('Budget 2026 för Äldreomsorg.csv')).toBe('Budget 2026 för Äldreomsorg.csv');
  });

  it('drops folders, drives and characters Windows refuses, so the page cannot choose where the dialog opens', () => {
    expect(dialogFileName('/etc/cron.d/ramkoll')).toBe('ramkoll');
    expect(dialogFileName('C:\\Users\\anna\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat')).toBe('x.bat');
    expect(dialogFileName('..\\..\\x.txt')).toBe('x.txt');
    expect(dialogFileName('C:x.txt')).toBe('Cx.txt');
    expect(dialogFileName('fel<>:"|?*\u0001.txt')).toBe('fel.txt');
    expect(dialogFileName('..')).toBe('fil');
    expect(dialogFileName('mapp/')).toBe('fil');
    expect(dialogFileName('x'.repeat(300))).toHaveLength(255);
  });
});
