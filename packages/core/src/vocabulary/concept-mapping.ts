import { bundledVocabulary } from './build-vocabulary-bundle.js';
import { atcIngredientConceptIds, conceptById, conceptIdFor } from './concept-lookup.js';
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

/** ICD-10 codes of secondary neoplasms by metastatic site (WHO ICD-10 C77–C79). */
const METASTASIS_ICD10: Readonly<Record<string, string>> = {
  brain: 'C79.3',
  'central-nervous-system': 'C79.4',
  bone: 'C79.5',
  'bone-marrow': 'C79.5',
  liver: 'C78.7',
  lung: 'C78.0',
  pleura: 'C78.2',
  peritoneum: 'C78.6',
  adrenal: 'C79.7',
  'lymph-node': 'C77.9',
  skin: 'C79.2',
  ovary: 'C79.6',
};

/**
 * The ICD-10 code of a secondary neoplasm at a metastatic site, 'C79.9' (secondary malignant neoplasm, unspecified
 * site) when the site is not one of those named. Shared by every writer so that a metastasis recorded in FHIR
 * (mCODE SecondaryCancerCondition.bodySite) and in the synthetic model gives the same condition.
 * @example metastasisIcd10('brain') // 'C79.3'; metastasisIcd10('somewhere else') // 'C79.9'
 */
export function metastasisIcd10(site: string): string {
  return METASTASIS_ICD10[site.trim().toLowerCase()] ?? 'C79.9';
}

/** A biomarker test as the writers know it; FHIR may lack the alteration or the method. */
export interface BiomarkerTest {
  /** HGNC symbol ('ROS1') or marker name ('PD-L1', 'ER', 'HER2', 'TMB', 'MSI'). */
  readonly gene: string;
  /** 'mutation' | 'fusion' | 'amplification' | 'expression' | 'status', when known. */
  readonly alteration?: string | undefined;
  readonly variant?: string | undefined;
  /** 5′ fusion partner ('CD74'). */
  readonly partner?: string | undefined;
  readonly method?: string | undefined;
}

export interface BiomarkerConcepts {
  readonly measurementConceptId: number;
  readonly sourceConceptId: number;
  readonly sourceValue: string;
}

/**
 * How a biomarker test becomes a measurement, for every writer (the synthetic direct writer and FHIR ingestion): a
 * fusion with a known partner is the standard OMOP Genomic fusion concept (e.g. 19643910 CD74::ROS1); breast
 * receptors and HER2 are their LOINC tests; PD-L1 TPS and TMB are the bundle's local measurements; any other gene
 * test keeps concept 0 with the (non-standard) HGNC gene concept as source, so it stays findable by gene. The
 * source value names the test ('EGFR mutation L858R NGS').
 * @example biomarkerConcepts({ gene: 'ROS1', alteration: 'fusion', partner: 'CD74', method: 'NGS' }) // { measurementConceptId: 19643910, sourceValue: 'CD74::ROS1', … }
 */
export function biomarkerConcepts(b: BiomarkerTest): BiomarkerConcepts {
  const gene = hgncGene(b.gene)?.conceptId ?? NONE;
  const label = [b.gene, b.alteration, b.variant, b.method].filter((s) => s !== undefined && s !== '').join(' ').slice(0, 50);
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

/** Breast receptor and HER2 tests by LOINC (as mCODE's examples code them): the marker and the method they imply. */
const RECEPTOR_LOINC: Readonly<Record<string, { readonly marker: string; readonly method: string }>> = {
  '85337-4': { marker: 'ER', method: 'IHC' },
  '85339-0': { marker: 'PR', method: 'IHC' },
  '85318-4': { marker: 'HER2', method: 'FISH' },
  '85319-2': { marker: 'HER2', method: 'IHC' },
};

/**
 * The marker a receptor-status LOINC test is about, or undefined for any other code.
 * @example receptorOfLoinc('85337-4') // { marker: 'ER', method: 'IHC' }
 */
export function receptorOfLoinc(loinc: string): { readonly marker: string; readonly method: string } | undefined {
  return RECEPTOR_LOINC[loinc];
}

/**
 * episode_object_concept_id of a disease episode: the condition's standard concept, or its source concept when the
 * vocabulary maps it to none (the bundled ICD-10 has no SNOMED to map to, and a disease episode about "concept 0"
 * would say nothing about the cancer). Both the direct writer and FHIR ingestion use it, so they agree.
 * @example episodeObjectConceptId(0, 2_001_003_402) // 2001003402 (ICD-10 C34.1 in the bundle)
 */
export function episodeObjectConceptId(conditionConceptId: number, conditionSourceConceptId: number): number {
  return conditionConceptId !== NONE ? conditionConceptId : conditionSourceConceptId;
}

const ingredientByAtc = new Map<string, number>();
/**
 * The drug_concept_id of an ATC-coded drug: its RxNorm or local ingredient, 0 when the bundle does not classify it;
 * cached, as every administration row needs it. A drug without a code of its own is coded by its ATC group
 * (repotrectinib: L01EX), under which many ingredients sit: the drug's name then picks the ingredient, and without
 * a matching name the answer is 0 — never an arbitrary drug of the group.
 * @example ingredientConceptIdOfAtc('L01ED01') // 40242675 (crizotinib)
 * @example ingredientConceptIdOfAtc('L01EX', 'repotrectinib') // the bundle's local repotrectinib ingredient
 */
export function ingredientConceptIdOfAtc(atc: string, drugName?: string): number {
  const key = `${atc}|${drugName?.trim().toLowerCase() ?? ''}`;
  let id = ingredientByAtc.get(key);
  if (id === undefined) {
    const ingredients = atcIngredientConceptIds(atc);
    if (ingredients.length <= 1) id = ingredients[0] ?? NONE;
    else {
      const name = drugName?.trim().toLowerCase();
      id = ingredients.find((i) => name !== undefined && conceptById(i)?.concept_name.toLowerCase() === name) ?? NONE;
    }
    ingredientByAtc.set(key, id);
  }
  return id;
}
