import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { RamkollError } from '../../../db/errors';
import { CsvSyntaxError, CsvTokenizer, detectDelimiter } from './csv';
import type { DetectedEncoding, TextEncoding } from './encoding';

export interface TextRow {
  /** Physical line (1-based) where the record starts. */
  line: number;
  cells: string[];
}

/** A decoder that turns chunks of bytes into text, keeping characters split across chunks whole. */
export function chunkDecoder(encoding: TextEncoding | 'iso-8859-1' | 'cp437'): { write(b: Buffer): string; end(): string } {
  if (encoding === 'utf-8') {
    const d = new StringDecoder('utf8');
    return { write: (b) => d.write(b), end: () => d.end() };
  }
  // iconv-lite decodes Windows-1252 correctly (Node 20's TextDecoder maps 0x80-0x9F wrongly).
  const d = iconv.getDecoder(encoding);
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

export interface CsvStreamOptions {
  encoding: DetectedEncoding;
  /** null: detect from the start of the file. */
  delimiter: string | null;
  maxFieldLength: number;
  maxFields: number;
}

/**
 * Streams a delimited text file as rows of cells, in batches (one per chunk
 * read), with exact line numbers. Memory stays flat whatever the file size.
 * Syntax errors (an unterminated quote, an overlong field) become a
 * RamkollError naming the file and line.
 */
export async function streamCsv(
  file: string,
  fileName: string,
  opts: CsvStreamOptions,
  onBatch: (rows: TextRow[]) => void | false,
  onProgress?: (done: number, total: number) => void,
): Promise<{ delimiter: string }> {
  const size = fs.statSync(file).size;
  const decoder = chunkDecoder(opts.encoding.encoding);
  let delimiter = opts.delimiter;
  let tokenizer = null as CsvTokenizer | null;
  let batch: TextRow[] = [];
  let stopped = false;
  let pending = '';
  let done = 0;
  let skipBom = opts.encoding.bomLength;
  const start = () => {
    tokenizer = new CsvTokenizer({ delimiter: delimiter!, maxFieldLength: opts.maxFieldLength, maxFields: opts.maxFields }, (r) => batch.push({ line: r.line, cells: r.fields }));
  };
  const feed = (text: string) => {
    if (!tokenizer) {
      // The delimiter is detected from the first 64 KiB of text.
      pending += text;
      if (pending.length < 65536) return;
      delimiter ??= detectDelimiter(pending);
      start();
      text = pending;
      pending = '';
    }
    tokenizer!.push(text);
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      if (onBatch(out) === false) stopped = true;
    }
  };
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      let chunk = raw;
      if (skipBom > 0) {
        const n = Math.min(skipBom, chunk.length);
        chunk = chunk.subarray(n);
        skipBom -= n;
      }
      done += raw.length;
      feed(decoder.write(chunk));
      onProgress?.(done, size);
      if (stopped) break;
    }
    if (!stopped) {
      const tail = decoder.end();
      if (!tokenizer) {
        pending += tail;
        delimiter ??= detectDelimiter(pending);
        start();
        tokenizer!.push(pending);
      } else if (tail) tokenizer!.push(tail);
      tokenizer!.end();
      if (batch.length > 0) onBatch(batch);
    }
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      throw new RamkollError('BAD_FILE', `${fileName}, rad ${e.line}: ${e.message}.`, [{ file: fileName, line: e.line, message: e.message }]);
    }
    throw e;
  } finally {
    stream.destroy();
  }
  return { delimiter: delimiter ?? ';' };
}
