/**
 * Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), the representation hot loops and
 * engines share, and ISO 'YYYY-MM-DD' strings, the representation people and files use. No time zones involved:
 * a date is a calendar day, not an instant.
 *
 * Algorithm: H. Hinnant, "chrono-compatible low-level date algorithms" (days_from_civil / civil_from_days).
 */

/** @example isoDateToDayNumber('1970-01-02') // 1 */
export function isoDateToDayNumber(iso: string): number {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) throw new RangeError('not an ISO date (YYYY-MM-DD)');
  const y = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(y, month)) throw new RangeError('not a calendar date');
  return daysFromCivil(y, month, day);
}

/** @example dayNumberToIsoDate(0) // '1970-01-01' */
export function dayNumberToIsoDate(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError('day number must be an integer');
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const yyyy = y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
  return `${yyyy}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
