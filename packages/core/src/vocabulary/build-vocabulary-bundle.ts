import { AppError } from '../errors/app-error.js';
import { ATC_DRUGS, ATC_GROUPS } from './data/atc-antineoplastic.js';
import { HGNC_GENES } from './data/hgnc-genes.js';
import { ICD10_NEOPLASM_BLOCKS, ICD10_NEOPLASM_CATEGORIES } from './data/icd10-neoplasms.js';
import { ICDO3_MORPHOLOGIES, ICDO3_TOPOGRAPHIES } from './data/icdo3.js';
import { LOINC_CONCEPTS } from './data/loinc.js';
import { CONCEPT_CLASSES, DOMAINS, RELATIONSHIPS, VOCABULARIES } from './data/metadata.js';
import { OMOP_GENOMIC_FUSIONS } from './data/omop-genomic-fusions.js';
import { OMOP_STANDARD_CONCEPTS, OMOP_STANDARD_IS_A } from './data/omop-standard-concepts.js';
import { PARCOURS_LOCAL_CONCEPTS } from './data/parcours-local-concepts.js';
import { TNM_CONCEPTS } from './data/tnm-staging.js';
import {
  atcLocalId,
  hgncLocalId,
  icd10BlockLocalId,
  icd10LocalId,
  icdo3MorphologyLocalId,
  icdo3TopographyLocalId,
  loincLocalId,
} from './local-concept-ids.js';
import {
  conceptRow,
  type ConceptAncestorRow,
  type ConceptRelationshipRow,
  type ConceptRow,
  type ConceptSynonymRow,
  type StandardConcept,
  type VocabularyBundle,
} from './vocabulary-rows.js';

/** Version of the bundled content. Bump it whenever a row is added, changed or removed. */
export const BUNDLED_VOCABULARY_VERSION = 'parcours-onco-2025.1';

const START = '1970-01-01';
const END = '2099-12-31';
/** concept_id of "English language", the language of every synonym (see data/omop-standard-concepts.ts). */
const ENGLISH = 4180186;

/** Accumulates rows while the bundle is built; refuses a second concept with the same id. */
class BundleBuilder {
  readonly concepts = new Map<number, ConceptRow>();
  readonly relationships: ConceptRelationshipRow[] = [];
  readonly synonyms: ConceptSynonymRow[] = [];

  addConcept(row: ConceptRow): number {
    if (this.concepts.has(row.concept_id)) {
      throw new AppError('internal', 'duplicate concept_id in the bundled vocabulary', {
        details: { field: `concept_id ${row.concept_id}` },
      });
    }
    this.concepts.set(row.concept_id, row);
    return row.concept_id;
  }

  concept(
    concept_id: number,
    concept_name: string,
    domain_id: string,
    vocabulary_id: string,
    concept_class_id: string,
    standard_concept: StandardConcept,
    concept_code: string,
    valid_start_date = START,
  ): number {
    return this.addConcept(conceptRow(concept_id, concept_name, domain_id, vocabulary_id, concept_class_id, standard_concept, concept_code, valid_start_date));
  }

  /** 'Is a' child → parent and its reverse 'Subsumes'. */
  isA(child: number, parent: number, validStart = START): void {
    this.relationships.push(relationship(child, parent, 'Is a', validStart), relationship(parent, child, 'Subsumes', validStart));
  }

  synonym(conceptId: number, name: string): void {
    if (name !== '') this.synonyms.push({ concept_id: conceptId, concept_synonym_name: name, language_concept_id: ENGLISH });
  }
}

function relationship(id1: number, id2: number, relationshipId: string, validStart = START): ConceptRelationshipRow {
  return {
    concept_id_1: id1,
    concept_id_2: id2,
    relationship_id: relationshipId,
    valid_start_date: validStart,
    valid_end_date: END,
    invalid_reason: null,
  };
}

/** Sub-titles that already name the disease are used alone ("C22.0 Liver cell carcinoma"). */
const SELF_CONTAINED_TITLE =
  /neoplasm|melanoma|lymphoma|leukaemia|carcinoma|sarcoma|naevi|myeloma|mesothelioma|plasmacytoma|histiocytosis|tumour|syndrome|disease|anaemia|gammopathy|thrombocythaemia|myelofibrosis|hepatoblastoma|leiomyoma|haemangioma|lymphangioma|macroglobulinaemia|proliferations/i;

function parseSubdivisions(list: string): { digit: string; title: string }[] {
  if (list === '') return [];
  return list.split('|').map((entry) => {
    const digit = entry.slice(0, 1);
    if (!/^\d$/.test(digit) || entry[1] !== ' ') {
      throw new AppError('internal', 'malformed subdivision in the bundled vocabulary source', { details: { field: entry } });
    }
    return { digit, title: entry.slice(2) };
  });
}

