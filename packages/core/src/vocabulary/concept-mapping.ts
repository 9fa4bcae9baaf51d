import { bundledVocabulary } from './build-vocabulary-bundle.js';
import { conceptIdFor } from './concept-lookup.js';
import { WELL_KNOWN_CONCEPTS } from './well-known-concepts.js';

/**
 * Source code → OMOP concept mapping on the bundled vocabulary, as every writer of OMOP rows needs it (the synthetic
 * hospital's direct writer and the FHIR and OMOP ingesters). Results are cached per code because the same few
 * hundred codes recur millions of times. Unknown codes give 0 ("No matching concept"), never an exception: the
 * source value is kept by the caller.
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
let hgncById: Map<string, { readonly conceptId: number; readonly symbol: string }> | undefined;

function indexHgnc(): void {
  hgncBySymbol = new Map();
  hgncById = new Map();
  for (const c of bundledVocabulary().concept) {
    if (c.vocabulary_id !== 'HGNC') continue;
    // Bundled HGNC names are 'SYMBOL (approved name)'.
    const symbol = c.concept_name.split(' ')[0] ?? '';
    hgncBySymbol.set(symbol, { conceptId: c.concept_id, hgncId: c.concept_code });
    hgncById.set(c.concept_code, { conceptId: c.concept_id, symbol });
  }
}

/** Protein markers named by their usual name, and the gene that encodes them. */
const MARKER_GENES: Readonly<Record<string, string>> = { 'PD-L1': 'CD274', HER2: 'ERBB2', ER: 'ESR1', PR: 'PGR' };

/** The HGNC gene concept by symbol ('ROS1' → concept and 'HGNC:10261'), or undefined for a marker that is not a gene. */
export function hgncGene(symbol: string): { readonly conceptId: number; readonly hgncId: string } | undefined {
  if (hgncBySymbol === undefined) indexHgnc();
  return hgncBySymbol?.get(MARKER_GENES[symbol] ?? symbol);
}

/** The HGNC gene by its id ('HGNC:10261' → ROS1), or undefined. */
export function hgncGeneById(hgncId: string): { readonly conceptId: number; readonly symbol: string } | undefined {
  if (hgncById === undefined) indexHgnc();
  return hgncById?.get(hgncId);
}

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

/** Units written in words, as UCUM codes ('score' → '{score}'); others are UCUM already. */
export function ucumCode(unit: string): string {
  return unit === 'score' ? '{score}' : unit;
}

/** UCUM unit → concept (0 when the bundle lacks it), null for no unit. */
export function unitConceptId(unit: string | undefined): number | null {
  if (unit === undefined || unit === '') return null;
  return cachedConceptId('UCUM', ucumCode(unit));
}

/** A gene fusion 'CD74::ROS1' (5′ partner first, HGVS-style) as its OMOP Genomic concept, or 0. */
export function fusionConceptId(partner: string, gene: string): number {
  return cachedConceptId('OMOP Genomic', `${partner}::${gene}`);
}
