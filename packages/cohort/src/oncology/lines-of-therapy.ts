import { AppError } from '@parcours/core';
import { DRUG_CLASSES, type DrugClass } from './drug-class.js';
import { type CompiledLineRules, DEFAULT_LINE_RULES, type LineRules, compileLineRules } from './line-rules.js';

/**
 * One antineoplastic or endocrine drug exposure of a patient (a drug_exposure row, supportive drugs already
 * removed). Days are day numbers (days since 1970-01-01, `isoDateToDayNumber` in @parcours/core); `end` is the last
 * day covered, inclusive: an infusion has end = start, an oral dispensing start + days_supply − 1.
 */
export interface DrugExposureEvent {
  /** Ingredient name in lower case, e.g. 'carboplatin'. Lines compare drugs by this name. */
  readonly drug: string;
  readonly start: number;
  readonly end: number;
  readonly drugClass: DrugClass;
  /** drug_exposure_id, carried to EPISODE_EVENT by `lineEpisodeRows`. */
  readonly id?: number;
}

/** What else is known of the patient, in day numbers; every field is optional. */
export interface LineAnchors {
  /**
   * Diagnosis of advanced or metastatic disease (stage IV at diagnosis, or the first recurrence). Exposures starting
   * before it (minus `anchorLookbackDays`) are curative-intent treatment and belong to no line. Without it every
   * exposure counts.
   */
  readonly advancedDiseaseDate?: number;
  /**
   * Documented progressions (imaging, RECIST...): a change of treatment at the first dose after one is a new line
   * (`newLineOnChangeAfterProgression`), and a drug started after one is never switch maintenance.
   */
  readonly progressionDates?: readonly number[];
  readonly deathDate?: number;
  /** Last day the patient's records cover (end of the observation period). */
  readonly observationEnd?: number;
}

/**
 * Why a line ended: a new drug started a new line ('new-line'); the treatment changed at the first dose after a
 * documented progression ('progression'); no drug of the line for longer than the gap ('gap': before the next line
 * or before the end of the data); death within the gap allowance after the last exposure ('death'); or the data end
 * within that allowance, so the line may go on ('end-of-data', censored).
 */
export type LineEndReason = 'new-line' | 'progression' | 'gap' | 'death' | 'end-of-data';

/**
 * The maintenance phase of a line. 'continuation': some regimen drugs dropped, the others continued (platinum
 * stopped, pemetrexed + pembrolizumab continued). 'switch': a switch-maintenance drug started after the induction
 * (olaparib after carboplatin + paclitaxel). Both stay the same line.
 */
export interface LineMaintenance {
  readonly kind: 'continuation' | 'switch';
  /** First day of the phase: the first exposure after the last dose of a dropped drug, or the switch drug's start. */
  readonly start: number;
  /** Drugs given from `start` on, sorted. */
  readonly drugs: readonly string[];
}

export interface LineOfTherapy {
  /** 1..n in time order (advanced-disease lines when an advanced-disease date is given). */
  readonly lineNumber: number;
  /** The regimen's drugs sorted alphabetically and joined with ' + ': 'carboplatin + pemetrexed'. */
  readonly regimen: string;
  /** Drugs started within the regimen window of the line's first exposure, sorted. */
  readonly drugs: readonly string[];
  /** Classes of the regimen's drugs, in `DRUG_CLASSES` order. */
  readonly drugClasses: readonly DrugClass[];
  readonly start: number;
  /** Last day covered by the line's drugs, before the next line's start and the death date. */
  readonly end: number;
  readonly endReason: LineEndReason;
  /** Drugs that replaced a regimen drug of their substitution group (carboplatin for cisplatin), sorted. */
  readonly substitutions: readonly string[];
  readonly maintenance: LineMaintenance | null;
  /** Indexes into the input array of the exposures this line holds, in time order. */
  readonly exposures: readonly number[];
}