function addIcd10(b: BundleBuilder): void {
  const blockIds = new Map<string, number>();
  for (const [ordinal, code, title, parent] of ICD10_NEOPLASM_BLOCKS) {
    const id = b.concept(icd10BlockLocalId(ordinal), title, 'Condition', 'ICD10', parent === null ? 'ICD10 Chapter' : 'ICD10 SubChapter', null, code);
    blockIds.set(code, id);
    if (parent !== null) b.isA(id, blockIds.get(parent) ?? missing(parent));
  }
  // Categories hang from the narrowest block whose range contains them.
  const leafBlocks = ICD10_NEOPLASM_BLOCKS.filter(([, code]) => !ICD10_NEOPLASM_BLOCKS.some(([, , , p]) => p === code));
  for (const [code, title, subs] of ICD10_NEOPLASM_CATEGORIES) {
    const subdivisions = parseSubdivisions(subs);
    const id = b.concept(icd10LocalId(code), title, 'Condition', 'ICD10', subdivisions.length > 0 ? 'ICD10 Hierarchy' : 'ICD10 code', null, code);
    const block = leafBlocks.find(([, , , , from, to]) => code >= from && code <= to);
    if (block === undefined) missing(code);
    b.isA(id, blockIds.get(block[1]) ?? missing(block[1]));
    for (const { digit, title: subTitle } of subdivisions) {
      const subCode = `${code}.${digit}`;
      const name = SELF_CONTAINED_TITLE.test(subTitle) ? subTitle : `${title}: ${subTitle}`;
      b.isA(b.concept(icd10LocalId(subCode), name, 'Condition', 'ICD10', 'ICD10 code', null, subCode), id);
    }
  }
}

function addIcdo3(b: BundleBuilder): void {
  for (const [code, title, subs] of ICDO3_TOPOGRAPHIES) {
    const id = b.concept(icdo3TopographyLocalId(code), title, 'Spec Anatomic Site', 'ICDO3', 'ICDO Topography', null, code);
    for (const { digit, title: subTitle } of parseSubdivisions(subs)) {
      const subCode = `${code}.${digit}`;
      b.isA(b.concept(icdo3TopographyLocalId(subCode), subTitle, 'Spec Anatomic Site', 'ICDO3', 'ICDO Topography', null, subCode), id);
    }
  }
  for (const [code, term, synonyms] of ICDO3_MORPHOLOGIES) {
    const id = b.concept(icdo3MorphologyLocalId(code), term, 'Observation', 'ICDO3', 'ICDO Histology', null, code);
    for (const synonym of synonyms.split('|')) b.synonym(id, synonym);
  }
}

const ATC_CLASS_BY_LENGTH: Readonly<Record<number, string>> = { 1: 'ATC 1st', 3: 'ATC 2nd', 4: 'ATC 3rd', 5: 'ATC 4th', 7: 'ATC 5th' };
const ATC_PARENT_LENGTH: Readonly<Record<number, number>> = { 3: 1, 4: 3, 5: 4, 7: 5 };

function addAtc(b: BundleBuilder, code: string, name: string): number {
  const existing = b.concepts.get(atcLocalId(code));
  if (existing !== undefined) return existing.concept_id;
  const conceptClass = ATC_CLASS_BY_LENGTH[code.length] ?? missing(code);
  const id = b.concept(atcLocalId(code), name, 'Drug', 'ATC', conceptClass, 'C', code);
  const parentLength = ATC_PARENT_LENGTH[code.length];
  if (parentLength !== undefined) b.isA(id, atcLocalId(code.slice(0, parentLength)));
  return id;
}

function addDrugs(b: BundleBuilder): void {
  for (const [code, title] of ATC_GROUPS) addAtc(b, code, title);
  for (const drug of ATC_DRUGS) {
    const atcId = drug.atc === null ? atcLocalId(drug.atcGroup ?? missing(drug.ingredient)) : addAtc(b, drug.atc, drug.atcName);
    const conceptId = drug.omopConceptId ?? drug.localConceptId ?? missing(drug.ingredient);
    const inRxNorm = drug.rxcui !== null;
    b.concept(
      conceptId,
      drug.ingredient,
      'Drug',
      inRxNorm ? 'RxNorm' : 'Parcours',
      'Ingredient',
      'S',
      inRxNorm ? (drug.rxcui ?? '') : `ingredient:${drug.ingredient}`,
    );
    b.relationships.push(relationship(atcId, conceptId, 'ATC - RxNorm'), relationship(conceptId, atcId, 'RxNorm - ATC'));
    for (const synonym of drug.synonyms ?? []) b.synonym(conceptId, synonym);
  }
}

