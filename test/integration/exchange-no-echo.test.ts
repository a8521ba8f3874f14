import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportIntroduction, exportPackage } from '../../electron/services/exchange/export';
import { readPackage } from '../../electron/services/exchange/package-file';
import { newId } from '../../electron/services/ids';
import type { TestContext } from '../support/db';
import { commentFor, createSmallForvaltning, receive, setCommentField, siteContext, siteId } from '../support/exchange';
import { tempDir } from '../support/tmp';

const open: TestContext[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.db.close();
});

async function site(dir: string, name: string, role: 'controller' | 'sektorchef', scope: string | null) {
  const ctx = await siteContext(path.join(dir, `${name}.db`), role, scope, name);
  open.push(ctx);
  return ctx;
}

async function introduce(dir: string, from: TestContext, to: TestContext) {
  const file = path.join(dir, `intro-${newId()}.ramkoll`);
  exportIntroduction(from.db, file, from.now());
  await receive(to, file);
}

/** The comment changes (field, value) a package holds for one row. */
function commentChanges(file: string, rowId: string): [string, unknown][] {
  return readPackage(file)
    .payload.changes.filter((c) => c[0] === 'deviation_comment' && c[1] === rowId)
    .map((c) => [c[2], c[3]]);
}

describe('a package does not send a peer back its own changes', () => {
  it('what the sektorchef sent is not in the controller’s next package to it; what the controller changed after is', async () => {
    const dir = tempDir('ramkoll-noecho-');
    const controller = await site(dir, 'Controller', 'controller', null);
    const data = createSmallForvaltning(controller.db, siteId(controller));
    const chief = await site(dir, 'Ett', 'sektorchef', '9100');
    await introduce(dir, chief, controller);
    await introduce(dir, controller, chief);
    const first = path.join(dir, 'forsta.ramkoll');
    exportPackage(controller.db, { to: siteId(chief), file: first, now: controller.now() });
    await receive(chief, first);

    // The sektorchef writes the cause of a comment in its sektor and sends it.
    const comment = commentFor(chief.db, data.occasionId, '91101')!;
    setCommentField(chief.db, siteId(chief), comment.id, 'cause', 'skrivet av sektorchefen');
    const answer = path.join(dir, 'svar.ramkoll');
    exportPackage(chief.db, { to: siteId(controller), file: answer, now: chief.now() });
    expect(commentChanges(answer, comment.id)).toContainEqual(['cause', 'skrivet av sektorchefen']);
    await receive(controller, answer);
    expect(commentFor(controller.db, data.occasionId, '91101')!.cause).toBe('skrivet av sektorchefen');

    // The controller's next package to it leaves that change out (the sektorchef made it).
    const next = path.join(dir, 'nasta.ramkoll');
    exportPackage(controller.db, { to: siteId(chief), file: next, now: controller.now() });
    expect(commentChanges(next, comment.id)).toEqual([]);

    // The controller's own change of the same row goes.
    setCommentField(controller.db, siteId(controller), comment.id, 'action', 'åtgärd av controllern');
    const third = path.join(dir, 'tredje.ramkoll');
    exportPackage(controller.db, { to: siteId(chief), file: third, now: controller.now() });
    expect(commentChanges(third, comment.id)).toEqual([['action', 'åtgärd av controllern']]);
  });
});
