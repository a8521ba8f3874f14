/**
 * Whether a name that came from someone else (an attachment in a package) is
 * safe to show and to save under. Refused: path separators and the
 * characters Windows does not allow, control and invisible formatting
 * characters (a right-to-left override makes "rapport‮fdp.exe" show as
 * "rapportexe.pdf"), the names Windows reserves for devices (CON, NUL.txt …)
 * and a trailing dot or space, which Windows drops without a word.
 * Returns the problem in Swedish, or null.
 */
export function unsafeFileName(name: string): string | null {
  if (name.length === 0) return 'namnet är tomt';
  if (name.length > 255) return 'namnet är längre än 255 tecken';
  // eslint-disable-next-line no-control-regex
  if (/[/\\:*?"<>|\u0000-\u001f\u007f-\u009f]/.test(name)) return 'namnet innehåller / \\ : * ? " < > | eller styrtecken';
  if (/\p{Cf}/u.test(name)) return 'namnet innehåller osynliga formateringstecken (till exempel en höger-till-vänster-markering) som kan dölja vad filen är';
  if (/[. ]$/.test(name) || /^ /.test(name)) return 'namnet börjar med mellanslag eller slutar med punkt eller mellanslag';
  if (/^\.+$/.test(name)) return 'namnet består bara av punkter';
  const stem = name.split('.')[0]!.trim().toUpperCase();
  if (/^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/.test(stem)) return `${stem} är ett namn som Windows reserverar för en enhet`;
  return null;
}
