import { AppError } from '@parcours/core';

/**
 * The settings of line-of-therapy derivation, each one rule of docs/lines-of-therapy.md (which gives its source).
 * Drug names are ingredient names in lower case ('carboplatin', 'nab-paclitaxel'), as in `DrugExposureEvent.drug`.
 * Days are calendar days; "within N days" is inclusive.
 *
 * @example
 * // A study that wants the stricter 90-day gap of some claims-based algorithms:
 * const rules: LineRules = { ...DEFAULT_LINE_RULES, maxGapDays: 90 };
 * // Pass the same object for every patient: it is validated and indexed once.
 */
export interface LineRules {
  /** Drugs started within this many days of a line's first exposure make up its regimen. */
  readonly regimenWindowDays: number;
  /** A line ends when the next exposure starts more than this many days after the last day covered by the line. */
  readonly maxGapDays: number;
  /** The gap tolerated when one of `oralTargetedDrugs` of the line resumes (toxicity holds, dispensing irregularity). */
  readonly oralTargetedMaxGapDays: number;
  readonly oralTargetedDrugs: readonly string[];
  /** Groups of interchangeable drugs: one replacing another (cisplatin → carboplatin) never changes the line. */
  readonly substitutions: readonly (readonly string[])[];
  /**
   * Groups of drugs never given together (tyrosine kinase inhibitors of one target): starting one while another of
   * its group is in the line is a switch, hence a new line, even inside the regimen window.
   */
  readonly exclusiveGroups: readonly (readonly string[])[];
  /**
   * Continuation maintenance: a regimen drug counts as dropped when the line's other drugs go on for more than this
   * many days after its last dose; the line is then flagged with a maintenance phase (same line).
   */
  readonly maintenanceMinDays: number;
  /** Drugs that, started after a completed induction, are switch maintenance (same line) rather than a new line. */
  readonly switchMaintenanceDrugs: readonly string[];
  /** The induction must contain one of these (platinum) for a switch-maintenance drug to stay in the line. */
  readonly switchMaintenanceAfter: readonly string[];
  /** Largest delay between the last dose of the induction and the switch-maintenance drug. */
  readonly switchMaintenanceMaxDelayDays: number;
  /**
   * Drugs given in the background of lines (e.g. GnRH analogues kept through every line of castration-resistant
   * prostate cancer): they join the open line but never open, advance, extend or end one, and alone make no line.
   */
  readonly backgroundDrugs: readonly string[];
  /**
   * Days a depot injection covers at least, for drugs recorded on their injection day only (a 1- or 3-month GnRH
   * analogue depot, monthly fulvestrant): the exposure's end is moved to start + days − 1 when earlier.
   */
  readonly depotCoverageDays: Readonly<Record<string, number>>;
  /**
   * With documented progression dates: at the first dose after a progression, a treatment different from the one
   * given before it (a drug added, dropped or re-introduced) starts a new line; the same drugs are treatment beyond
   * progression and stay in the line.
   */
  readonly newLineOnChangeAfterProgression: boolean;
  /** Exposures starting up to this many days before the advanced-disease date still count as advanced-disease lines. */
  readonly anchorLookbackDays: number;
}

/**
 * The defaults: the regimen window (28 days), the gap (120 days) and the cisplatin/carboplatin and
 * paclitaxel/nab-paclitaxel substitutions of published real-world rules for metastatic NSCLC, the longer gap
 * (180 days) those rules allow oral targeted therapies, and switch maintenance after platinum. See
 * docs/lines-of-therapy.md for the source and the reason of each value.
 */
export const DEFAULT_LINE_RULES: LineRules = Object.freeze({
  regimenWindowDays: 28,
  maxGapDays: 120,
  oralTargetedMaxGapDays: 180,
  oralTargetedDrugs: Object.freeze([
    // EGFR, ALK/ROS1, BRAF/MEK, BCR-ABL kinase inhibitors, CDK4/6 and PARP inhibitors: oral, dispensed monthly.
    'abemaciclib',
    'afatinib',
    'alectinib',
    'brigatinib',
    'ceritinib',
    'crizotinib',
    'dabrafenib',
    'dacomitinib',
    'entrectinib',
    'erlotinib',
    'gefitinib',
    'imatinib',
    'lorlatinib',
    'niraparib',
    'olaparib',
    'osimertinib',
    'palbociclib',
    'repotrectinib',
    'ribociclib',
    'rucaparib',
    'trametinib',
  ]),
  substitutions: Object.freeze([
    Object.freeze(['carboplatin', 'cisplatin']),
    // The bundled vocabulary names the albumin-bound form 'paclitaxel protein-bound' (synonym nab-paclitaxel).
    Object.freeze(['nab-paclitaxel', 'paclitaxel', 'paclitaxel protein-bound']),
  ]),
  exclusiveGroups: Object.freeze([
    Object.freeze(['alectinib', 'brigatinib', 'ceritinib', 'crizotinib', 'entrectinib', 'lorlatinib', 'repotrectinib']),
    Object.freeze(['afatinib', 'dacomitinib', 'erlotinib', 'gefitinib', 'osimertinib']),
  ]),
  maintenanceMinDays: 28,
  switchMaintenanceDrugs: Object.freeze(['niraparib', 'olaparib', 'pemetrexed', 'rucaparib']),
  switchMaintenanceAfter: Object.freeze(['carboplatin', 'cisplatin']),
  switchMaintenanceMaxDelayDays: 84,
  backgroundDrugs: Object.freeze([]),
  // The shortest depot interval of each drug: monthly forms exist for every GnRH analogue listed.
  depotCoverageDays: Object.freeze({ degarelix: 28, fulvestrant: 28, goserelin: 28, leuprolide: 28, leuprorelin: 28, triptorelin: 28 }),
  newLineOnChangeAfterProgression: true,
  anchorLookbackDays: 0,
});