/** A line being built. Mutable and private: the hot loop touches only these fields. */
interface OpenLine {
  readonly start: number;
  /** Last dosing day and last day covered by the line's drugs so far (background drugs excluded). */
  lastStart: number;
  lastEnd: number;
  /** Regimen drugs in order of appearance. */
  readonly regimen: string[];
  readonly classes: Set<DrugClass>;
  /** Every drug that continues the line: regimen, substitutes, switch-maintenance drugs. */
  readonly members: Set<string>;
  /** Member → the regimen drug it stands for (a substitute its original; a switch drug itself). */
  readonly slotOf: Map<string, string>;
  readonly substitutes: string[];
  switchStart: number | null;
  readonly exposures: number[];
}

/** One patient's derivation: the inputs every step reads, gathered once. */
interface Derivation {
  readonly events: readonly DrugExposureEvent[];
  /** Indexes of the exposures taken into account, in time order. */
  readonly order: readonly number[];
  readonly r: CompiledLineRules;
  readonly anchors: LineAnchors;
  /** Documented progression dates, ascending. */
  readonly progressions: readonly number[];
}

const CLASS_SET: ReadonlySet<string> = new Set(DRUG_CLASSES);

/**
 * Derives one patient's lines of therapy from their antineoplastic drug exposures, by the rules of
 * docs/lines-of-therapy.md. Pure and deterministic: input order does not matter; exposures are sorted once
 * (O(n log n)) and then read in one pass.
 *
 * @example
 * deriveLinesOfTherapy([
 *   { drug: 'carboplatin', start: 0, end: 0, drugClass: 'chemotherapy' },
 *   { drug: 'pemetrexed', start: 0, end: 0, drugClass: 'chemotherapy' },
 *   { drug: 'pemetrexed', start: 21, end: 21, drugClass: 'chemotherapy' },
 *   { drug: 'docetaxel', start: 200, end: 200, drugClass: 'chemotherapy' },
 * ]);
 * // → [{ lineNumber: 1, regimen: 'carboplatin + pemetrexed', start: 0, end: 21, endReason: 'gap', ... },
 * //    { lineNumber: 2, regimen: 'docetaxel', start: 200, end: 200, endReason: 'end-of-data', ... }]
 */
export function deriveLinesOfTherapy(events: readonly DrugExposureEvent[], rules: LineRules = DEFAULT_LINE_RULES, anchors: LineAnchors = {}): LineOfTherapy[] {
  const r = compileLineRules(rules);
  checkAnchors(anchors);
  const from = anchors.advancedDiseaseDate === undefined ? -Infinity : anchors.advancedDiseaseDate - r.anchorLookbackDays;
  const order: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    checkEvent(e, i);
    if (e.start >= from) order.push(i);
  }
  // A total order on content (index last), so that the result does not depend on the input order.
  order.sort((a, b) => {
    const x = events[a]!;
    const y = events[b]!;
    return x.start - y.start || x.end - y.end || compareText(x.drug, y.drug) || compareText(x.drugClass, y.drugClass) || a - b;
  });
  const progressions = anchors.progressionDates === undefined ? [] : [...anchors.progressionDates].sort((a, b) => a - b);
  const d: Derivation = { events, order, r, anchors, progressions };

  const lines: LineOfTherapy[] = [];
  let open: OpenLine | null = null;
  for (let i = 0; i < order.length; ) {
    // Exposures starting on the same day are decided together: a new line takes the whole day.
    const day = events[order[i]!]!.start;
    let j = i + 1;
    while (j < order.length && events[order[j]!]!.start === day) j++;
    if (open === null) {
      open = openLine(d, i, j);
    } else {
      const reason = lineBreak(d, open, i, j, day);
      if (reason === null) {
        extendLine(d, open, i, j, day);
      } else {
        lines.push(closeLine(d, open, lines.length + 1, reason, day));
        open = openLine(d, i, j);
      }
    }
    i = j;
  }
  if (open !== null) lines.push(closeLine(d, open, lines.length + 1, finalReason(d, open), null));
  return lines;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkEvent(e: DrugExposureEvent, i: number): void {
  const where = (field: string): { details: { path: string; field: string } } => ({ details: { path: `events[${i}]`, field } });
  if (typeof e.drug !== 'string' || e.drug === '') throw new AppError('invalid_input', 'a drug exposure has no drug name', where('drug'));
  if (!Number.isSafeInteger(e.start)) throw new AppError('invalid_input', 'a drug exposure start is not a day number', where('start'));
  if (!Number.isSafeInteger(e.end)) throw new AppError('invalid_input', 'a drug exposure end is not a day number', where('end'));
  if (e.end < e.start) throw new AppError('invalid_input', 'a drug exposure ends before it starts', where('end'));
  if (!CLASS_SET.has(e.drugClass)) throw new AppError('invalid_input', 'a drug exposure has an unknown drug class', where('drugClass'));
}

