import type { EndpointOutcome, ExclusionReason } from './endpoint-outcome.js';
import type { EndpointRules, PatientFacts } from './patient-facts.js';

/**
 * Why a patient cannot enter any endpoint analysis, or null. Checked in this order: unknown person, index after the
 * cut-off, potential follow-up (cut-off − index) shorter than the minimum, death before the index.
 *
 * The minimum follow-up is potential follow-up, not observed follow-up: leaving out patients *observed* for less
 * than N days would drop the living and keep the early deaths, and bias survival downwards.
 *
 * @example
 * exclusionOf({ ...facts, index: 100, death: 90 }, rules) // 'death-before-index'
 */
export function exclusionOf(facts: PatientFacts, rules: EndpointRules): ExclusionReason | null {
  if (!facts.knownPerson) return 'unknown-person';
  if (rules.cutOff !== null && facts.index > rules.cutOff) return 'index-after-cut-off';
  if (rules.minimumFollowUpDays > 0 && rules.cutOff !== null && rules.cutOff - facts.index < rules.minimumFollowUpDays) return 'insufficient-follow-up';
  if (facts.death !== null && facts.death < facts.index) return 'death-before-index';
  return null;
}

/** True when `day` exists and is on or before the cut-off (an event after the cut-off is not an event of the study). */
export function byCutOff(day: number | null, rules: EndpointRules): day is number {
  return day !== null && (rules.cutOff === null || day <= rules.cutOff);
}

/**
 * The censoring of a patient without an event: at the last activity on or after the index, or at the index when
 * there is none (time 0, `no-follow-up`); at the cut-off when activity goes on past it — the patient is then known to
 * have been alive and in care at the cut-off.
 *
 * @example
 * censorAtLastActivity({ ...facts, index: 100, lastActivity: 400 }, { ...rules, cutOff: 300 })
 * // { end: 300, event: false, reason: 'data-cut-off' }
 */
export function censorAtLastActivity(facts: PatientFacts, rules: EndpointRules): EndpointOutcome {
  const last = facts.lastActivity;
  if (rules.cutOff !== null && last !== null && last > rules.cutOff) return { end: rules.cutOff, event: false, reason: 'data-cut-off' };
  if (last === null || last <= facts.index) return { end: facts.index, event: false, reason: 'no-follow-up' };
  return { end: last, event: false, reason: 'last-activity' };
}
