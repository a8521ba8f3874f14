import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { ROLES } from '../../../shared/roles';
import { RamkollError } from '../../../db/errors';
import { APP_VERSION } from '../version';
import { VERSION_PATTERN } from './hlc';
import { publicKeyObject } from './identity';
import { writeAtomically } from '../files/write-atomically';
import { unsafeFileName } from '../files/file-name';

/**
 * The .ramkoll package file. A short text header that any version can read
 * (so that a newer format is refused with the version of Ramkoll it needs),
 * then the gzip-compressed JSON payload. The Ed25519 signature in the header
 * covers every other header line and the payload bytes, so changing one byte
 * anywhere, or cutting the file short, is caught before anything is parsed.
 *
 *   RAMKOLL-PAKET
 *   format: 1
 *   requires: 0.1.0
 *   package: <uuid>
 *   from: <site id>
 *   to: <site id, or - for an introduction>
 *   created: <ISO time>
 *   key: <sender's public key, SPKI DER base64>
 *   length: <payload bytes>
 *   signature: <base64>
 *   (empty line)
 *   <payload>
 */

export const PACKAGE_FORMAT = 1;
/** The oldest Ramkoll that reads packages of this format. */
export const PACKAGE_REQUIRES = '0.1.0';
export const PACKAGE_EXTENSION = 'ramkoll';
const MAGIC = 'RAMKOLL-PAKET';
const HEADER_KEYS = ['format', 'requires', 'package', 'from', 'to', 'created', 'key', 'length', 'signature'] as const;
const MAX_HEADER_BYTES = 4096;

export interface PackageLimits {
  maxFileBytes: number;
  /** Most bytes the payload may inflate to: it is parsed whole. */
  maxPayloadBytes: number;
  /** Highest inflated/compressed ratio of a payload above RATIO_FREE_BYTES (real packages are about 10). */
  maxRatio: number;
  maxChanges: number;
  maxOutcomeRows: number;
  maxAttachmentBytes: number;
}

/** A payload up to this size inflates without a ratio check. */
export const RATIO_FREE_BYTES = 16 * 1024 * 1024;

/**
 * A förvaltning's largest real package (50,000 budget lines and two million
 * outcome rows) inflates to about 150 MB at a ratio near 10. The bounds keep
 * a small file from inflating to hundreds of MB of text (the storage
 * amplification of issue 14); each field's text is bounded by the registry.
 */
export const DEFAULT_LIMITS: PackageLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxPayloadBytes: 256 * 1024 * 1024,
  maxRatio: 100,
  maxChanges: 5_000_000,
  maxOutcomeRows: 5_000_000,
  maxAttachmentBytes: 50 * 1024 * 1024,
};

const id = z.string().regex(/^[0-9A-Za-z-]{1,64}$/);
const code = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/);
const version = z.string().regex(VERSION_PATTERN);
const iso = z.string().max(40);
const role = z.enum(ROLES);

