import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PdfPrinter } from '../services/reports/pdf';
import type { Envelope, ProgressEvent } from './contract/index';
import type { FromWorker, GrantedFile, ToWorker, WorkerSetup } from './worker-protocol';

interface Pending {
  resolve(e: Envelope<unknown>): void;
  onProgress(e: ProgressEvent): void;
  /** The files the job reads or writes, to name them if it runs out of memory. */
  files: Record<string, GrantedFile>;
}

/**
 * The worker's heap. A real import of the largest files stays well below it
 * (the readers stream, see docs/architecture.md); a hostile file that would
 * still need more ends the worker with ERR_WORKER_OUT_OF_MEMORY instead of
 * taking the whole app down, and its job fails as bad input.
 */
export const WORKER_HEAP_MB = 1536;

function outOfMemory(files: Record<string, GrantedFile>, heapMb: number): Envelope<unknown> {
  const names = [...new Set(Object.values(files).map((f) => path.basename(f.path)))];
  const what = names.length > 0 ? `${names.join(', ')}: att läsa filen` : 'Åtgärden';
  return {
    ok: false,
    error: {
      code: names.length > 0 ? 'BAD_FILE' : 'INTERNAL',
      message:
        `${what} krävde mer minne än de ${heapMb} MB som Ramkoll ger en åtgärd, så den avbröts innan den var klar; en inläsning sparas helt eller inte alls. ` +
        'Kontrollera att filen är den export du menade: en riktig fil ska aldrig kräva så mycket.',
      details: names.map((file) => ({ file, message: 'kräver för mycket minne', text: `${file}: kräver för mycket minne` })),
    },
  };
}

/**
 * Runs heavy channels in a worker thread (dist/node/worker.mjs) so that the
 * app's main process stays responsive and can keep sending progress events.
 * If the worker dies, every job in flight fails with a clear message.
 */
export class WorkerClient {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly script: string,
    private readonly setup: WorkerSetup,
    /** Prints PDFs the worker asks for (the app's Electron printToPDF). */
    private readonly pdf?: PdfPrinter,
    private readonly heapMb: number = WORKER_HEAP_MB,
  ) {}

  private printFor(worker: Worker, request: number, job: Parameters<PdfPrinter>[0]): void {
    if (!this.pdf) {
      worker.postMessage({ type: 'pdf-result', request, ok: false, message: 'PDF kan inte skapas här.' } satisfies ToWorker);
      return;
    }
    this.pdf(job).then(
      (bytes) => worker.postMessage({ type: 'pdf-result', request, ok: true, bytes } satisfies ToWorker),
      (e: unknown) => worker.postMessage({ type: 'pdf-result', request, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies ToWorker),
    );
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(this.script, {
      workerData: { ...this.setup, pdfFromParent: this.pdf !== undefined } satisfies WorkerSetup,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'fatal') reject(new Error(m.message));
        else if (m.type === 'progress') this.pending.get(m.id)?.onProgress(m.event);
        else if (m.type === 'pdf') this.printFor(worker, m.request, m.job);
        else if (m.type === 'result') {
          this.pending.get(m.id)?.resolve(m.envelope);
          this.pending.delete(m.id);
        }
      });
      const fail = (message: string, oom = false) => {
        reject(new Error(message));
        for (const p of this.pending.values()) p.resolve(oom ? outOfMemory(p.files, this.heapMb) : { ok: false, error: { code: 'INTERNAL', message, details: [] } });
        this.pending.clear();
        this.worker = null;
        this.ready = null;
      };
      worker.on('error', (e) => {
        // The heap limit reached: the file the job was reading is the cause, not a fault of Ramkoll's.
        const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        fail(`Bakgrundsarbetet avbröts: ${e.message}. Inga ändringar från det har sparats.`, oom);
      });
      worker.on('exit', (code) => {
        if (this.pending.size > 0 || code !== 0) fail(`Bakgrundsarbetet avslutades oväntat (kod ${code}). Inga ändringar från det har sparats.`);
        this.worker = null;
        this.ready = null;
      });
    });
    return this.ready;
  }

  async run(
    channel: string,
    input: unknown,
    files: Record<string, GrantedFile>,
    onProgress: (e: ProgressEvent) => void,
    signal?: AbortSignal,
  ): Promise<Envelope<unknown>> {
    try {
      await this.start();
    } catch (e) {
      return { ok: false, error: { code: 'INTERNAL', message: (e as Error).message, details: [] } };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, onProgress, files });
      const msg: ToWorker = { type: 'job', id, channel, input, files };
      this.worker!.postMessage(msg);
      signal?.addEventListener('abort', () => this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker), { once: true });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }
}
