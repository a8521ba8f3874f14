import { RamkollError, type ProblemDetail } from '../../db/errors';

/** "rad 12, kolumn Överordnad (C): ansvar 9999 finns inte" */
export function describeProblem(p: ProblemDetail): string {
  const where = [p.line !== undefined ? `rad ${p.line}` : null, p.column ? `kolumn ${p.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${p.message}` : p.message;
}

/**
 * One error for a file with problems: the count, that nothing was changed,
 * and the first few problems spelled out; all of them travel in details.
 */
export function fileProblems(fileName: string, problems: ProblemDetail[], shown = 3): RamkollError {
  const head = problems.slice(0, shown).map(describeProblem).join('; ');
  const more = problems.length > shown ? ` (och ${problems.length - shown} fel till)` : '';
  const count = problems.length === 1 ? '1 fel' : `${problems.length} fel`;
  return new RamkollError('BAD_FILE', `${fileName}: ${count}, inget har ändrats. ${head}${more}.`, problems);
}
