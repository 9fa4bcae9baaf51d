/**
 * Local concept ids: where no OMOP concept_id could be found in a public source, the bundle uses an id of its own
 * in OMOP's range for site-local concepts (concept_id >= 2,000,000,000; see
 * https://ohdsi.github.io/CommonDataModel/customConcepts.html).
 *
 * Each vocabulary owns a block of one million ids and, wherever the code allows it, the id is computed from the code,
 * so an id never changes meaning between releases and adding a code never moves another one. The allocation is
 * documented in packages/core/VOCABULARY.md; a block, once published, is never reused.
 */

/** Smallest local concept id (OMOP reserves ids from 2,000,000,000 for local concepts). */
export const LOCAL_CONCEPT_ID_MIN = 2_000_000_000;

/** Start of each vocabulary's block of 1,000,000 local ids. */
export const LOCAL_ID_BLOCKS = {
  /** ICD-10 (WHO): computed from the code, see {@link icd10LocalId}; chapters and blocks at +50,000. */
  ICD10: 2_001_000_000,
  /** ICD-O-3 topography: computed like ICD-10, see {@link icdo3TopographyLocalId}. */
  ICDO3_TOPOGRAPHY: 2_002_000_000,
  /** ICD-O-3 morphology: code * 10 + behaviour, see {@link icdo3MorphologyLocalId}. */
  ICDO3_MORPHOLOGY: 2_003_000_000,
  /** ATC: computed from the code, see {@link atcLocalId}. */
  ATC: 2_004_000_000,
  /** RxNorm ingredients whose OMOP concept_id was not found: explicit ids in the drug table. */
  RXNORM: 2_005_000_000,
  /** LOINC codes whose OMOP concept_id was not found: LOINC number * 10 + check digit. */
  LOINC: 2_006_000_000,
  /** HGNC genes: the HGNC number. */
  HGNC: 2_007_000_000,
  /** The 'Parcours' vocabulary (TNM categories, stage groups, other Parcours concepts): explicit ids. */
  PARCOURS: 2_008_000_000,
  /** The 'DICOM' modality vocabulary: explicit ids. */
  DICOM: 2_009_000_000,
  /** Metadata concepts (vocabularies, domains, concept classes, relationships): explicit ids. */
  METADATA: 2_010_000_000,
  /** UCUM units whose OMOP concept_id was not found: explicit ids. */
  UCUM: 2_011_000_000,
} as const;

const BLOCK_SIZE = 1_000_000;

function inBlock(block: number, offset: number, code: string): number {
  if (!Number.isInteger(offset) || offset < 0 || offset >= BLOCK_SIZE) {
    throw new RangeError(`local id offset out of range for code ${code}`);
  }
  return block + offset;
}

/** 'C34' | 'C34.1' → letter, two digits, optional subdivision digit. */
function parseSiteCode(code: string): { letter: number; category: number; sub: number | null } {
  const match = /^([CD])(\d{2})(?:\.(\d))?$/.exec(code);
  if (match === null) throw new RangeError(`not a C/D site code: ${code}`);
  const [, letter, category, sub] = match;
  return {
    letter: letter === 'C' ? 0 : 1,
    category: Number(category),
    sub: sub === undefined ? null : Number(sub),
  };
}

function siteOffset(code: string): number {
  const { letter, category, sub } = parseSiteCode(code);
  return letter * 10_000 + category * 100 + (sub === null ? 0 : sub + 1);
}

/**
 * Local id of an ICD-10 category or subcategory.
 * @example icd10LocalId('C34') → 2_001_003_400; icd10LocalId('C34.1') → 2_001_003_402; icd10LocalId('D48.9') → 2_001_014_810
 */
export function icd10LocalId(code: string): number {
  return inBlock(LOCAL_ID_BLOCKS.ICD10, siteOffset(code), code);
}

/** Local id of an ICD-10 chapter or block ('C00-D48', 'C00-C14'...): explicit ordinal in the +50,000 range. */
export function icd10BlockLocalId(ordinal: number): number {
  return inBlock(LOCAL_ID_BLOCKS.ICD10, 50_000 + ordinal, `block #${ordinal}`);
}

/** Local id of an ICD-O-3 topography ('C34' or 'C34.1'), same layout as ICD-10. */
export function icdo3TopographyLocalId(code: string): number {
  return inBlock(LOCAL_ID_BLOCKS.ICDO3_TOPOGRAPHY, siteOffset(code), code);
}

/**
 * Local id of an ICD-O-3 morphology with behaviour.
 * @example icdo3MorphologyLocalId('8140/3') → 2_003_081_403
 */
export function icdo3MorphologyLocalId(code: string): number {
  const match = /^(\d{4})\/(\d)$/.exec(code);
  if (match === null) throw new RangeError(`not an ICD-O-3 morphology code: ${code}`);
  return inBlock(LOCAL_ID_BLOCKS.ICDO3_MORPHOLOGY, Number(match[1]) * 10 + Number(match[2]), code);
}

const letterIndex = (letter: string | undefined): number =>
  letter === undefined || letter === '' ? 0 : letter.charCodeAt(0) - 64;

/**
 * Local id of an ATC code of group L (levels 1 to 5).
 * @example atcLocalId('L01') → 2_004_072_900; atcLocalId('L01ED01') → 2_004_086_801
 */
export function atcLocalId(code: string): number {
  const match = /^L(?:(\d{2})(?:([A-Z])(?:([A-Z])(\d{2})?)?)?)?$/.exec(code);
  if (match === null) throw new RangeError(`not an ATC code of group L: ${code}`);
  const [, level2, level3, level4, level5] = match;
  const offset =
    ((Number(level2 ?? '0') * 27 + letterIndex(level3)) * 27 + letterIndex(level4)) * 100 + Number(level5 ?? '0');
  return inBlock(LOCAL_ID_BLOCKS.ATC, offset, code);
}

/**
 * Local id of a LOINC code.
 * @example loincLocalId('2039-6') → 2_006_020_396
 */
export function loincLocalId(code: string): number {
  const match = /^(\d{1,5})-(\d)$/.exec(code);
  if (match === null) throw new RangeError(`not a LOINC code: ${code}`);
  return inBlock(LOCAL_ID_BLOCKS.LOINC, Number(match[1]) * 10 + Number(match[2]), code);
}

/**
 * Local id of an HGNC gene.
 * @example hgncLocalId('HGNC:10261') → 2_007_010_261
 */
export function hgncLocalId(code: string): number {
  const match = /^HGNC:(\d{1,6})$/.exec(code);
  if (match === null) throw new RangeError(`not an HGNC id: ${code}`);
  return inBlock(LOCAL_ID_BLOCKS.HGNC, Number(match[1]), code);
}

/** True when a concept id is in OMOP's local range. */
export function isLocalConceptId(conceptId: number): boolean {
  return conceptId >= LOCAL_CONCEPT_ID_MIN;
}
