import { dayNumberToIsoDate, isoDateToDayNumber, type ColumnSpec } from '@parcours/core';
import type { AppendValue } from '@parcours/store';

/** Positions of a table's date and datetime columns. */
export interface DateColumns {
  readonly dates: readonly number[];
  readonly datetimes: readonly number[];
}

export function dateColumnsOf(columns: readonly ColumnSpec[]): DateColumns {
  const of = (type: ColumnSpec['type']) => columns.flatMap((c, i) => (c.type === type ? [i] : []));
  return { dates: of('date'), datetimes: of('datetime') };
}

/**
 * Move every date of a row by `days` (dates are day numbers, datetimes 'YYYY-MM-DD HH:MM:SS' strings as the CDM
 * converter writes them; the time of day is kept), so that intervals between a patient's events do not change.
 * @example shiftDates([18262, '2020-01-01 10:30:00'], { dates: [0], datetimes: [1] }, -3) // [18259, '2019-12-29 10:30:00']
 */
export function shiftDates(row: AppendValue[], columns: DateColumns, days: number): void {
  if (days === 0) return;
  for (const i of columns.dates) {
    const v = row[i];
    if (typeof v === 'number') row[i] = v + days;
  }
  for (const i of columns.datetimes) {
    const v = row[i];
    if (typeof v === 'string') row[i] = shiftDatetime(v, days);
  }
}

export function shiftDatetime(datetime: string, days: number): string {
  return dayNumberToIsoDate(isoDateToDayNumber(datetime.slice(0, 10)) + days) + datetime.slice(10);
}
