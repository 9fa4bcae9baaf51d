import type { EndpointOutcome } from './endpoint-outcome.js';
import { byCutOff, censorAtLastActivity, exclusionOf } from './follow-up.js';
import type { EndpointRules, PatientFacts } from './patient-facts.js';

/**
 * Real-world overall survival (rwOS): from the index to death. The living are censored at their last activity on or
 * after the index (Flatiron Health's convention for rwOS: last confirmed activity in the record), or at the data
 * cut-off when they are known alive then — by activity after it, or by a death dated after it. See docs/endpoints.md.
 *
 * @example
 * overallSurvival({ personId: 1, index: 0, knownPerson: true, death: 300, lastActivity: 280, progression: null, indexLine: null, nextLine: null }, rules)
 * // { end: 300, event: true, reason: 'death' }
 */
export function overallSurvival(facts: PatientFacts, rules: EndpointRules): EndpointOutcome {
  const excluded = exclusionOf(facts, rules);
  if (excluded !== null) return { excluded };
  if (byCutOff(facts.death, rules)) return { end: facts.death, event: true, reason: 'death' };
  // Died after the cut-off: alive at the cut-off, whatever the last activity before it.
  if (facts.death !== null && rules.cutOff !== null) return { end: rules.cutOff, event: false, reason: 'data-cut-off' };
  return censorAtLastActivity(facts, rules);
}
