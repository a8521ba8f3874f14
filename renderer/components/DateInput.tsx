import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, daysInMonth, parseDate } from '../../shared/dates';

export interface DateInputProps {
  /** For a <label htmlFor>; without one, give ariaLabel. */
  id?: string;
  /** The accessible name when no label points at the input. */
  ariaLabel?: string;
  /** The text of the field: an ÅÅÅÅ-MM-DD date, '' or what the user is typing. */
  value: string;
  /** Every change of the text; on leaving the field a valid date is written out as ÅÅÅÅ-MM-DD. */
  onChange(text: string): void;
  /** Earliest and latest allowed date, ÅÅÅÅ-MM-DD. */
  min?: string;
  max?: string;
  /** An empty field is allowed (no date). */
  allowEmpty?: boolean;
  readOnly?: boolean;
  disabled?: boolean;
  className?: string;
}

/** The message for a text that is not an allowed date, or null. */
export function dateProblem(text: string, opts: { min?: string; max?: string; allowEmpty?: boolean }): string | null {
  if (text.trim() === '') return opts.allowEmpty ? null : 'Ange ett datum som ÅÅÅÅ-MM-DD.';
  const p = parseDate(text);
  if (!p.ok) return p.message;
  if (opts.min && p.value < opts.min) return `Datumet ska vara ${opts.min} eller senare.`;
  if (opts.max && p.value > opts.max) return `Datumet ska vara ${opts.max} eller tidigare.`;
  return null;
}

function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A date field that reads and writes ÅÅÅÅ-MM-DD whatever the browser's
 * locale (an <input type="date"> shows 12/06/2026 in an en-US Chromium). A
 * text that is not a date gets a Swedish message under the field and makes
 * the field invalid for its form, so a form is not sent with it. Arrow up and
 * down move a day, Page Up and Page Down a month.
 */
export function DateInput({ id, ariaLabel, value, onChange, min, max, allowEmpty = false, readOnly, disabled, className }: DateInputProps) {
  const ref = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const errorId = useId();
  const [touched, setTouched] = useState(false);
  const problem = dateProblem(value, { min, max, allowEmpty });
  // Shown once the user has left the field or typed a whole date; while typing, the half-written date is not an error yet.
  const shown = problem !== null && (touched || value.trim().length >= 10) ? problem : null;

  useEffect(() => {
    ref.current?.setCustomValidity(problem ?? '');
  }, [problem]);

  const step = (e: KeyboardEvent<HTMLInputElement>) => {
    if (readOnly || disabled) return;
    const move = { ArrowUp: [1, 0], ArrowDown: [-1, 0], PageUp: [0, 1], PageDown: [0, -1] }[e.key];
    if (!move) return;
    const p = parseDate(value);
    if (!p.ok) return;
    e.preventDefault();
    let next = move[0] !== 0 ? addDays(p.value, move[0]!) : addMonths(p.value, move[1]!);
    if (min && next < min) next = min;
    if (max && next > max) next = max;
    onChange(next);
  };

  return (
    <span className={`date-input${className ? ` ${className}` : ''}`}>
      <input
        ref={ref}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="ÅÅÅÅ-MM-DD"
        size={11}
        maxLength={10}
        value={value}
        aria-label={ariaLabel}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? `${errorId} ${hintId}` : hintId}
        readOnly={readOnly}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={step}
        onBlur={() => {
          setTouched(true);
          const p = parseDate(value);
          if (p.ok && p.value !== value) onChange(p.value);
        }}
      />
      <span id={hintId} className="sr-only">
        Datum som ÅÅÅÅ-MM-DD. Pil upp och ned ändrar en dag, Page Up och Page Down en månad.
      </span>
      {shown && (
        <span id={errorId} className="field-error date-input-error" role="alert">
          {shown}
        </span>
      )}
    </span>
  );
}
