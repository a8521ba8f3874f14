/**
 * Worker thread that runs heavy channels (large imports, reports, merges) off
 * the main process, over its own connection to the same database, through the
 * same handler map. Started by WorkerClient; never imports electron.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RamkollError } from '../../db/errors';
import type { PdfPrinter } from '../services/reports/pdf';
import { systemClock } from '../services/clock';
import { localSite, openRamkollDatabase } from '../services/setup';
import type { HandlerContext } from './context';
import { invokeEnveloped } from './invoke';
import { noDialogs } from './no-dialogs';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const post = (m: FromWorker) => port.postMessage(m);
const setup = workerData as WorkerSetup;

const controllers = new Map<number, AbortController>();

// PDFs are printed by the main process (Electron's printToPDF) when it offers to.
const printing = new Map<number, { resolve(b: Uint8Array): void; reject(e: Error): void }>();
let nextPrint = 1;
const parentPrinter: PdfPrinter | undefined = setup.pdfFromParent
  ? (job) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const request = nextPrint++;
        printing.set(request, { resolve, reject });
        post({ type: 'pdf', request, job });
      })
  : undefined;

openRamkollDatabase(setup.dbFile, {
  ...(setup.backupDir ? { backupDir: setup.backupDir } : {}),
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
}).then(
  ({ db }) => {
    port.on('message', (msg: ToWorker) => {
      if (msg.type === 'cancel') {
        controllers.get(msg.id)?.abort();
        return;
      }
      if (msg.type === 'pdf-result') {
        const p = printing.get(msg.request);
        printing.delete(msg.request);
        if (msg.ok) p?.resolve(msg.bytes);
        else p?.reject(new Error(`PDF:en kunde inte skapas: ${msg.message}`));
        return;
      }
      const controller = new AbortController();
      controllers.set(msg.id, controller);
      const grant = (ref: string, mode: 'read' | 'write') => {
        const g = msg.files[ref];
        if (!g || (mode === 'write' && g.mode !== 'write')) {
          throw new RamkollError('FORBIDDEN', 'Filen har inte valts i en fildialog. Välj filen igen.');
        }
        return g.path;
      };
      const ctx: HandlerContext = {
        db,
        // Read for every call: Inställningar (site.set, in the main process) changes the role and scope while this thread runs.
        site: localSite(db),
        user: setup.user,
        // The worker inherits the app's environment, so RAMKOLL_TODAY pins its date too.
        now: () => systemClock().now(),
        progress: (p) => post({ type: 'progress', id: msg.id, event: { ...p, channel: msg.channel } }),
        signal: controller.signal,
        files: { readable: (ref) => grant(ref, 'read'), writable: (ref) => grant(ref, 'write') },
        // Dialogs belong to the window; the main process answers those channels itself.
        dialogs: noDialogs,
        ...(parentPrinter ? { pdf: parentPrinter } : {}),
      };
      void invokeEnveloped(msg.channel, msg.input, ctx).then((envelope) => {
        controllers.delete(msg.id);
        post({ type: 'result', id: msg.id, envelope });
      });
    });
    post({ type: 'ready' });
  },
  (e: unknown) => post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) }),
);
