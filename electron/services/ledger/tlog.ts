const T0 = performance.now();
let last = performance.now();
let c0 = process.cpuUsage();
export const tlog = (what: string) => {
  if (!process.env.LP_TIMING) return;
  const c = process.cpuUsage(c0);
  process.stderr.write(`T ${what.padEnd(14)} at ${(performance.now() - T0).toFixed(0)} wall ${(performance.now() - last).toFixed(0)} cpu ${((c.user + c.system) / 1000).toFixed(0)} sys ${(c.system / 1000).toFixed(0)}\n`);
  last = performance.now();
  c0 = process.cpuUsage();
};