function addMeasurements(b: BundleBuilder): void {
  for (const [code, name, omopId, domain, conceptClass, validStart] of LOINC_CONCEPTS) {
    b.concept(omopId ?? loincLocalId(code), name, domain, 'LOINC', conceptClass, 'S', code, validStart);
  }
  for (const [hgncId, symbol, name, synonyms] of HGNC_GENES) {
    const id = b.concept(hgncLocalId(hgncId), `${symbol} (${name})`, 'Measurement', 'HGNC', 'Gene', null, hgncId);
    b.synonym(id, symbol);
    for (const synonym of synonyms.split('|')) b.synonym(id, synonym);
  }
  for (const [conceptId, name, fusion] of OMOP_GENOMIC_FUSIONS) {
    b.synonym(b.concept(conceptId, name, 'Measurement', 'OMOP Genomic', 'Genomic Variant', 'S', fusion), fusion);
  }
  const tnmIds = new Map<string, number>();
  for (const [conceptId, code, name, parent] of TNM_CONCEPTS) {
    tnmIds.set(code, b.concept(conceptId, name, 'Measurement', 'Parcours', 'Staging/Grading', parent === null ? 'C' : 'S', code));
    if (parent !== null) b.isA(conceptId, tnmIds.get(parent) ?? missing(parent));
  }
}

function addMetadata(b: BundleBuilder): void {
  for (const [, name, , , conceptId] of VOCABULARIES) b.concept(conceptId, name, 'Metadata', 'Vocabulary', 'Vocabulary', null, 'OMOP generated');
  for (const [, name, conceptId] of DOMAINS) b.concept(conceptId, name, 'Metadata', 'Domain', 'Domain', null, 'OMOP generated');
  for (const [, name, conceptId] of CONCEPT_CLASSES) b.concept(conceptId, name, 'Metadata', 'Concept Class', 'Concept Class', null, 'OMOP generated');
  for (const [, name, , , , conceptId] of RELATIONSHIPS) b.concept(conceptId, name, 'Metadata', 'Relationship', 'Relationship', null, 'OMOP generated');
}

function missing(what: string): never {
  throw new AppError('internal', 'the bundled vocabulary refers to a code it does not define', { details: { field: what } });
}

/**
 * concept_ancestor as OMOP builds it: the transitive closure of the hierarchical relationships that define ancestry
 * ('Subsumes', 'ATC - RxNorm'), with min/max levels of separation, plus a level-0 row from each concept to itself
 * for every standard or classification concept and every concept that takes part in a hierarchy.
 */
export function buildConceptAncestors(
  concepts: ReadonlyMap<number, ConceptRow>,
  relationships: readonly ConceptRelationshipRow[],
  ancestryRelationships: ReadonlySet<string>,
): ConceptAncestorRow[] {
  const children = new Map<number, number[]>();
  const inHierarchy = new Set<number>();
  for (const r of relationships) {
    if (!ancestryRelationships.has(r.relationship_id) || r.invalid_reason !== null) continue;
    const list = children.get(r.concept_id_1) ?? [];
    if (!list.includes(r.concept_id_2)) list.push(r.concept_id_2);
    children.set(r.concept_id_1, list);
    inHierarchy.add(r.concept_id_1).add(r.concept_id_2);
  }
  // descendants(a) = for each descendant d: [min, max] levels; memoised depth-first walk of the DAG.
  const memo = new Map<number, Map<number, [number, number]>>();
  const visiting = new Set<number>();
  const descendants = (node: number): Map<number, [number, number]> => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) throw new AppError('internal', 'cycle in the bundled vocabulary hierarchy', { details: { field: String(node) } });
    visiting.add(node);
    const result = new Map<number, [number, number]>();
    const merge = (d: number, min: number, max: number): void => {
      const current = result.get(d);
      result.set(d, current === undefined ? [min, max] : [Math.min(current[0], min), Math.max(current[1], max)]);
    };
    for (const child of children.get(node) ?? []) {
      merge(child, 1, 1);
      for (const [d, [min, max]] of descendants(child)) merge(d, min + 1, max + 1);
    }
    visiting.delete(node);
    memo.set(node, result);
    return result;
  };
  const rows: ConceptAncestorRow[] = [];
  for (const concept of concepts.values()) {
    const id = concept.concept_id;
    if (concept.standard_concept !== null || inHierarchy.has(id)) {
      rows.push({ ancestor_concept_id: id, descendant_concept_id: id, min_levels_of_separation: 0, max_levels_of_separation: 0 });
    }
    for (const [d, [min, max]] of descendants(id)) {
      rows.push({ ancestor_concept_id: id, descendant_concept_id: d, min_levels_of_separation: min, max_levels_of_separation: max });
    }
  }
  return rows.sort((x, y) => x.ancestor_concept_id - y.ancestor_concept_id || x.descendant_concept_id - y.descendant_concept_id);
}

