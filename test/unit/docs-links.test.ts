import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

/**
 * Issue 15, part 9: a reader of a clone follows the README's links. Every
 * relative link in README.md and docs/*.md names a file inside the
 * repository that exists (the old link to ../shared/DESIGN.md did not).
 */
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('links in the documentation', () => {
  it.each(DOCS)('%s links only to files in the repository', (doc) => {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^(https?:|mailto:|#)/.test(t));
    for (const t of targets) {
      const file = path.resolve(ROOT, path.dirname(doc), decodeURIComponent(t.split('#')[0]!));
      expect(file.startsWith(ROOT + path.sep), `${doc}: ${t} leads out of the repository`).toBe(true);
      expect(fs.existsSync(file), `${doc}: ${t} does not exist`).toBe(true);
    }
  });

  it('docs/design.md carries the word list and the data rules a reader needs', () => {
    const design = fs.readFileSync(path.join(ROOT, 'docs', 'design.md'), 'utf8');
    for (const word of ['| ram | frame (allocation) |', '| avvikelse | deviation |', 'Avvikelse = budget − utfall', 'öre', 'årshjulet']) expect(design).toContain(word);
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('](docs/design.md)');
  });
});
