import type { DateMatch } from './dates.js';
import type { IdentifierType } from './identifier-type.js';

/** Where a person's name was recognised from; decides its type when pieces are merged. */
export type NameOrigin = 'record' | 'doctor-title' | 'civil-title' | 'label' | 'dictionary';

/** A span some detector proposes; overlaps are resolved afterwards (longest first, then by priority). */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly type: IdentifierType;
  readonly priority: number;
  readonly origin?: NameOrigin;
  readonly date?: DateMatch;
}

/** How much a detector is trusted when two spans of the same length overlap. */
export const PRIORITY = {
  /** A long number with no context. */
  fallback: 1,
  /** A word found in the name dictionaries. */
  dictionary: 2,
  /** A shape: a date, a phone number, an address, an e-mail. */
  pattern: 3,
  /** A shape announced by its label ("IPP :", "NIR", "Dr"). */
  context: 4,
  /** A value of the patient's own record. */
  record: 5,
} as const;