function checkAnchors(anchors: LineAnchors): void {
  const day = (value: number | undefined, field: string): void => {
    if (value !== undefined && !Number.isSafeInteger(value)) throw new AppError('invalid_input', `line anchor ${field} is not a day number`, { details: { field } });
  };
  day(anchors.advancedDiseaseDate, 'advancedDiseaseDate');
  day(anchors.deathDate, 'deathDate');
  day(anchors.observationEnd, 'observationEnd');
  anchors.progressionDates?.forEach((p, k) => day(p, `progressionDates[${k}]`));
}

/** The last day an exposure covers: its end, or later for a depot injection recorded on its injection day. */
function coveredEnd(e: DrugExposureEvent, r: CompiledLineRules): number {
  const depot = r.depotCoverageDays.get(e.drug);
  return depot === undefined ? e.end : Math.max(e.end, e.start + depot - 1);
}

/** Opens a line with the exposures order[i..j); null when they are all background drugs (alone they make no line). */
function openLine(d: Derivation, i: number, j: number): OpenLine | null {
  for (let k = i; k < j; k++) {
    const e = d.events[d.order[k]!]!;
    if (d.r.background.has(e.drug)) continue;
    const line: OpenLine = { start: e.start, lastStart: e.start, lastEnd: coveredEnd(e, d.r), regimen: [], classes: new Set(), members: new Set(), slotOf: new Map(), substitutes: [], switchStart: null, exposures: [] };
    extendLine(d, line, i, j, e.start);
    return line;
  }
  return null;
}

/** The gap after which the line is over: longer when the drug resuming is one of the line's oral targeted drugs. */
function gapLimit(resumesOralTargeted: boolean, r: CompiledLineRules): number {
  return resumesOralTargeted ? r.oralTargetedMaxGapDays : r.maxGapDays;
}

/**
 * Whether the exposures order[i..j) (all starting on `day`) end the open line, and why; null when they continue it.
 * Decides without changing the line: `extendLine` applies the same rules in the same order.
 */
function lineBreak(d: Derivation, line: OpenLine, i: number, j: number, day: number): LineEndReason | null {
  const { events, order, r } = d;
  let resumesOralTargeted = false;
  let active = false;
  for (let k = i; k < j; k++) {
    const drug = events[order[k]!]!.drug;
    if (r.background.has(drug)) continue;
    active = true;
    if (r.oralTargeted.has(drug) && line.members.has(drug)) resumesOralTargeted = true;
  }
  if (!active) return null;
  if (day - line.lastEnd > gapLimit(resumesOralTargeted, r)) return 'gap';
  if (r.newLineOnChangeAfterProgression && progressedBetween(d, line.lastStart, day) && treatmentChanged(d, line, i, day)) return 'progression';
  const inWindow = day - line.start <= r.regimenWindowDays;
  for (let k = i; k < j; k++) {
    const drug = events[order[k]!]!.drug;
    if (r.background.has(drug) || line.members.has(drug)) continue;
    // A kinase inhibitor replacing another of its target is a switch: a new line, even inside the window.
    const exclusive = r.exclusiveGroup.get(drug);
    if (exclusive !== undefined && exclusive.some((x) => line.members.has(x))) return 'new-line';
    const group = r.substitutionGroup.get(drug);
    if (group !== undefined && group.some((x) => line.members.has(x))) continue;
    if (inWindow) continue;
    if (isSwitchMaintenance(d, line, drug, i, day)) continue;
    return 'new-line';
  }
  return null;
}

