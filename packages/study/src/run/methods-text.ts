import { type CohortDefinition } from '@parcours/cohort';
import { SOFTWARE_VERSION } from '@parcours/store';
import { type ResolvedSettings, type StudyProtocol } from '../protocol/study-protocol.js';
import { DAYS_PER_MONTH } from '../results/study-results.js';
import { COVARIATE_LABELS, ECOG_LOOKBACK_DAYS, BRAIN_METASTASIS_WINDOW_DAYS } from './baseline-covariates.js';

const OUTCOME_DEFINITIONS: Readonly<Record<string, string>> = {
  rwOS: 'real-world overall survival (rwOS: index to death from any cause; patients alive censored at their last recorded activity)',
  rwPFS: 'real-world progression-free survival (rwPFS: index to the first recorded progression after the index, or death)',
  TTNT: 'time to next treatment (TTNT: index to the start of the next line, or death)',
  TTD: 'time to treatment discontinuation (TTD: index to the end of the index line, or death)',
};

const list = (items: readonly string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`);

/**
 * The methods paragraph of a study, written from its protocol: what a reader of the report (or a journal) needs to
 * know to judge and repeat the analysis. Only the protocol and fixed software facts go in — never a result.
 */
export function methodsText(protocol: StudyProtocol, cohort: CohortDefinition, settings: ResolvedSettings, armNames: ReadonlyMap<string, string>): string {
  const arm = (id: string): string => armNames.get(id) ?? id;
  const paragraphs: string[] = [];
  const population = `${cohort.name}${cohort.description === undefined ? '' : ` (${cohort.description.trim().replace(/\s+/g, ' ').replace(/\.$/, '')})`}`;
  paragraphs.push(
    `Design and population. Retrospective cohort study in an OMOP CDM v5.4 warehouse (study ${protocol.id}, protocol version ${protocol.version}). Population: ${population}. ` +
      `Patients were assigned to the first matching of the study arms: ${list(protocol.arms.map(arm))}.` +
      (settings.endpoints.dataCutOff === undefined ? '' : ` Data cut-off: ${settings.endpoints.dataCutOff}.`),
  );
  paragraphs.push(
    `Outcomes. ${list(protocol.outcomes.map((o) => OUTCOME_DEFINITIONS[o] ?? o))}, measured in days from the index date and reported in months (1 month = ${DAYS_PER_MONTH.toFixed(2)} days).` +
      (protocol.landmark === undefined ? '' : ` Analyses started at a landmark ${protocol.landmark.days} days (${(protocol.landmark.days / DAYS_PER_MONTH).toFixed(1)} months) after the index: patients with an event or censored before it were excluded, and times were counted from it, so that an exposure beginning after the index is not credited with the time before it (immortal time).`) +
      ` Follow-up of event-free patients ended at ${settings.endpoints.followUpEnd === 'observation-period' ? 'the end of their observation period' : 'their last recorded activity (visit, drug, measurement, procedure or note)'}.`,
  );
  const covariates = protocol.covariates.map((c) => COVARIATE_LABELS[c].toLowerCase().replace(/, years$/, ''));
  paragraphs.push(
    `Baseline covariates at the index date: ${list(covariates)}` +
      (protocol.covariates.includes('ecog') ? ` (ECOG: latest value within ${ECOG_LOOKBACK_DAYS} days before the index)` : '') +
      (protocol.covariates.includes('brain-metastases') ? ` (brain metastases: ICD-10 C79.3 recorded up to ${BRAIN_METASTASIS_WINDOW_DAYS} days after the index)` : '') +
      (protocol.covariates.includes('calendar-period') ? ` (calendar periods starting ${list(settings.calendarPeriods.map(String))})` : '') +
      '. Missing categorical values were modelled as a category of their own; missing age took the median.',
  );
  const trim = settings.iptw.trim === undefined ? 'no trimming' : `patients with a propensity score below the ${settings.iptw.trim.lower * 100}th percentile among the treated or above the ${settings.iptw.trim.upper * 100}th percentile among the comparators were trimmed (Stürmer et al. 2010)`;
  paragraphs.push(
    `Statistical analysis. Survival was estimated by the Kaplan–Meier method with log-transformed 95 % confidence intervals; medians with the Brookmeyer–Crowley interval; survival at ${list(settings.survivalAtMonths.map((m) => `${m}`))} months. ` +
      `Arms were compared with the log-rank test and Cox proportional-hazards models (Efron ties), unadjusted and adjusted for the baseline covariates. ` +
      `For the propensity-score analysis, the probability of treatment was estimated by logistic regression on the same covariates (Firth's penalized likelihood where the maximum-likelihood estimate did not exist because of separation); patients in a covariate category seen in one arm only were left out (no common support); ` +
      `${settings.iptw.stabilized ? 'stabilized ' : ''}inverse-probability-of-treatment weights targeted the ${settings.iptw.estimand === 'ATE' ? 'average treatment effect in the population (ATE)' : 'average treatment effect in the treated (ATT)'}, with ${trim}; ` +
      `the weighted Cox model used a robust (sandwich) variance. Covariate balance was assessed by standardized mean differences (|SMD| < 0.1 taken as balanced).` +
      ((protocol.sensitivity?.length ?? 0) > 0 ? ` Sensitivity analyses: ${list((protocol.sensitivity ?? []).map((s) => s.name.replace(/\.$/, '')))}.` : ''),
  );
  paragraphs.push(
    `Disclosure control. Only aggregate results left the secure workspace. Counts between 1 and ${settings.minCellSize - 1} were suppressed, with complementary suppression so that no suppressed count can be recovered by subtraction; survival curves stop where fewer than ${settings.minCellSize} patients remain at risk; hazard ratios are withheld when an arm or its events number fewer than ${settings.minCellSize}. ` +
      `Analyses ran in Parcours ${SOFTWARE_VERSION}, whose survival statistics are tested against R's survival package.`,
  );
  return paragraphs.join('\n\n');
}
