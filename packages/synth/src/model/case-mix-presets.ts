import { type SynthOptions } from './synthetic-patient.js';

/**
 * A thoracic, breast and gynaecological referral centre that also receives rare lung-cancer drivers: about four
 * times the lung cancers, three times the breast and sixteen times the ovarian cancers of the national mix,
 * few other cancers, and ROS1 fusions twelve times as common among NSCLC. At a few thousand patients it holds
 * enough ROS1-positive, BRCA-mutated ovarian and HER2-positive metastatic breast cancers for the shipped studies to
 * report (the demo, the study tests). Only who is in the hospital changes: outcome and treatment models are the
 * same, so the generator's hazard ratios stay the truth.
 */
export const REFERRAL_CENTRE_CASE_MIX: Required<Pick<SynthOptions, 'caseMix' | 'driverEnrichment'>> = {
  caseMix: { lung: 4, breast: 3, ovary: 16, prostate: 0.1, colorectal: 0.1, haematological: 0.1, melanoma: 0.1, 'head-and-neck': 0.1, paediatric: 0 },
  driverEnrichment: { ROS1: 12 },
};