export const PACKAGE_KINDS = ['intro', 'prerequisites', 'sector', 'return', 'administration', 'general'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/** An attachment's name is shown and may be saved under: never one that hides what the file is or that Windows treats specially. */
const attachmentName = z
  .string()
  .max(255)
  .superRefine((n, ctx) => {
    const problem = unsafeFileName(n);
    // The name in the message without the characters that could disguise it.
    if (problem) ctx.addIssue({ code: 'custom', message: `bilagan "${[...n].filter((ch) => !/[\p{Cf}\p{Cc}]/u.test(ch)).join('')}" tas inte emot: ${problem}` });
  });

const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  app: z.string().max(40),
  id,
  kind: z.enum(PACKAGE_KINDS),
  created: iso,
  sender: z.strictObject({ id, name: z.string().min(1).max(100), role, scope: code.nullable(), publicKey: z.string().max(200) }),
  recipient: id.nullable(),
  /** The sender's log positions this package covers: (from, upto]. */
  range: z.strictObject({ from: z.number().int().min(0), upto: z.number().int().min(0) }),
  /** What the sender has received so far from each site it exchanges with (its position in their logs); the recipient reads its own. */
  received: z.array(z.strictObject({ site: id, upto: z.number().int().min(0) })).max(10_000),
  occasion: z.strictObject({ id, name: z.string().max(200), period: z.number().int() }).nullable(),
  contents: z.array(z.strictObject({ table: z.string().max(64), label: z.string().max(100), rows: z.number().int().min(0), fields: z.number().int().min(0) })).max(200),
  outcomePeriods: z.array(z.number().int()).max(1000),
  attachments: z.array(z.strictObject({ name: attachmentName, bytes: z.number().int().min(0) })).max(20),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** One changed field: [table, row id, field, value, version, base version, versions it resolves]. */
export type WireChange = [string, string, string, string | number | null, string, string | null, string[] | null];

const outcomeSchema = z.strictObject({
  periods: z.array(z.strictObject({ period: z.number().int().min(200001).max(210012), version })).max(1000),
  batches: z
    .array(
      z.strictObject({
        id,
        fileName: z.string().max(500),
        sha256: z.string().max(64),
        importedAt: iso,
        importedBy: z.string().max(200),
        profileName: z.string().max(200).nullable(),
      }),
    )
    .max(10_000),
  /** [konto, ansvar, dims, period, amount in öre, index into batches]: checked by checkOutcomeRows. */
  rows: z.array(z.unknown()),
  /** Investment outcome of the same periods: [project code, konto, period, amount in öre, index into batches or null]; checked by checkInvestmentRows. Left out by senders before it. */
  investment: z.array(z.unknown()).optional(),
});
export type WireOutcome = Omit<z.infer<typeof outcomeSchema>, 'rows' | 'investment'> & {
  rows: [string, string, string, number, number, number][];
  investment?: WireInvestmentRow[];
};
export type WireInvestmentRow = [string, string, number, number, number | null];

const attachmentSchema = z.strictObject({
  name: attachmentName,
  mime: z.string().max(100),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  data: z.string(),
});

/** Everything but the two long lists, which are checked by hand below (zod takes seconds over a million tuples). */
const payloadSchema = z.strictObject({
  manifest: manifestSchema,
  changes: z.array(z.unknown()),
  outcome: outcomeSchema.extend({ rows: z.array(z.unknown()) }).nullable(),
  attachments: z.array(attachmentSchema).max(20),
});

const VERSION_RE = VERSION_PATTERN;
const NAME_RE = /^[a-z_$][a-z0-9_]{0,63}$/;
const CODE_RE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;
// eslint-disable-next-line no-control-regex -- a row id may hold no control character
const CONTROL_CHAR = /[\u0000-\u001f]/;

/** The same rules as changeSchema, as a plain loop; returns the path and message of the first problem. */
function checkChanges(list: unknown[], limits: PackageLimits): string | null {
  if (list.length > limits.maxChanges) return `changes: högst ${limits.maxChanges} ändringar`;
  // A package names a handful of tables and fields and shares a version between the fields of a row: each distinct
  // string is tested once (strings that failed are never remembered).
  const names = new Set<string>();
  const versions = new Set<string>();
  const isName = (v: unknown) => typeof v === 'string' && (names.has(v) || (NAME_RE.test(v) && names.add(v) !== null));
  const isVersion = (v: unknown) => typeof v === 'string' && (versions.has(v) || (VERSION_RE.test(v) && versions.add(v) !== null));
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!Array.isArray(c) || c.length !== 7) return `changes.${i}: väntade 7 värden`;
    const [tbl, row, field, value, version, base, resolves] = c as unknown[];
    if (!isName(tbl)) return `changes.${i}.0: ogiltigt tabellnamn`;
    if (typeof row !== 'string' || row.length === 0 || row.length > 64 || CONTROL_CHAR.test(row)) return `changes.${i}.1: ogiltigt rad-id`;
    if (!isName(field)) return `changes.${i}.2: ogiltigt fältnamn`;
    if (!(value === null || (typeof value === 'string' && value.length <= 100_000) || (typeof value === 'number' && Number.isSafeInteger(value)))) return `changes.${i}.3: ogiltigt värde`;
    if (!isVersion(version)) return `changes.${i}.4: ogiltig version`;
    if (!(base === null || isVersion(base))) return `changes.${i}.5: ogiltig version`;
    if (!(resolves === null || (Array.isArray(resolves) && resolves.length <= 1000 && resolves.every((v) => typeof v === 'string' && VERSION_RE.test(v))))) return `changes.${i}.6: ogiltiga versioner`;
  }
  return null;
}

