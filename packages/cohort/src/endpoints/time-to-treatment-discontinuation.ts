import type { EndpointOutcome } from './endpoint-outcome.js';
import { censorAtLastActivity, exclusionOf } from './follow-up.js';
import type { EndpointRules, PatientFacts } from './patient-facts.js';

/**
 * Time to treatment discontinuation (TTD): from the start of the index line (the index date) to its end — the last
 * day covered by its exposures, the line's episode_end_date — when the line is known to have stopped there:
 *
 * 1. a next line starts after the index (`next-line`), or
 * 2. the patient died (`death`; the discontinuation is dated at the line's end, not at the death), or
 * 3. the record goes on for at least `discontinuationGapDays` after the line's end without it (`treatment-gap`).
 *
 * Otherwise the patient may still be on treatment: censored at the line's end (`on-treatment`), or at the cut-off
 * when the line goes on past it (`data-cut-off`). The event must be dated on or before the cut-off; what confirms it
 * may come later (the line did stop then). A line end after the death is moved to the death. A line without an end
 * date ends the day before the next line, or at the death; otherwise it is taken as going on, censored at the last
 * activity. See docs/endpoints.md.
 *
 * @example
 * timeToTreatmentDiscontinuation({ ...facts, index: 0, indexLine: { end: 150 }, nextLine: 200 }, rules) // { end: 150, event: true, reason: 'next-line' }
 */
export function timeToTreatmentDiscontinuation(facts: PatientFacts, rules: EndpointRules): EndpointOutcome {
  const excluded = exclusionOf(facts, rules);
  if (excluded !== null) return { excluded };
  if (facts.indexLine === null) return { excluded: 'no-index-line' };
  const recordedEnd = facts.indexLine.end ?? (facts.nextLine !== null ? facts.nextLine - 1 : facts.death);
  if (recordedEnd === null) {
    const censored = censorAtLastActivity(facts, rules);
    return 'reason' in censored && censored.reason === 'last-activity' ? { ...censored, reason: 'on-treatment' } : censored;
  }
  // A line cannot end before it starts nor after the death: such dates are clamped rather than trusted.
  const end = Math.min(Math.max(recordedEnd, facts.index), facts.death ?? Number.POSITIVE_INFINITY);
  if (rules.cutOff !== null && end > rules.cutOff) return { end: rules.cutOff, event: false, reason: 'data-cut-off' };
  if (facts.nextLine !== null) return { end, event: true, reason: 'next-line' };
  if (facts.death !== null) return { end, event: true, reason: 'death' };
  if (facts.lastActivity !== null && facts.lastActivity - end >= rules.discontinuationGapDays) return { end, event: true, reason: 'treatment-gap' };
  return { end, event: false, reason: 'on-treatment' };
}
