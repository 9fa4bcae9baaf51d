import { cachedConceptId, conceptById, fusionConceptId, hgncGene, WELL_KNOWN_CONCEPTS } from '@parcours/core';
import type { BiomarkerResult } from '../model/synthetic-patient.js';

// Generic code → concept lookups live in @parcours/core (concept-mapping); this file keeps the synthetic model's own.

const NONE = WELL_KNOWN_CONCEPTS.NO_MATCHING_CONCEPT;

export interface BiomarkerConcepts {
  readonly measurementConceptId: number;
  readonly sourceConceptId: number;
  readonly sourceValue: string;
}

/**
 * How a biomarker test becomes a measurement: a fusion with a known partner is the standard OMOP Genomic fusion
 * concept (e.g. 19643910 CD74::ROS1); breast receptors and HER2 are their LOINC tests; PD-L1 TPS and TMB are the
 * bundle's local measurements; any other gene test keeps concept 0 with the (non-standard) HGNC gene concept as
 * source, so it stays findable by gene.
 */
export function biomarkerConcepts(b: BiomarkerResult): BiomarkerConcepts {
  const gene = hgncGene(b.gene)?.conceptId ?? NONE;
  const label = `${b.gene} ${b.alteration}${b.variant === undefined ? '' : ` ${b.variant}`} ${b.method}`.slice(0, 50);
  if (b.alteration === 'fusion' && b.partner !== undefined) {
    const fusion = fusionConceptId(b.partner, b.gene);
    if (fusion !== NONE) return { measurementConceptId: fusion, sourceConceptId: gene, sourceValue: `${b.partner}::${b.gene}` };
  }
  const m = WELL_KNOWN_CONCEPTS.MEASUREMENT;
  switch (b.gene) {
    case 'ER':
      return { measurementConceptId: cachedConceptId('LOINC', '85337-4'), sourceConceptId: gene, sourceValue: label };
    case 'PR':
      return { measurementConceptId: cachedConceptId('LOINC', '85339-0'), sourceConceptId: gene, sourceValue: label };
    case 'HER2':
    case 'ERBB2':
      if (b.alteration === 'expression' || b.alteration === 'status' || b.alteration === 'amplification') {
        return { measurementConceptId: cachedConceptId('LOINC', b.method === 'FISH' ? '85318-4' : '85319-2'), sourceConceptId: gene, sourceValue: label };
      }
      break;
    case 'PD-L1':
      return { measurementConceptId: m.pdl1Tps, sourceConceptId: gene, sourceValue: label };
    case 'TMB':
      return { measurementConceptId: m.tumourMutationalBurden, sourceConceptId: NONE, sourceValue: label };
    default:
      break;
  }
  return { measurementConceptId: NONE, sourceConceptId: gene, sourceValue: label };
}

/** Whether a concept id is 0 or in the bundled vocabulary (for tests and assertions). */
export function isKnownConceptId(id: number): boolean {
  return id === NONE || conceptById(id) !== undefined;
}
