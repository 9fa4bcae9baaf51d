import { bundledVocabulary, conceptById, conceptIdFor, WELL_KNOWN_CONCEPTS } from '@parcours/core';
import type { BiomarkerResult } from '../model/synthetic-patient.js';

/**
 * Concept lookups the OMOP mapping needs, on the bundled vocabulary (packages/core/VOCABULARY.md). Results are cached
 * per code because the same few hundred codes recur millions of times.
 */

const NONE = WELL_KNOWN_CONCEPTS.NO_MATCHING_CONCEPT;

let mapsTo: Map<number, number> | undefined;
/** The standard concept a source concept "Maps to" (itself for a standard concept), or 0. */
export function standardConceptId(sourceConceptId: number | undefined): number {
  if (sourceConceptId === undefined || sourceConceptId === 0) return NONE;
  if (mapsTo === undefined) {
    mapsTo = new Map();
    for (const r of bundledVocabulary().concept_relationship) if (r.relationship_id === 'Maps to' && r.invalid_reason === null) mapsTo.set(r.concept_id_1, r.concept_id_2);
  }
  return mapsTo.get(sourceConceptId) ?? NONE;
}

const cache = new Map<string, number>();
/** conceptIdFor with a cache and 0 for "not in the bundle". */
export function cachedConceptId(vocabularyId: string, code: string): number {
  const key = `${vocabularyId}|${code}`;
  let id = cache.get(key);
  if (id === undefined) {
    id = conceptIdFor(vocabularyId, code) ?? NONE;
    cache.set(key, id);
  }
  return id;
}

let hgncBySymbol: Map<string, { readonly conceptId: number; readonly hgncId: string }> | undefined;
/** The HGNC gene concept by symbol ('ROS1' → concept and 'HGNC:10261'), or undefined for a marker that is not a gene. */
export function hgncGene(symbol: string): { readonly conceptId: number; readonly hgncId: string } | undefined {
  if (hgncBySymbol === undefined) {
    hgncBySymbol = new Map();
    for (const c of bundledVocabulary().concept) {
      // Bundled HGNC names are 'SYMBOL (approved name)'.
      if (c.vocabulary_id === 'HGNC') hgncBySymbol.set(c.concept_name.split(' ')[0] ?? '', { conceptId: c.concept_id, hgncId: c.concept_code });
    }
  }
  return hgncBySymbol.get(MARKER_GENES[symbol] ?? symbol);
}

/** Protein markers named by their usual name, and the gene that encodes them. */
const MARKER_GENES: Readonly<Record<string, string>> = { 'PD-L1': 'CD274', HER2: 'ERBB2', ER: 'ESR1', PR: 'PGR' };

/** TNM category or stage group to its bundled concept: 'T2a' → T2a; an unknown refinement falls back to its parent. */
export function tnmConceptId(code: string): number {
  let c = code.trim();
  while (c.length > 0) {
    const id = cachedConceptId('Parcours', c);
    if (id !== NONE) return id;
    c = c.slice(0, -1);
  }
  return NONE;
}

/** Stage group to its bundled concept: 'IIIB' → Stage IIIB, 'Stage IIIB' too; an unknown refinement falls back to its parent. */
export function stageConceptId(stage: string): number {
  let s = stage.trim().replace(/^stage\s*/i, '').toUpperCase();
  while (s.length > 0) {
    const id = cachedConceptId('Parcours', `STAGE-${s}`);
    if (id !== NONE) return id;
    s = s.slice(0, -1);
  }
  return NONE;
}

/** Units the model writes in words, as UCUM codes ('score' → '{score}'); others are UCUM already. */
export function ucumCode(unit: string): string {
  return unit === 'score' ? '{score}' : unit;
}

/** UCUM unit → concept (0 when the bundle lacks it). */
export function unitConceptId(unit: string | undefined): number | null {
  if (unit === undefined || unit === '') return null;
  return cachedConceptId('UCUM', ucumCode(unit));
}

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
    const fusion = cachedConceptId('OMOP Genomic', `${b.partner}::${b.gene}`);
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
