import type { EndpointOutcome } from './endpoint-outcome.js';
import { byCutOff, censorAtLastActivity, exclusionOf } from './follow-up.js';
import type { EndpointRules, PatientFacts } from './patient-facts.js';

/**
 * Time to next treatment (TTNT): from the start of the index line (the index date) to the start of the next line,
 * or to death when `ttntDeathIsEvent` (the default; "time to next treatment or death"). When death is not an event
 * it ends follow-up: the patient is censored at the death. The others are censored at the last activity (or the
 * cut-off). Patients without a line starting on the index date are left out (`no-index-line`). See
 * docs/endpoints.md.
 *
 * @example
 * timeToNextTreatment({ ...facts, index: 0, indexLine: { end: 90 }, nextLine: 200 }, rules) // { end: 200, event: true, reason: 'next-line' }
 */
export function timeToNextTreatment(facts: PatientFacts, rules: EndpointRules): EndpointOutcome {
  const excluded = exclusionOf(facts, rules);
  if (excluded !== null) return { excluded };
  if (facts.indexLine === null) return { excluded: 'no-index-line' };
  const next = byCutOff(facts.nextLine, rules) ? facts.nextLine : null;
  const death = byCutOff(facts.death, rules) ? facts.death : null;
  if (next !== null && (death === null || next <= death)) return { end: next, event: true, reason: 'next-line' };
  if (death !== null) return { end: death, event: rules.ttntDeathIsEvent, reason: 'death' };
  return censorAtLastActivity(facts, rules);
}
