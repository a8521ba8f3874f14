/** Changes by table and row, each list in the order given: how the exchange walks a package or the log. */
export function groupByTableAndRow<T>(items: readonly T[], tableOf: (item: T) => string, rowOf: (item: T) => string): Map<string, Map<string, T[]>> {
  const byTable = new Map<string, Map<string, T[]>>();
  for (const item of items) {
    const table = tableOf(item);
    let rows = byTable.get(table);
    if (!rows) byTable.set(table, (rows = new Map()));
    const row = rowOf(item);
    const list = rows.get(row);
    if (list) list.push(item);
    else rows.set(row, [item]);
  }
  return byTable;
}
