import { type Rng } from '../../random/rng.js';
import { DRUGS, type DrugSpec, type Regimen } from './regimens.js';

export interface AdministrationDraft {
  readonly day: number;
  readonly spec: DrugSpec;
  readonly dose: number;
  readonly cycle: number;
  readonly daysSupply: number;
}

export interface ScheduledLine {
  readonly administrations: AdministrationDraft[];
  /** Last day of the line (inclusive). */
  readonly endDay: number;
  readonly endReason: 'progression' | 'toxicity' | 'death' | 'completed' | 'censored';
}

const CYTOTOXIC_ATC_PREFIXES = ['L01A', 'L01B', 'L01C', 'L01D', 'L01XA'];
const isCytotoxic = (s: DrugSpec): boolean => CYTOTOXIC_ATC_PREFIXES.some((p) => s.atc.startsWith(p));

/**
 * Expands a regimen into administrations from `startDay` until `stopDay` (exclusive; the first of progression,
 * death or end of follow-up, whose reason is `stopReason`), with what makes lines hard to derive from the record:
 * cycle delays, treatment breaks, dose reductions and, for cisplatin, a switch to carboplatin for toxicity within
 * the same line; 1.5 % of chemotherapy cycles end the line for toxicity.
 */
export function scheduleLine(rng: Rng, regimen: Regimen, startDay: number, stopDay: number, stopReason: 'progression' | 'death' | 'censored'): ScheduledLine {
  const administrations: AdministrationDraft[] = [];
  let day = startDay;
  let cycle = 1;
  let doseFactor = 1;
  let switchedToCarboplatin = false;
  const maxDay = regimen.maxDays === undefined ? Infinity : startDay + regimen.maxDays;
  const induction = regimen.cycles ?? Infinity;
  const maintenanceMax = regimen.maintenance?.maxCycles ?? Infinity;
  let lastDay = startDay;
  let reason: ScheduledLine['endReason'] | null = null;
  for (;;) {
    const inMaintenance = cycle > induction;
    if (inMaintenance && (regimen.maintenance === undefined || cycle - induction > maintenanceMax)) {
      reason = 'completed';
      break;
    }
    if (day >= stopDay) break;
    if (day >= maxDay) {
      reason = 'completed';
      break;
    }
    const drugs = inMaintenance ? regimen.maintenance!.drugs : regimen.drugs;
    const cycleDays = inMaintenance ? regimen.maintenance!.cycleDays : regimen.cycleDays;
    if (cycle >= 2 && cycle <= 3 && !switchedToCarboplatin && drugs.some((s) => s.drug === 'cisplatin') && rng.bernoulli(0.12)) switchedToCarboplatin = true;
    if (cycle >= 2 && doseFactor === 1 && drugs.some(isCytotoxic) && rng.bernoulli(0.06)) doseFactor = 0.8;
    for (const base of drugs) {
      const spec = switchedToCarboplatin && base.drug === 'cisplatin' ? DRUGS.carboplatin : base;
      const oral = spec.route === 'oral';
      const step = spec.everyDays ?? cycleDays;
      for (let k = 0; k * step < cycleDays; k++) {
        const d = day + k * step;
        if (d >= stopDay || d >= maxDay) break;
        const dose = isCytotoxic(spec) && spec.unit !== 'AUC' ? Math.round(spec.dose * doseFactor * 10) / 10 : spec.dose;
        administrations.push({ day: d, spec, dose, cycle, daysSupply: oral ? cycleDays : 1 });
        if (d > lastDay) lastDay = d;
      }
    }
    if (drugs.some(isCytotoxic) && rng.bernoulli(0.015)) {
      reason = 'toxicity';
      break;
    }
    cycle++;
    // Delays (neutropenia, holidays) and, for long treatments, breaks the patient asks for.
    let next = day + cycleDays;
    if (rng.bernoulli(0.12)) next += 7;
    if (regimen.cycles === null && rng.bernoulli(0.02)) next += rng.int(14, 42);
    day = next;
  }
  if (reason === null) return { administrations, endDay: stopReason === 'censored' ? stopDay - 1 : stopDay, endReason: stopReason };
  const lastAdmin = administrations[administrations.length - 1];
  const supplyEnd = lastAdmin === undefined ? startDay : lastAdmin.day + lastAdmin.daysSupply - 1;
  return { administrations, endDay: Math.min(Math.max(lastDay, supplyEnd), stopDay - 1), endReason: reason };
}