function checkOutcomeRows(list: unknown[], limits: PackageLimits): string | null {
  if (list.length > limits.maxOutcomeRows) return `outcome.rows: högst ${limits.maxOutcomeRows} rader`;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!Array.isArray(r) || r.length !== 6) return `outcome.rows.${i}: väntade 6 värden`;
    const [account, responsibility, dims, period, amount, batch] = r as unknown[];
    if (typeof account !== 'string' || account.length > 5) return `outcome.rows.${i}.0: ogiltigt konto`;
    if (typeof responsibility !== 'string' || !CODE_RE.test(responsibility)) return `outcome.rows.${i}.1: ogiltigt ansvar`;
    if (typeof dims !== 'string' || dims.length > 500) return `outcome.rows.${i}.2: ogiltiga dimensioner`;
    if (!Number.isSafeInteger(period) || !Number.isSafeInteger(amount) || !Number.isSafeInteger(batch) || (batch as number) < 0) return `outcome.rows.${i}: ogiltig period, belopp eller batch`;
  }
  return null;
}

function checkInvestmentRows(list: unknown[] | undefined, limits: PackageLimits): string | null {
  if (!list) return null;
  if (list.length > limits.maxOutcomeRows) return `outcome.investment: högst ${limits.maxOutcomeRows} rader`;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!Array.isArray(r) || r.length !== 5) return `outcome.investment.${i}: väntade 5 värden`;
    const [code, account, period, amount, batch] = r as unknown[];
    if (typeof code !== 'string' || !CODE_RE.test(code)) return `outcome.investment.${i}.0: ogiltig projektkod`;
    if (typeof account !== 'string' || !/^1\d{3,4}$/.test(account)) return `outcome.investment.${i}.1: ogiltigt investeringskonto`;
    if (!Number.isSafeInteger(period) || !Number.isSafeInteger(amount) || !(batch === null || (Number.isSafeInteger(batch) && (batch as number) >= 0))) {
      return `outcome.investment.${i}: ogiltig period, belopp eller batch`;
    }
  }
  return null;
}

export interface Payload {
  manifest: Manifest;
  changes: WireChange[];
  outcome: WireOutcome | null;
  attachments: z.infer<typeof attachmentSchema>[];
}

export interface PackageHeader {
  format: number;
  requires: string;
  package: string;
  from: string;
  to: string | null;
  created: string;
  key: string;
  length: number;
  signature: string;
}

function headerText(h: Omit<PackageHeader, 'signature'>): string {
  return [MAGIC, `format: ${h.format}`, `requires: ${h.requires}`, `package: ${h.package}`, `from: ${h.from}`, `to: ${h.to ?? '-'}`, `created: ${h.created}`, `key: ${h.key}`, `length: ${h.length}`].join('\n') + '\n';
}

/** Writes a package and returns its size and SHA-256. */
export function writePackage(file: string, payload: Payload, privateKey: KeyObject): { bytes: number; sha256: string } {
  const m = payload.manifest;
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  // Above a megabyte the fastest level: a 17 MB payload packs in 70 ms instead of 300 ms, some 17 % larger.
  const body = gzipSync(json, { level: json.length > 1 << 20 ? 1 : 6 });
  const head = headerText({ format: PACKAGE_FORMAT, requires: PACKAGE_REQUIRES, package: m.id, from: m.sender.id, to: m.recipient, created: m.created, key: m.sender.publicKey, length: body.length });
  const signature = sign(null, Buffer.concat([Buffer.from(head, 'utf8'), body]), privateKey).toString('base64');
  const whole = Buffer.concat([Buffer.from(`${head}signature: ${signature}\n\n`, 'utf8'), body]);
  // Whole or not at all, and a folder that cannot be written to gets a message rather than an internal error.
  writeAtomically(file, whole);
  return { bytes: whole.length, sha256: createHash('sha256').update(whole).digest('hex') };
}

