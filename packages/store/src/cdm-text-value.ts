import { daysFromCivil, daysInMonth, type ColumnSpec } from '@parcours/core';
import type { AppendValue } from './warehouse.js';

/** Why a text field cannot become a column's value. `reason` names the rule, never the value. */
export interface CdmValueProblem {
  readonly problem: 'missing' | 'invalid-integer' | 'invalid-number' | 'invalid-date' | 'value-too-long';
  readonly reason: string;
}

/** A text field → the value `Warehouse.append` takes, or a problem (a shared constant: no allocation per value). */
export type CdmTextConverter = (text: string) => AppendValue | CdmValueProblem;

export function isCdmValueProblem(value: AppendValue | CdmValueProblem): value is CdmValueProblem {
  return typeof value === 'object' && value !== null;
}

const MIN_INT32 = -2_147_483_648;
const MAX_INT32 = 2_147_483_647;
const MAX_INT64 = 2n ** 63n - 1n;

// YYYY-MM-DD or YYYYMMDD, optionally followed by a time (HH:MM[:SS[.ffffff]]) and a UTC marker (Z, +00, +00:00).
const DATE_TIME = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]00(?::?00)?)?)?$/;

/**
 * How the text of one CDM CSV field becomes a value of its column: empty → null (an error if the column is
 * required), integers checked against 32 bits (OMOP's `integer`), dates as YYYY-MM-DD or YYYYMMDD (a datetime in a
 * date column keeps its date, as OHDSI exports such as Eunomia write eras), datetimes normalised to
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]' (zone-less; only a UTC marker is accepted), VARCHAR(n) lengths enforced so that
 * both engines accept the same rows. Shared by the vocabulary loader and the OMOP CSV ingestion.
 *
 * @example cdmTextConverter({ name: 'death_date', type: 'date', required: true })('20200102') // 18263 (a day number)
 */
export function cdmTextConverter(column: ColumnSpec): CdmTextConverter {
  const missing: CdmValueProblem = { problem: 'missing', reason: `a required value is empty in column ${column.name}` };
  const empty = column.required ? missing : null;
  switch (column.type) {
    case 'integer':
    case 'bigint': {
      const bad: CdmValueProblem = { problem: 'invalid-integer', reason: `not an integer in column ${column.name}` };
      const range: CdmValueProblem = { problem: 'invalid-integer', reason: `an integer out of range for column ${column.name}` };
      const big = column.type === 'bigint';
      return (text) => {
        if (text === '') return empty;
        if (!/^[-+]?\d+$/.test(text)) return bad;
        if (big) {
          const n = BigInt(text);
          return n > MAX_INT64 || n < -MAX_INT64 - 1n ? range : n;
        }
        const n = Number(text);
        return n < MIN_INT32 || n > MAX_INT32 ? range : n;
      };
    }
    case 'float': {
      const bad: CdmValueProblem = { problem: 'invalid-number', reason: `not a number in column ${column.name}` };
      return (text) => {
        if (text === '') return empty;
        const n = Number(text);
        return Number.isFinite(n) && text.trim() !== '' ? n : bad;
      };
    }
    case 'date': {
      const bad: CdmValueProblem = { problem: 'invalid-date', reason: `not a date (YYYY-MM-DD or YYYYMMDD) in column ${column.name}` };
      return (text) => {
        if (text === '') return empty;
        const m = DATE_TIME.exec(text);
        if (m === null || !validTime(m)) return bad;
        return dayNumber(m) ?? bad;
      };
    }
    case 'datetime': {
      const bad: CdmValueProblem = { problem: 'invalid-date', reason: `not a datetime (YYYY-MM-DD[ HH:MM:SS]) in column ${column.name}` };
      return (text) => {
        if (text === '') return empty;
        const m = DATE_TIME.exec(text);
        if (m === null || !validTime(m) || dayNumber(m) === undefined) return bad;
        const fraction = m[7] === undefined ? '' : `.${m[7].slice(0, 6)}`;
        return `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${fraction}`;
      };
    }
    case 'varchar':
    case 'text': {
      const max = column.type === 'varchar' ? column.length : undefined;
      const tooLong: CdmValueProblem = { problem: 'value-too-long', reason: `longer than ${max ?? 0} characters in column ${column.name}` };
      return (text) => {
        if (text === '') return empty;
        return max !== undefined && text.length > max ? tooLong : text;
      };
    }
  }
}

function dayNumber(m: RegExpExecArray): number | undefined {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

function validTime(m: RegExpExecArray): boolean {
  return m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60 && (m[6] === undefined || Number(m[6]) < 60));
}
