// Where Uppföljning's first rows spend their time, on the page's own clock:
// the script's arrival, DOMContentLoaded, each bridge call (start and end) and
// the first frame with a row. Usage (after `npm run build`):
//   node --import tsx scripts/bench/uppfoljning-probe.ts [database file] [loads]
// The database (the bench's 5,000 nodes) is made once if the file is missing.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createDefaultCalendar } from '../../electron/services/followup/calendar';
import type { Actor } from '../../electron/services/followup/model';
import { openRamkollDatabase } from '../../electron/services/setup';
import { launchApp } from '../../test/support/bridge';
import { contextFor } from './followup.bench';
import { generate } from './followup-data';
import { median } from './measure';

const file = process.argv[2] ?? path.join(os.tmpdir(), 'ramkoll-probe-followup-5000.db');
const loads = Number(process.argv[3] ?? 6);

if (!fs.existsSync(file)) {
  const { db, site } = await openRamkollDatabase(file, { create: true });
  generate(db, site);
  const actor: Actor = { siteId: site.id, user: 'bench', role: 'controller', scopeCode: null, now: new Date('2026-11-20T10:00:00Z') };
  createDefaultCalendar(db, actor, 2026);
  db.close();
}

const { db, site } = await openRamkollDatabase(file);
const app = await launchApp(contextFor(db, site));
await app.page.context().addInitScript(`(() => {
  window.__probe = { calls: [], firstRowsAt: null };
  const look = () => {
    if (document.querySelector('[data-testid="deviation-grid"] .ag-row')) window.__probe.firstRowsAt = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  const wrap = () => {
    const inner = window.ramkoll;
    if (!inner) return setTimeout(wrap, 0);
    const invoke = async (channel, input) => {
      const c = { channel, start: performance.now(), end: 0 };
      window.__probe.calls.push(c);
      try { return await inner.invoke(channel, input); } finally { c.end = performance.now(); }
    };
    Object.defineProperty(window, 'ramkoll', { value: Object.freeze({ ...inner, invoke }) });
  };
  wrap();
})();`);
interface Probe {
  calls: { channel: string; start: number; end: number }[];
  firstRowsAt: number;
  script: number;
  dcl: number;
  marks?: Record<string, string>;
}
const runs: Probe[] = [];
try {
  for (let i = 0; i < loads; i++) {
    await app.page.goto('about:blank');
    await app.open('uppfoljning');
    await app.page.waitForFunction('window.__probe && window.__probe.firstRowsAt', undefined, { timeout: 60_000 });
    const p = (await app.page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const js = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
      const marks = {};
      for (const m of performance.getEntriesByType('mark')) if (m.startTime < window.__probe.firstRowsAt) marks[m.name] = (marks[m.name] ? marks[m.name] + ',' : '') + m.startTime.toFixed(0);
      return { ...window.__probe, marks, script: Math.max(0, ...js.map((r) => r.responseEnd)), dcl: nav.domContentLoadedEventEnd };
    })()`)) as Probe;
    runs.push(p);
    const calls = p.calls.filter((c) => c.start < p.firstRowsAt).map((c) => `${c.channel} ${c.start.toFixed(0)}–${c.end.toFixed(0)}`);
    if (p.marks && Object.keys(p.marks).length > 0) console.log(`performance.mark före första raderna: ${JSON.stringify(p.marks)}`);
    console.log(`${i === 0 ? 'kall' : 'varm'}: js ${p.script.toFixed(0)} DCL ${p.dcl.toFixed(0)} | ${calls.join(' | ')} | rader ${p.firstRowsAt.toFixed(0)}`);
  }
  if (app.problems.length > 0) throw new Error(app.problems.join('; '));
} finally {
  await app.close();
  db.close();
}
console.log(`första rader: kall ${runs[0]!.firstRowsAt.toFixed(0)} ms, median av resten ${median(runs.slice(1).map((r) => r.firstRowsAt)).toFixed(0)} ms; DCL median ${median(runs.map((r) => r.dcl)).toFixed(0)} ms`);