/** The rules indexed for the hot loop: sets and maps instead of arrays. */
export interface CompiledLineRules {
  readonly regimenWindowDays: number;
  readonly maxGapDays: number;
  readonly oralTargetedMaxGapDays: number;
  readonly oralTargeted: ReadonlySet<string>;
  /** Drug → its substitution group (shared array). */
  readonly substitutionGroup: ReadonlyMap<string, readonly string[]>;
  readonly exclusiveGroup: ReadonlyMap<string, readonly string[]>;
  readonly maintenanceMinDays: number;
  readonly switchMaintenance: ReadonlySet<string>;
  readonly switchMaintenanceAfter: ReadonlySet<string>;
  readonly switchMaintenanceMaxDelayDays: number;
  readonly background: ReadonlySet<string>;
  readonly depotCoverageDays: ReadonlyMap<string, number>;
  readonly newLineOnChangeAfterProgression: boolean;
  readonly anchorLookbackDays: number;
}

const compiled = new WeakMap<LineRules, CompiledLineRules>();

/**
 * Validates and indexes a rule set, once per rules object (cached). Throws `invalid_argument` naming the setting.
 * @example compileLineRules(DEFAULT_LINE_RULES).oralTargeted.has('crizotinib') // true
 */
export function compileLineRules(rules: LineRules): CompiledLineRules {
  const cached = compiled.get(rules);
  if (cached !== undefined) return cached;
  const days = (field: keyof LineRules, min: number): number => {
    const value = rules[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new AppError('invalid_argument', `line rule ${field} must be an integer of at least ${min} days`, { details: { field } });
    }
    return value;
  };
  const drugs = (field: keyof LineRules): ReadonlySet<string> => {
    const value = rules[field];
    if (!Array.isArray(value) || value.some((d) => typeof d !== 'string' || d === '')) {
      throw new AppError('invalid_argument', `line rule ${field} must be a list of drug names`, { details: { field } });
    }
    return new Set(value as readonly string[]);
  };
  const groups = (field: 'substitutions' | 'exclusiveGroups'): ReadonlyMap<string, readonly string[]> => {
    const byDrug = new Map<string, readonly string[]>();
    const value: unknown = rules[field];
    if (!Array.isArray(value)) throw new AppError('invalid_argument', `line rule ${field} must be a list of drug groups`, { details: { field } });
    value.forEach((group: unknown, g) => {
      if (!Array.isArray(group) || group.length < 2 || group.some((d) => typeof d !== 'string' || d === '')) {
        throw new AppError('invalid_argument', `line rule ${field} needs groups of at least two drug names`, { details: { field, path: `${field}[${g}]` } });
      }
      for (const drug of group as readonly string[]) {
        // One group per drug keeps "is X a substitute for Y" a single lookup.
        if (byDrug.has(drug)) throw new AppError('invalid_argument', `line rule ${field} lists a drug in two groups`, { details: { field, path: `${field}[${g}]` } });
        byDrug.set(drug, group as readonly string[]);
      }
    });
    return byDrug;
  };
  const depot = new Map<string, number>();
  const depotValue: unknown = rules.depotCoverageDays;
  if (typeof depotValue !== 'object' || depotValue === null || Array.isArray(depotValue)) {
    throw new AppError('invalid_argument', 'line rule depotCoverageDays must map drug names to days', { details: { field: 'depotCoverageDays' } });
  }
  for (const [drug, d] of Object.entries(depotValue as Record<string, unknown>)) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new AppError('invalid_argument', 'line rule depotCoverageDays must map drug names to at least 1 day', { details: { field: 'depotCoverageDays', path: `depotCoverageDays.${drug}` } });
    }
    depot.set(drug, d);
  }
  if (typeof rules.newLineOnChangeAfterProgression !== 'boolean') {
    throw new AppError('invalid_argument', 'line rule newLineOnChangeAfterProgression must be true or false', { details: { field: 'newLineOnChangeAfterProgression' } });
  }
  const result: CompiledLineRules = {
    regimenWindowDays: days('regimenWindowDays', 0),
    maxGapDays: days('maxGapDays', 1),
    oralTargetedMaxGapDays: days('oralTargetedMaxGapDays', 1),
    oralTargeted: drugs('oralTargetedDrugs'),
    substitutionGroup: groups('substitutions'),
    exclusiveGroup: groups('exclusiveGroups'),
    maintenanceMinDays: days('maintenanceMinDays', 0),
    switchMaintenance: drugs('switchMaintenanceDrugs'),
    switchMaintenanceAfter: drugs('switchMaintenanceAfter'),
    switchMaintenanceMaxDelayDays: days('switchMaintenanceMaxDelayDays', 0),
    background: drugs('backgroundDrugs'),
    depotCoverageDays: depot,
    newLineOnChangeAfterProgression: rules.newLineOnChangeAfterProgression,
    anchorLookbackDays: days('anchorLookbackDays', 0),
  };
  compiled.set(rules, result);
  return result;
}
