/**
 * The name a save dialog proposes comes from the page (and, for an exchange
 * attachment, from a package someone sent): only a file name is kept, so the
 * page cannot point the dialog at a folder of its choosing. Path separators,
 * a drive ("C:") and characters Windows refuses in names are dropped.
 */
export function dialogFileName(proposed: string): string {
  const last = proposed.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[<>:"|?*\u0000-\u001f]/g, '').replace(/^[\s.]+|[\s.]+$/g, '');
  return clean.slice(0, 255) || 'fil';
}