/** Whether a progression is documented after day `after` and on or before day `until`. */
function progressedBetween(d: Derivation, after: number, until: number): boolean {
  for (const p of d.progressions) {
    if (p > until) return false;
    if (p > after) return true;
  }
  return false;
}

/**
 * Treatment beyond progression or a new line: compares the drugs (by regimen slot, so a substitute counts as its
 * original) started in the regimen window from the first dose after the progression with those given in the
 * regimen window up to the last dose before it.
 */
function treatmentChanged(d: Derivation, line: OpenLine, i: number, day: number): boolean {
  const { events, order, r } = d;
  const before = new Set<string>();
  for (let k = line.exposures.length - 1; k >= 0; k--) {
    const e = events[line.exposures[k]!]!;
    if (line.lastStart - e.start > r.regimenWindowDays) break;
    if (!r.background.has(e.drug)) before.add(line.slotOf.get(e.drug) ?? e.drug);
  }
  const after = new Set<string>();
  for (let k = i; k < order.length; k++) {
    const e = events[order[k]!]!;
    if (e.start - day > r.regimenWindowDays) break;
    if (!r.background.has(e.drug)) after.add(line.slotOf.get(e.drug) ?? e.drug);
  }
  if (after.size !== before.size) return true;
  for (const slot of after) if (!before.has(slot)) return true;
  return false;
}

/**
 * A switch-maintenance drug stays in the line when: the line has none yet, its induction contains a platinum, the
 * induction is over (nothing of the line covers `day`) and ended at most the maximum delay before, no progression is
 * documented since the line started, and the drugs started in its own regimen window are only line or
 * switch-maintenance drugs, without a platinum (a platinum again is a new platinum-based line).
 */
function isSwitchMaintenance(d: Derivation, line: OpenLine, drug: string, i: number, day: number): boolean {
  const { events, order, r } = d;
  if (!r.switchMaintenance.has(drug) || line.switchStart !== null) return false;
  if (day <= line.lastEnd || day - line.lastEnd > r.switchMaintenanceMaxDelayDays) return false;
  let platinumInduction = false;
  for (const x of r.switchMaintenanceAfter) if (line.members.has(x)) platinumInduction = true;
  if (!platinumInduction || progressedBetween(d, line.start, day)) return false;
  for (let k = i; k < order.length; k++) {
    const e = events[order[k]!]!;
    if (e.start - day > r.regimenWindowDays) break;
    if (r.background.has(e.drug)) continue;
    if (r.switchMaintenanceAfter.has(e.drug)) return false;
    if (!line.members.has(e.drug) && !r.switchMaintenance.has(e.drug)) return false;
  }
  return true;
}

/** Adds the exposures order[i..j) to the line (`lineBreak` returned null for them, or they open it). */
function extendLine(d: Derivation, line: OpenLine, i: number, j: number, day: number): void {
  const { events, order, r } = d;
  const inWindow = day - line.start <= r.regimenWindowDays;
  for (let k = i; k < j; k++) {
    const index = order[k]!;
    const e = events[index]!;
    if (r.background.has(e.drug)) {
      // Background drugs join a line that is still going, without extending it.
      if (day - line.lastEnd <= r.maxGapDays) line.exposures.push(index);
      continue;
    }
    if (!line.members.has(e.drug)) {
      const group = r.substitutionGroup.get(e.drug);
      const replaced = group?.find((x) => line.members.has(x));
      if (replaced !== undefined) {
        line.slotOf.set(e.drug, line.slotOf.get(replaced) ?? replaced);
        line.substitutes.push(e.drug);
      } else if (inWindow) {
        line.slotOf.set(e.drug, e.drug);
        line.regimen.push(e.drug);
        line.classes.add(e.drugClass);
      } else {
        // The only other way a new drug continues a line: switch maintenance.
        line.slotOf.set(e.drug, e.drug);
        line.switchStart ??= day;
      }
      line.members.add(e.drug);
    }
    line.exposures.push(index);
    line.lastStart = day;
    const end = coveredEnd(e, r);
    if (end > line.lastEnd) line.lastEnd = end;
  }
}