function checkMetadataCoverage(concepts: Iterable<ConceptRow>): void {
  const vocabularies = new Set(VOCABULARIES.map(([id]) => id));
  const domains = new Set(DOMAINS.map(([id]) => id));
  const classes = new Set(CONCEPT_CLASSES.map(([id]) => id));
  for (const c of concepts) {
    if (!vocabularies.has(c.vocabulary_id)) missing(`vocabulary ${c.vocabulary_id}`);
    if (!domains.has(c.domain_id)) missing(`domain ${c.domain_id}`);
    if (!classes.has(c.concept_class_id)) missing(`concept class ${c.concept_class_id}`);
  }
}

/**
 * Builds the whole bundle from the typed source tables. Pure and deterministic: the same source always gives the
 * same rows in the same order. Prefer {@link bundledVocabulary}, which builds once and caches.
 */
export function buildVocabularyBundle(): VocabularyBundle {
  const b = new BundleBuilder();
  for (const row of [...OMOP_STANDARD_CONCEPTS, ...PARCOURS_LOCAL_CONCEPTS]) b.addConcept(row);
  for (const [child, parent, validStart] of OMOP_STANDARD_IS_A) b.isA(child, parent, validStart);
  addIcd10(b);
  addIcdo3(b);
  addDrugs(b);
  addMeasurements(b);
  addMetadata(b);
  checkMetadataCoverage(b.concepts.values());

  // Standard concepts map to themselves, as in Athena, so "Maps to" lookups work for source and standard codes alike.
  for (const c of b.concepts.values()) {
    if (c.standard_concept === 'S') {
      b.relationships.push(relationship(c.concept_id, c.concept_id, 'Maps to', c.valid_start_date));
      b.relationships.push(relationship(c.concept_id, c.concept_id, 'Mapped from', c.valid_start_date));
    }
  }

  const concept = [...b.concepts.values()].sort((x, y) => x.concept_id - y.concept_id);
  const concept_relationship = b.relationships.sort(
    (x, y) =>
      x.concept_id_1 - y.concept_id_1 || x.concept_id_2 - y.concept_id_2 || (x.relationship_id < y.relationship_id ? -1 : x.relationship_id > y.relationship_id ? 1 : 0),
  );
  const ancestry = new Set(RELATIONSHIPS.filter(([, , , definesAncestry]) => definesAncestry === '1').map(([id]) => id));
  const concept_ancestor = buildConceptAncestors(b.concepts, concept_relationship, ancestry);
  const concept_synonym = b.synonyms.sort(
    (x, y) => x.concept_id - y.concept_id || (x.concept_synonym_name < y.concept_synonym_name ? -1 : x.concept_synonym_name > y.concept_synonym_name ? 1 : 0),
  );

  return deepFreeze({
    version: BUNDLED_VOCABULARY_VERSION,
    vocabulary: VOCABULARIES.map(([vocabulary_id, vocabulary_name, vocabulary_reference, vocabulary_version, vocabulary_concept_id]) => ({
      vocabulary_id,
      vocabulary_name,
      vocabulary_reference,
      // As in an Athena download, the "None" row carries the release of the whole vocabulary.
      vocabulary_version: vocabulary_id === 'None' ? BUNDLED_VOCABULARY_VERSION : vocabulary_version,
      vocabulary_concept_id,
    })),
    domain: DOMAINS.map(([domain_id, domain_name, domain_concept_id]) => ({ domain_id, domain_name, domain_concept_id })),
    concept_class: CONCEPT_CLASSES.map(([concept_class_id, concept_class_name, concept_class_concept_id]) => ({
      concept_class_id,
      concept_class_name,
      concept_class_concept_id,
    })),
    relationship: RELATIONSHIPS.map(([relationship_id, relationship_name, is_hierarchical, defines_ancestry, reverse_relationship_id, relationship_concept_id]) => ({
      relationship_id,
      relationship_name,
      is_hierarchical,
      defines_ancestry,
      reverse_relationship_id,
      relationship_concept_id,
    })),
    concept,
    concept_relationship,
    concept_synonym,
    concept_ancestor,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

let cached: VocabularyBundle | undefined;

/**
 * The bundled oncology vocabulary subset (OMOP CDM v5.4 vocabulary tables), built on first use and cached. The
 * result is frozen; the same object is returned on every call.
 *
 * @example
 * const v = bundledVocabulary();
 * v.concept.find((c) => c.vocabulary_id === 'ATC' && c.concept_code === 'L01ED01')?.concept_name; // 'crizotinib'
 */
export function bundledVocabulary(): VocabularyBundle {
  cached ??= buildVocabularyBundle();
  return cached;
}
