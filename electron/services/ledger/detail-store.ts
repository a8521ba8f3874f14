import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Transaction detail (one row per #TRANS or transaction line) grows with the
 * file, not with the number of kodsträngar, so it is not kept as objects: rows
 * are packed into 1 MB buffers, and past a few MB the buffers go to a
 * temporary file (removed from the folder at once where the system allows,
 * and in any case when the store is closed, collected or the process exits).
 * A file of any size is then read in the same few MB of memory.
 */

/** One transaction kept for drill-down; `coding` is the accumulator's index of its kodsträng. */
export interface DetailRow {
  coding: number;
  period: number;
  ore: number;
  date: string | null;
  voucher: string | null;
  text: string | null;
  counterpartyName: string | null;
}

/** How long the texts of one transaction may be: enough for the drill-down, never a way to fill the disk. */
export const DETAIL_LIMITS = { voucher: 100, text: 500, counterpartyName: 200, date: 10 } as const;

const CHUNK_BYTES = 1 << 20;
/** Detail beyond this many bytes goes to the temporary file. */
const MEMORY_BYTES = 8 << 20;
const NULL_TEXT = 0xffffffff;
/** A row's fixed part: length, coding, period, öre. */
const FIXED = 4 + 4 + 4 + 8;

function clip(s: string | null, max: number): string | null {
  if (s === null || s.length <= max) return s;
  let cut = max - 1;
  // Never split a surrogate pair.
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${s.slice(0, cut)}…`;
}

interface Spool {
  fd: number;
  file: string;
  /** Still in the folder (the system would not remove an open file): removed on close. */
  linked: boolean;
}

const open = new Set<Spool>();
function closeSpool(s: Spool): void {
  if (!open.delete(s)) return;
  try {
    fs.closeSync(s.fd);
  } catch {
    // Already closed.
  }
  if (s.linked) fs.rmSync(s.file, { force: true });
}
const collected = new FinalizationRegistry<Spool>(closeSpool);
process.once('exit', () => {
  for (const s of [...open]) closeSpool(s);
});

export class DetailStore implements Iterable<DetailRow> {
  private full: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private spool: Spool | null = null;
  private spooled = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Bytes written to the temporary file so far (0 while everything fits in memory). */
  get spooledBytes(): number {
    return this.spooled;
  }

  push(row: DetailRow): void {
    const date = clip(row.date, DETAIL_LIMITS.date);
    const voucher = clip(row.voucher, DETAIL_LIMITS.voucher);
    const text = clip(row.text, DETAIL_LIMITS.text);
    const party = clip(row.counterpartyName, DETAIL_LIMITS.counterpartyName);
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const most = FIXED + 16 + 3 * ((date?.length ?? 0) + (voucher?.length ?? 0) + (text?.length ?? 0) + (party?.length ?? 0));
    if (this.pos + most > CHUNK_BYTES) this.nextChunk();
    const b = this.buf;
    const start = this.pos;
    let p = start + 4;
    b.writeUInt32LE(row.coding, p);
    b.writeInt32LE(row.period, p + 4);
    b.writeDoubleLE(row.ore, p + 8);
    p += 16;
    for (const s of [date, voucher, text, party]) {
      if (s === null) {
        b.writeUInt32LE(NULL_TEXT, p);
        p += 4;
      } else {
        const n = b.write(s, p + 4, 'utf8');
        b.writeUInt32LE(n, p);
        p += 4 + n;
      }
    }
    b.writeUInt32LE(p - start, start);
    this.pos = p;
    this.count++;
  }

  /** Takes every row of `other` (which is left empty); without rows of its own, this store just takes over the other's buffers and file. */
  takeAll(other: DetailStore): void {
    if (other === this) return;
    if (this.count === 0 && this.spool === null) {
      this.full = other.full;
      this.buf = other.buf;
      this.pos = other.pos;
      this.spool = other.spool;
      this.spooled = other.spooled;
      this.count = other.count;
      if (this.spool) {
        collected.unregister(other);
        collected.register(this, this.spool, this);
      }
      other.full = [];
      other.buf = Buffer.allocUnsafe(CHUNK_BYTES);
      other.pos = 0;
      other.spool = null;
      other.spooled = 0;
      other.count = 0;
      return;
    }
    for (const row of other) this.push(row);
    other.close();
  }

  *[Symbol.iterator](): Iterator<DetailRow> {
    if (this.spool) yield* this.readSpool(this.spool.fd, this.spooled);
    for (const chunk of this.full) yield* decode(chunk, 0, chunk.length);
    yield* decode(this.buf, 0, this.pos);
  }

  /** Drops the rows and the temporary file. */
  close(): void {
    if (this.spool) {
      collected.unregister(this);
      closeSpool(this.spool);
    }
    this.spool = null;
    this.spooled = 0;
    this.full = [];
    this.pos = 0;
    this.count = 0;
  }

  private nextChunk(): void {
    const done = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos = 0;
    if (this.spool) {
      this.write(done);
      return;
    }
    this.full.push(done);
    if (this.full.length * CHUNK_BYTES < MEMORY_BYTES) return;
    this.spool = openSpool();
    collected.register(this, this.spool, this);
    for (const c of this.full) this.write(c);
    this.full = [];
  }

  private write(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) off += fs.writeSync(this.spool!.fd, chunk, off, chunk.length - off, this.spooled + off);
    this.spooled += chunk.length;
  }

  private *readSpool(fd: number, size: number): Generator<DetailRow> {
    let buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let have = 0;
    let at = 0;
    for (;;) {
      if (at < size) {
        const n = fs.readSync(fd, buf, have, Math.min(buf.length - have, size - at), at);
        if (n === 0) throw new Error('the temporary file of transaction detail ended early');
        have += n;
        at += n;
      }
      let p = 0;
      while (p + 4 <= have) {
        const len = buf.readUInt32LE(p);
        if (p + len > have) break;
        yield decodeOne(buf, p);
        p += len;
      }
      buf.copy(buf, 0, p, have);
      have -= p;
      if (at >= size) {
        if (have > 0) throw new Error('the temporary file of transaction detail is cut short');
        return;
      }
      if (have === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(CHUNK_BYTES)]);
    }
  }
}

function openSpool(): Spool {
  const file = path.join(os.tmpdir(), `ramkoll-transaktioner-${process.pid}-${randomUUID()}.tmp`);
  const fd = fs.openSync(file, 'wx+', 0o600);
  let linked = true;
  try {
    // Gone from the folder at once; the open file lives until it is closed (POSIX, and Windows with delete sharing).
    fs.unlinkSync(file);
    linked = false;
  } catch {
    // Removed on close instead.
  }
  const s: Spool = { fd, file, linked };
  open.add(s);
  return s;
}

function* decode(buf: Buffer, from: number, to: number): Generator<DetailRow> {
  let p = from;
  while (p < to) {
    yield decodeOne(buf, p);
    p += buf.readUInt32LE(p);
  }
}

function decodeOne(b: Buffer, start: number): DetailRow {
  let p = start + 4;
  const coding = b.readUInt32LE(p);
  const period = b.readInt32LE(p + 4);
  const ore = b.readDoubleLE(p + 8);
  p += 16;
  const texts: (string | null)[] = [];
  for (let k = 0; k < 4; k++) {
    const n = b.readUInt32LE(p);
    p += 4;
    if (n === NULL_TEXT) texts.push(null);
    else {
      texts.push(b.toString('utf8', p, p + n));
      p += n;
    }
  }
  return { coding, period, ore, date: texts[0]!, voucher: texts[1]!, text: texts[2]!, counterpartyName: texts[3]! };
}
