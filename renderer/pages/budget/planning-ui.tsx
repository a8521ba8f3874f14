import type { ReactNode } from 'react';
import type { PlanningLookups } from '../../../electron/api/contract/index';
import { ApiError } from '../../api';
import { ErrorBanner } from '../../components/Status';
import { PERCENT_SUFFIX } from '../../format';
import './planning.css';

/**
 * Small pieces the planning tabs share: Swedish entry of amounts and
 * percentages (exact, in öre and hundredths of a percent), formatting with
 * two decimals, node and account choosers, and a hook for actions with a
 * busy flag, an error and a confirmation.
 */

/** "1 234,50", "-500", "1234.5", "−12" → öre; null for empty; NaN for anything else. */
export function parseKronor(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-').replace(/kr$/i, '');
  if (s === '') return null;
  const m = /^(-?)(\d+)(?:[.,](\d{0,2}))?$/.exec(s);
  if (!m) return NaN;
  const ore = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) return NaN;
  return m[1] ? -ore : ore;
}

/** "3,1" or "3.10" (percent) → 310 hundredths of a percent; null for empty; NaN otherwise. */
export function parsePercent(text: string): number | null {
  const s = text.replace(/[\s\u00a0%]/g, '').replace(/^\u2212/, '-');
  if (s === '') return null;
  const m = /^(-?)(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(s);
  if (!m) return NaN;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -bp : bp;
}

const whole = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const pct2 = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fte2 = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Öre as kronor with two decimals, exact (no float rounding of the öre). */
export function formatKr(ore: number | null | undefined): string {
  if (ore === null || ore === undefined) return '';
  const sign = ore < 0 ? '−' : '';
  const abs = Math.abs(ore);
  return `${sign}${whole.format(Math.floor(abs / 100))},${String(abs % 100).padStart(2, '0')}`;
}

/** Öre as kronor for an input field: "1234,50", "-500,00". */
export function editKr(ore: number | null | undefined): string {
  if (ore === null || ore === undefined) return '';
  const abs = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

export function formatPercent(bp: number): string {
  return `${pct2.format(bp / 100)}${PERCENT_SUFFIX}`;
}

export function editPercent(bp: number): string {
  return pct2.format(bp / 100);
}

export function formatFte(fte: number): string {
  return fte2.format(fte);
}

export const MONTH_NAMES = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
export const MONTH_SHORT = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** The outcome of the last action: an error with its located problems, or a confirmation read out by screen readers. */
export function ActionStatus({ error, message }: { error: Error | null; message: string | null }) {
  if (error) return <ErrorBanner error={error} />;
  if (message)
    return (
      <p className="pl-ok" role="status">
        {message}
      </p>
    );
  return null;
}

/** An input error of the form itself (before anything is sent), in the same shape as the app's errors. */
export function formError(message: string): ApiError {
  return new ApiError({ code: 'INVALID_INPUT', message, details: [] });
}

const LEVEL_PREFIX = ['', '  ', '    ', '      ', '        '];

export function NodeSelect({
  id,
  label,
  nodes,
  value,
  onChange,
  allowEmpty,
  emptyLabel = '(inget)',
  maxDepth,
}: {
  id: string;
  label: string;
  nodes: PlanningLookups['nodes'];
  value: string;
  onChange(code: string): void;
  allowEmpty?: boolean;
  emptyLabel?: string;
  maxDepth?: number;
}) {
  return (
    <div className="pl-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowEmpty && <option value="">{emptyLabel}</option>}
        {nodes
          .filter((n) => maxDepth === undefined || n.depth <= maxDepth)
          .map((n) => (
            <option key={n.code} value={n.code}>
              {`${LEVEL_PREFIX[Math.min(n.depth, 4)]}${n.code} ${n.name}`.replace(/ /g, '\u00a0')}
            </option>
          ))}
      </select>
    </div>
  );
}

export function AccountSelect({
  id,
  label,
  accounts,
  value,
  onChange,
  allowEmpty,
  filter,
}: {
  id: string;
  label: string;
  accounts: PlanningLookups['accounts'];
  value: string;
  onChange(code: string): void;
  allowEmpty?: boolean;
  filter?: (a: PlanningLookups['accounts'][number]) => boolean;
}) {
  return (
    <div className="pl-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowEmpty && <option value="">(inget konto)</option>}
        {accounts
          .filter((a) => !filter || filter(a) || a.code === value)
          .map((a) => (
            <option key={a.code} value={a.code}>
              {a.code} {a.name}
            </option>
          ))}
      </select>
    </div>
  );
}

export function TextField({ id, label, value, onChange, hint, inputMode, size }: { id: string; label: string; value: string; onChange(v: string): void; hint?: string; inputMode?: 'decimal' | 'text'; size?: number }) {
  return (
    <div className="pl-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} inputMode={inputMode} size={size} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint && (
        <small id={`${id}-hint`} className="pl-hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A version-bound tab says plainly when there is nothing to show. */
export function NeedsVersion({ children }: { children?: ReactNode }) {
  return (
    <div className="banner banner-info" role="note">
      <p>Det finns ingen budgetversion för året ännu. {children ?? 'Skapa en under Import och export: ny budget utifrån förra året, eller läs in en detaljbudget.'}</p>
    </div>
  );
}

export function LockedNote({ name }: { name: string }) {
  return (
    <p className="pl-locked" role="note">
      Versionen ”{name}” är låst (beslutad). Här visas den; ändra i en revidering eller arbetsversion.
    </p>
  );
}

/** Class for a money cell: red when negative is unfavourable here. */
export function signClass(ore: number | null | undefined, negativeIsBad = true): string {
  if (!ore) return 'num';
  return (ore < 0) === negativeIsBad ? 'num unfavourable' : 'num favourable';
}
