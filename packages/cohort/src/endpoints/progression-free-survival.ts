import type { EndpointOutcome } from './endpoint-outcome.js';
import { byCutOff, censorAtLastActivity, exclusionOf } from './follow-up.js';
import type { EndpointRules, PatientFacts } from './patient-facts.js';

/**
 * Real-world progression-free survival (rwPFS): from the index to the first progression after it or death,
 * whichever comes first; the others are censored at the last activity (or the cut-off, when activity goes on past
 * it). A progression on the index date does not count (the query only reads progressions after the index, plus
 * `progressionGraceDays`): it is the progression that led to the index line, not one on it. A progression dated
 * after the death (a late record) loses to the death. A death after the cut-off does not prove the patient
 * progression-free at the cut-off, so unlike rwOS it does not move the censoring there. See docs/endpoints.md.
 *
 * @example
 * progressionFreeSurvival({ ...facts, index: 0, progression: 120, death: 300 }, rules) // { end: 120, event: true, reason: 'progression' }
 */
export function progressionFreeSurvival(facts: PatientFacts, rules: EndpointRules): EndpointOutcome {
  const excluded = exclusionOf(facts, rules);
  if (excluded !== null) return { excluded };
  const progression = byCutOff(facts.progression, rules) ? facts.progression : null;
  const death = byCutOff(facts.death, rules) ? facts.death : null;
  if (progression !== null && (death === null || progression <= death)) return { end: progression, event: true, reason: 'progression' };
  if (death !== null) return { end: death, event: true, reason: 'death' };
  return censorAtLastActivity(facts, rules);
}