function bad(file: string, message: string): RamkollError {
  return new RamkollError('BAD_FILE', `${path.basename(file)}: ${message}`, [{ file: path.basename(file), message }]);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Parses the text header at the start of `buf`; returns it and where the payload starts. */
export function parseHeader(file: string, buf: Buffer): { header: PackageHeader; bodyStart: number; signed: Buffer } {
  const end = buf.subarray(0, MAX_HEADER_BYTES).indexOf('\n\n');
  if (buf.subarray(0, MAGIC.length + 1).toString('latin1') !== `${MAGIC}\n`) throw bad(file, 'filen är inget Ramkoll-paket (den börjar inte med RAMKOLL-PAKET). Välj en .ramkoll-fil som någon har skickat.');
  // The format line comes first, so that a newer format is named even if the rest of its header differs.
  const headLines = buf.subarray(0, MAX_HEADER_BYTES).toString('latin1').split('\n');
  const formatLine = /^format: (\d{1,6})$/.exec(headLines[1] ?? '');
  const requiresLine = /^requires: (\d{1,4}\.\d{1,4}\.\d{1,4})$/.exec(headLines[2] ?? '');
  if (formatLine && Number(formatLine[1]) > PACKAGE_FORMAT) {
    const needs = requiresLine?.[1];
    throw bad(
      file,
      `paketet har format ${formatLine[1]}, som den här versionen av Ramkoll (${APP_VERSION}) inte kan läsa. ` +
        (needs && compareVersions(needs, APP_VERSION) > 0 ? `Det kräver Ramkoll ${needs} eller senare: uppdatera Ramkoll och läs in paketet igen.` : 'Uppdatera Ramkoll och läs in paketet igen.'),
    );
  }
  if (end < 0) {
    throw bad(file, buf.length < MAX_HEADER_BYTES ? 'paketet är avkortat: huvudet tar slut innan innehållet börjar. Be avsändaren skicka det igen.' : 'paketets huvud är trasigt.');
  }
  const lines = buf.subarray(0, end).toString('utf8').split('\n');
  if (lines.length !== HEADER_KEYS.length + 1) throw bad(file, `paketets huvud har ${lines.length - 1} rader, väntade ${HEADER_KEYS.length}: filen har ändrats eller är skadad.`);
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  HEADER_KEYS.forEach((key, i) => {
    const line = lines[i + 1]!;
    if (!line.startsWith(`${key}: `)) throw bad(file, `rad ${i + 2} i paketets huvud ska börja med "${key}:" men är "${line.slice(0, 40)}": filen har ändrats eller är skadad.`);
    values[key] = line.slice(key.length + 2);
  });
  const header: PackageHeader = {
    format: Number(values.format),
    requires: values.requires!,
    package: values.package!,
    from: values.from!,
    to: values.to === '-' ? null : values.to!,
    created: values.created!,
    key: values.key!,
    length: Number(values.length),
    signature: values.signature!,
  };
  if (header.format !== PACKAGE_FORMAT || !/^\d+$/.test(values.length!) || !/^[0-9A-Za-z-]{1,64}$/.test(header.package) || !/^[0-9A-Za-z-]{1,64}$/.test(header.from)) {
    throw bad(file, 'paketets huvud är trasigt: filen har ändrats eller är skadad.');
  }
  const signedEnd = buf.subarray(0, end).lastIndexOf('\nsignature: ') + 1;
  return { header, bodyStart: end + 2, signed: buf.subarray(0, signedEnd) };
}

/** Reads only the header of a package file (for the watched folder); null if the file is no package. */
export function peekHeader(file: string): PackageHeader | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(MAX_HEADER_BYTES);
    const n = fs.readSync(fd, buf, 0, MAX_HEADER_BYTES, 0);
    return parseHeader(file, buf.subarray(0, n)).header;
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Keys like "__proto__" have no business in a package; refusing them keeps parsing safe from prototype pollution. */
const POLLUTING_KEY = /"(?:__proto__|constructor|prototype)"\s*:/;

export interface ReadPackage {
  header: PackageHeader;
  payload: Payload;
  fileName: string;
  sha256: string;
  bytes: number;
}

/**
 * Reads, verifies and validates a package. Throws a RamkollError with a
 * Swedish message naming the file and the problem; never touches a database.
 */
export function readPackage(file: string, limits: PackageLimits = DEFAULT_LIMITS): ReadPackage {
  const name = path.basename(file);
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new RamkollError('BAD_FILE', `${name} är en mapp, inget paket. Välj en .ramkoll-fil som någon har skickat.`);
    size = st.size;
  } catch (e) {
    if (e instanceof RamkollError) throw e;
    throw new RamkollError('NOT_FOUND', `Paketet ${name} finns inte eller kan inte läsas.`);
  }
  if (size > limits.maxFileBytes) throw bad(file, `paketet är ${Math.ceil(size / 1048576)} MB; största tillåtna är ${Math.floor(limits.maxFileBytes / 1048576)} MB.`);
  const buf = fs.readFileSync(file);
  const { header, bodyStart, signed } = parseHeader(file, buf);
  const body = buf.subarray(bodyStart);
  if (header.length > limits.maxFileBytes) throw bad(file, 'paketet säger sig vara större än tillåtet.');
  if (body.length < header.length) throw bad(file, `paketet är avkortat: innehållet ska vara ${header.length} byte men filen har bara ${body.length}. Be avsändaren skicka det igen.`);
  if (body.length > header.length) throw bad(file, `paketet har ${body.length - header.length} byte för mycket efter innehållet: filen har ändrats.`);
  let key;
  try {
    key = publicKeyObject(header.key);
  } catch {
    throw bad(file, 'avsändarens nyckel i paketet är trasig: filen har ändrats eller är skadad.');
  }
  let ok = false;
  try {
    ok = verify(null, Buffer.concat([signed, body]), key, Buffer.from(header.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw bad(file, 'signaturen stämmer inte: paketet har ändrats efter att det skapades, eller skadats på vägen. Inget har lästs in; be avsändaren skicka det igen.');
  let json: string;
  // Bounded while inflating: zlib stops at the limit, whatever the gzip stream says.
  const allowed = Math.min(limits.maxPayloadBytes, Math.max(RATIO_FREE_BYTES, body.length * limits.maxRatio));
  try {
    json = gunzipSync(body, { maxOutputLength: allowed }).toString('utf8');
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(e));
    if (!tooBig) throw bad(file, 'paketets innehåll kunde inte packas upp.');
    throw bad(
      file,
      allowed < limits.maxPayloadBytes
        ? `paketets innehåll packas upp till mer än ${limits.maxRatio} gånger sin storlek (över ${Math.floor(allowed / 1048576)} MB), vilket inget riktigt paket gör. Inget har lästs in.`
        : `paketets innehåll är större än ${Math.floor(limits.maxPayloadBytes / 1048576)} MB uppackat och läses inte in.`,
    );
  }
  if (POLLUTING_KEY.test(json)) throw bad(file, 'paketet innehåller otillåtna nycklar (__proto__, constructor, prototype).');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw bad(file, 'paketets innehåll är inte giltig JSON.');
  }
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw bad(file, `paketets innehåll följer inte paketformat ${PACKAGE_FORMAT}: ${issue.path.join('.') || '(hela)'}: ${issue.message}`);
  }
  const listProblem = checkChanges(parsed.data.changes, limits) ?? (parsed.data.outcome ? (checkOutcomeRows(parsed.data.outcome.rows, limits) ?? checkInvestmentRows(parsed.data.outcome.investment, limits)) : null);
  if (listProblem) throw bad(file, `paketets innehåll följer inte paketformat ${PACKAGE_FORMAT}: ${listProblem}`);
  const payload = parsed.data as unknown as Payload;
  const m = payload.manifest;
  if (m.id !== header.package || m.sender.id !== header.from || m.recipient !== header.to || m.sender.publicKey !== header.key || m.created !== header.created) {
    throw bad(file, 'paketets huvud och innehåll stämmer inte överens: filen har ändrats.');
  }
  let attachmentBytes = 0;
  for (const a of payload.attachments) attachmentBytes += Math.floor((a.data.length * 3) / 4);
  if (attachmentBytes > limits.maxAttachmentBytes) throw bad(file, `bilagorna är större än ${Math.floor(limits.maxAttachmentBytes / 1048576)} MB.`);
  return { header, payload, fileName: name, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}
