/**
 * The OMOP tables the synthetic population fills. Episodes are the disease episodes of the primary cancers and their
 * progressions (treatment episodes are left to line-of-therapy derivation).
 */
export const SYNTH_OMOP_TABLES = [
  'care_site',
  'person',
  'observation_period',
  'visit_occurrence',
  'condition_occurrence',
  'drug_exposure',
  'procedure_occurrence',
  'measurement',
  'observation',
  'death',
  'specimen',
  'note',
  'image_occurrence',
  'episode',
  'episode_event',
] as const;
export type SynthOmopTable = (typeof SYNTH_OMOP_TABLES)[number];

export { omopColumns, omopRowBuilder } from '@parcours/store';
