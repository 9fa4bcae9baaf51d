import { StatsError } from './stats-error.js';

/**
 * A treatment (exposure) indicator as 0/1 bytes. Accepts booleans or the numbers 0 and 1; anything else (including
 * missing) is invalid input, because the comparative-effectiveness methods need every unit in one arm.
 *
 * @example
 * toTreatmentIndicator([true, false, 1, 0]) // → Uint8Array [1, 0, 1, 0]
 */
export function toTreatmentIndicator(treatment: ArrayLike<number | boolean>, field = 'treatment'): Uint8Array {
  const out = new Uint8Array(treatment.length);
  for (let i = 0; i < treatment.length; i++) {
    const t = treatment[i];
    if (t === true || t === 1) out[i] = 1;
    else if (t === false || t === 0) out[i] = 0;
    else throw new StatsError('invalid_input', 'treatment must be 0/1 or boolean for every row', { details: { field, row: i } });
  }
  return out;
}