function finalReason(d: Derivation, line: OpenLine): LineEndReason {
  let oralTargeted = false;
  for (const drug of line.members) if (d.r.oralTargeted.has(drug)) oralTargeted = true;
  const limit = gapLimit(oralTargeted, d.r);
  const { deathDate, observationEnd } = d.anchors;
  if (deathDate !== undefined && deathDate - line.lastEnd <= limit) return 'death';
  const dataEnd = deathDate === undefined ? observationEnd : observationEnd === undefined ? deathDate : Math.min(deathDate, observationEnd);
  if (dataEnd !== undefined && dataEnd - line.lastEnd > limit) return 'gap';
  return 'end-of-data';
}

function closeLine(d: Derivation, line: OpenLine, lineNumber: number, endReason: LineEndReason, nextStart: number | null): LineOfTherapy {
  let end = line.lastEnd;
  if (nextStart !== null && end >= nextStart) end = nextStart - 1;
  const { deathDate } = d.anchors;
  if (deathDate !== undefined && end > deathDate) end = Math.max(line.start, deathDate);
  const drugs = [...line.regimen].sort(compareText);
  return {
    lineNumber,
    regimen: drugs.join(' + '),
    drugs,
    drugClasses: DRUG_CLASSES.filter((c) => line.classes.has(c)),
    start: line.start,
    end,
    endReason,
    substitutions: [...new Set(line.substitutes)].sort(compareText),
    maintenance: maintenancePhase(d, line),
    exposures: line.exposures,
  };
}

/**
 * The maintenance phase, if any. A regimen drug (with its substitutes) is dropped when its last dose comes more
 * than `maintenanceMinDays` before the last dose of the regimen's other drugs; the continuation phase starts with
 * the first exposure after the last dose of the dropped drugs. A switch-maintenance drug makes the phase a switch.
 */
function maintenancePhase(d: Derivation, line: OpenLine): LineMaintenance | null {
  const { events, r } = d;
  let continuationStart: number | null = null;
  if (line.regimen.length > 1) {
    const lastStart = new Map<string, number>();
    const lastEnd = new Map<string, number>();
    let latest = -Infinity;
    for (const index of line.exposures) {
      const e = events[index]!;
      const slot = line.slotOf.get(e.drug);
      if (slot === undefined || !line.regimen.includes(slot)) continue;
      const end = coveredEnd(e, r);
      lastStart.set(slot, e.start);
      lastEnd.set(slot, Math.max(lastEnd.get(slot) ?? end, end));
      if (e.start > latest) latest = e.start;
    }
    let droppedUntil = -Infinity;
    for (const [slot, s] of lastStart) if (s + r.maintenanceMinDays < latest) droppedUntil = Math.max(droppedUntil, lastEnd.get(slot)!);
    if (droppedUntil > -Infinity) {
      for (const index of line.exposures) {
        const e = events[index]!;
        if (e.start > droppedUntil && !r.background.has(e.drug)) {
          continuationStart = e.start;
          break;
        }
      }
    }
  }
  if (continuationStart === null && line.switchStart === null) return null;
  const start = Math.min(continuationStart ?? Infinity, line.switchStart ?? Infinity);
  const drugs = new Set<string>();
  for (const index of line.exposures) {
    const e = events[index]!;
    if (e.start >= start && !r.background.has(e.drug)) drugs.add(e.drug);
  }
  return { kind: line.switchStart === null ? 'continuation' : 'switch', start, drugs: [...drugs].sort(compareText) };
}
