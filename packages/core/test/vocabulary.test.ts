import { describe, expect, test } from 'vitest';
import {
  LOCAL_CONCEPT_ID_MIN,
  atcIngredientConceptIds,
  WELL_KNOWN_CONCEPTS,
  buildVocabularyBundle,
  bundledVocabulary,
  conceptById,
  conceptIdFor,
  descendantConceptIds,
  isLocalConceptId,
} from '../src/vocabulary/index.js';
import { ATC_DRUGS } from '../src/vocabulary/data/atc-antineoplastic.js';
import { OMOP_GENOMIC_FUSIONS } from '../src/vocabulary/data/omop-genomic-fusions.js';
import { LOINC_CONCEPTS } from '../src/vocabulary/data/loinc.js';
import { OMOP_STANDARD_CONCEPTS } from '../src/vocabulary/data/omop-standard-concepts.js';
import { atcLocalId, icd10LocalId, icdo3MorphologyLocalId, loincLocalId } from '../src/vocabulary/local-concept-ids.js';

const v = bundledVocabulary();
const conceptIds = new Set(v.concept.map((c) => c.concept_id));
const ancestorKey = (a: number, d: number): string => `${a}>${d}`;
const ancestors = new Map(v.concept_ancestor.map((a) => [ancestorKey(a.ancestor_concept_id, a.descendant_concept_id), a]));
const isAncestor = (a: number | undefined, d: number | undefined): boolean =>
  a !== undefined && d !== undefined && ancestors.has(ancestorKey(a, d));
const id = (vocabularyId: string, code: string): number => {
  const found = conceptIdFor(vocabularyId, code);
  if (found === undefined) throw new Error(`${vocabularyId} ${code} missing`);
  return found;
};

describe('bundled vocabulary: integrity', () => {
  test('concept ids are unique', () => {
    expect(conceptIds.size).toBe(v.concept.length);
  });

  test('(vocabulary_id, concept_code) is unique', () => {
    const keys = new Set(v.concept.map((c) => `${c.vocabulary_id}|${c.concept_code}`));
    const metadata = v.concept.filter((c) => c.domain_id === 'Metadata' || c.concept_code === 'OMOP generated').length;
    // Metadata concepts share the code 'OMOP generated', as in Athena; every other code is unique in its vocabulary.
    expect(keys.size).toBeGreaterThanOrEqual(v.concept.length - metadata);
    const nonMetadata = v.concept.filter((c) => c.concept_code !== 'OMOP generated');
    expect(new Set(nonMetadata.map((c) => `${c.vocabulary_id}|${c.concept_code}`)).size).toBe(nonMetadata.length);
  });

  test('every id in the other tables exists in concept', () => {
    for (const r of v.concept_relationship) {
      expect(conceptIds.has(r.concept_id_1), `concept_id_1 ${r.concept_id_1}`).toBe(true);
      expect(conceptIds.has(r.concept_id_2), `concept_id_2 ${r.concept_id_2}`).toBe(true);
    }
    for (const a of v.concept_ancestor) {
      expect(conceptIds.has(a.ancestor_concept_id)).toBe(true);
      expect(conceptIds.has(a.descendant_concept_id)).toBe(true);
    }
    for (const s of v.concept_synonym) {
      expect(conceptIds.has(s.concept_id)).toBe(true);
      expect(conceptIds.has(s.language_concept_id)).toBe(true);
    }
    for (const r of v.vocabulary) expect(conceptIds.has(r.vocabulary_concept_id)).toBe(true);
    for (const r of v.domain) expect(conceptIds.has(r.domain_concept_id)).toBe(true);
    for (const r of v.concept_class) expect(conceptIds.has(r.concept_class_concept_id)).toBe(true);
    for (const r of v.relationship) expect(conceptIds.has(r.relationship_concept_id)).toBe(true);
  });

  test('every domain, vocabulary, class and relationship used is defined', () => {
    const vocabularies = new Set(v.vocabulary.map((r) => r.vocabulary_id));
    const domains = new Set(v.domain.map((r) => r.domain_id));
    const classes = new Set(v.concept_class.map((r) => r.concept_class_id));
    const relationships = new Set(v.relationship.map((r) => r.relationship_id));
    for (const c of v.concept) {
      expect(vocabularies.has(c.vocabulary_id), c.vocabulary_id).toBe(true);
      expect(domains.has(c.domain_id), c.domain_id).toBe(true);
      expect(classes.has(c.concept_class_id), c.concept_class_id).toBe(true);
    }
    for (const r of v.concept_relationship) expect(relationships.has(r.relationship_id)).toBe(true);
    for (const r of v.relationship) expect(relationships.has(r.reverse_relationship_id)).toBe(true);
  });

  test('every relationship has its reverse', () => {
    const reverse = new Map(v.relationship.map((r) => [r.relationship_id, r.reverse_relationship_id]));
    const keys = new Set(v.concept_relationship.map((r) => `${r.concept_id_1}|${r.concept_id_2}|${r.relationship_id}`));
    for (const r of v.concept_relationship) {
      expect(keys.has(`${r.concept_id_2}|${r.concept_id_1}|${reverse.get(r.relationship_id) ?? ''}`), `${r.relationship_id} ${r.concept_id_1}`).toBe(true);
    }
  });

  test('columns respect the OMOP v5.4 types and lengths', () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const validDate = (s: string): boolean => date.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
    for (const c of v.concept) {
      expect(Number.isInteger(c.concept_id)).toBe(true);
      expect(c.concept_name.length).toBeGreaterThan(0);
      expect(c.concept_name.length).toBeLessThanOrEqual(255);
      expect(c.domain_id.length).toBeLessThanOrEqual(20);
      expect(c.vocabulary_id.length).toBeLessThanOrEqual(20);
      expect(c.concept_class_id.length).toBeLessThanOrEqual(20);
      expect(c.concept_code.length).toBeGreaterThan(0);
      expect(c.concept_code.length).toBeLessThanOrEqual(50);
      expect([null, 'S', 'C']).toContain(c.standard_concept);
      expect(validDate(c.valid_start_date), c.valid_start_date).toBe(true);
      expect(validDate(c.valid_end_date), c.valid_end_date).toBe(true);
      expect(c.valid_start_date <= c.valid_end_date).toBe(true);
    }
    for (const r of v.concept_relationship) {
      expect(validDate(r.valid_start_date) && validDate(r.valid_end_date)).toBe(true);
      expect(r.relationship_id.length).toBeLessThanOrEqual(20);
    }
    for (const s of v.concept_synonym) expect(s.concept_synonym_name.length).toBeLessThanOrEqual(1000);
  });

  test('the bundle is deterministic, cached and frozen', () => {
    expect(bundledVocabulary()).toBe(v);
    expect(JSON.stringify(buildVocabularyBundle())).toBe(JSON.stringify(v));
    expect(Object.isFrozen(v.concept)).toBe(true);
    expect(Object.isFrozen(v.concept[0])).toBe(true);
    const sorted = [...v.concept].sort((a, b) => a.concept_id - b.concept_id);
    expect(sorted.map((c) => c.concept_id)).toEqual(v.concept.map((c) => c.concept_id));
  });
});

describe('bundled vocabulary: concept_ancestor', () => {
  test('is the transitive closure of the ancestry-defining relationships, with level-0 self rows', () => {
    const ancestry = new Set(v.relationship.filter((r) => r.defines_ancestry === '1').map((r) => r.relationship_id));
    const children = new Map<number, number[]>();
    for (const r of v.concept_relationship) {
      if (!ancestry.has(r.relationship_id)) continue;
      children.set(r.concept_id_1, [...(children.get(r.concept_id_1) ?? []), r.concept_id_2]);
    }
    // Breadth-first from every concept: min levels by BFS, max levels by longest path.
    const expected = new Map<string, [number, number]>();
    const longest = new Map<number, Map<number, number>>();
    const longestFrom = (n: number): Map<number, number> => {
      const known = longest.get(n);
      if (known) return known;
      const out = new Map<number, number>();
      for (const c of children.get(n) ?? []) {
        out.set(c, Math.max(out.get(c) ?? 0, 1));
        for (const [d, l] of longestFrom(c)) out.set(d, Math.max(out.get(d) ?? 0, l + 1));
      }
      longest.set(n, out);
      return out;
    };
    for (const c of v.concept) {
      const min = new Map<number, number>();
      let frontier = [c.concept_id];
      for (let level = 1; frontier.length > 0; level++) {
        const next: number[] = [];
        for (const n of frontier) for (const ch of children.get(n) ?? []) if (!min.has(ch)) { min.set(ch, level); next.push(ch); }
        frontier = next;
      }
      const max = longestFrom(c.concept_id);
      for (const [d, l] of min) expected.set(ancestorKey(c.concept_id, d), [l, max.get(d) ?? -1]);
    }
    const nonSelf = v.concept_ancestor.filter((a) => a.ancestor_concept_id !== a.descendant_concept_id);
    expect(nonSelf.length).toBe(expected.size);
    for (const a of nonSelf) {
      expect([a.min_levels_of_separation, a.max_levels_of_separation]).toEqual(expected.get(ancestorKey(a.ancestor_concept_id, a.descendant_concept_id)));
      expect(a.min_levels_of_separation).toBeLessThanOrEqual(a.max_levels_of_separation);
      expect(a.min_levels_of_separation).toBeGreaterThanOrEqual(1);
    }
    const inHierarchy = new Set(v.concept_ancestor.flatMap((a) => [a.ancestor_concept_id, a.descendant_concept_id]));
    for (const c of v.concept) {
      const self = ancestors.get(ancestorKey(c.concept_id, c.concept_id));
      if (c.standard_concept !== null || inHierarchy.has(c.concept_id)) {
        expect(self, `self row for ${c.concept_id}`).toEqual({ ancestor_concept_id: c.concept_id, descendant_concept_id: c.concept_id, min_levels_of_separation: 0, max_levels_of_separation: 0 });
      }
    }
  });

  test('ICD-10: C34 is an ancestor of C34.1, blocks and chapter above it', () => {
    expect(isAncestor(id('ICD10', 'C34'), id('ICD10', 'C34.1'))).toBe(true);
    expect(ancestors.get(ancestorKey(id('ICD10', 'C30-C39'), id('ICD10', 'C34.1')))?.min_levels_of_separation).toBe(2);
    expect(isAncestor(id('ICD10', 'C00-C97'), id('ICD10', 'C50.9'))).toBe(true);
    expect(isAncestor(id('ICD10', 'C00-D48'), id('ICD10', 'D48.9'))).toBe(true);
    expect(isAncestor(id('ICD10', 'C00-C97'), id('ICD10', 'D05.1'))).toBe(false);
    expect(isAncestor(id('ICD10', 'C34'), id('ICD10', 'C33'))).toBe(false);
  });

  test('ATC: L01ED is an ancestor of L01ED01 and of the crizotinib RxNorm ingredient', () => {
    const crizotinib = 40242675;
    expect(conceptById(crizotinib)).toMatchObject({ vocabulary_id: 'RxNorm', concept_class_id: 'Ingredient', standard_concept: 'S' });
    expect(isAncestor(id('ATC', 'L01ED'), id('ATC', 'L01ED01'))).toBe(true);
    expect(isAncestor(id('ATC', 'L01ED'), crizotinib)).toBe(true);
    expect(ancestors.get(ancestorKey(id('ATC', 'L01'), crizotinib))?.min_levels_of_separation).toBe(4);
    expect(descendantConceptIds(id('ATC', 'L01ED'))).toContain(crizotinib);
    expect(isAncestor(id('ATC', 'L01EB'), crizotinib)).toBe(false);
    expect(isAncestor(id('ATC', 'L01EX'), id('Parcours', 'ingredient:repotrectinib'))).toBe(true);
    expect(atcIngredientConceptIds('L01ED01')).toEqual([crizotinib]);
    expect(atcIngredientConceptIds('L01CD01')).toEqual([1378382, id('Parcours', 'ingredient:paclitaxel protein-bound')]);
    expect(atcIngredientConceptIds('Z99')).toEqual([]);
  });

  test('ICD-O-3 topography, TNM and SNOMED hierarchies', () => {
    expect(isAncestor(id('ICDO3', 'C50'), id('ICDO3', 'C50.4'))).toBe(true);
    expect(isAncestor(id('Parcours', 'STAGE-I'), id('Parcours', 'STAGE-IA3'))).toBe(true);
    expect(isAncestor(id('Parcours', 'T1'), id('Parcours', 'T1c'))).toBe(true);
    expect(isAncestor(4115276, 4308479)).toBe(true);
  });
});

describe('bundled vocabulary: content', () => {
  // Written independently of the source table, from the WHO ICD-10 2019 tabular list of chapter II.
  const who3 = (letter: string, from: number, to: number, except: number[] = []): string[] =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => !except.includes(n)).map((n) => `${letter}${String(n).padStart(2, '0')}`);
  const EXPECTED_ICD10_CATEGORIES = [
    ...who3('C', 0, 97, [27, 28, 29, 35, 36, 42, 59, 87, 89]),
    ...who3('D', 0, 48, [8]),
  ];

  test('all WHO ICD-10 3-character neoplasm categories (C00-C97, D00-D48) are present, and nothing else', () => {
    expect(EXPECTED_ICD10_CATEGORIES).toHaveLength(89 + 48);
    for (const code of EXPECTED_ICD10_CATEGORIES) expect(conceptIdFor('ICD10', code), code).toBeDefined();
    const bundled = v.concept.filter((c) => c.vocabulary_id === 'ICD10' && /^[CD]\d{2}$/.test(c.concept_code)).map((c) => c.concept_code);
    expect(bundled.sort()).toEqual([...EXPECTED_ICD10_CATEGORIES].sort());
    expect(conceptIdFor('ICD10', 'D49')).toBeUndefined(); // ICD-10-CM only
  });

  test('4-character subcategories hang from their category', () => {
    for (const c of v.concept.filter((x) => x.vocabulary_id === 'ICD10' && /^[CD]\d{2}\.\d$/.test(x.concept_code))) {
      expect(isAncestor(id('ICD10', c.concept_code.slice(0, 3)), c.concept_id), c.concept_code).toBe(true);
      expect(c.concept_class_id).toBe('ICD10 code');
    }
    for (const code of ['C34.0', 'C34.1', 'C34.2', 'C34.3', 'C34.8', 'C34.9', 'C50.9', 'C18.7', 'C56', 'C61', 'C80.9', 'C90.0', 'D05.1']) {
      expect(conceptIdFor('ICD10', code), code).toBeDefined();
    }
    expect(conceptById(id('ICD10', 'C34'))?.concept_class_id).toBe('ICD10 Hierarchy');
  });

  test('ICD-O-3 sites and morphologies the studies use are present', () => {
    for (const code of ['C50.9', 'C34.1', 'C56.9', 'C18.7', 'C20.9', 'C61.9', 'C44.5', 'C69.3', 'C49.9', 'C77.1', 'C42.1', 'C71.6', 'C32.0']) {
      expect(conceptIdFor('ICDO3', code), code).toBeDefined();
    }
    for (const code of ['8140/3', '8070/3', '8041/3', '8046/3', '8012/3', '8500/3', '8520/3', '8441/3', '8461/3', '8720/3', '8800/3', '8890/3', '8850/3', '9680/3', '9732/3', '9861/3', '9500/3', '8960/3', '9470/3', '8550/3']) {
      expect(conceptIdFor('ICDO3', code), code).toBe(icdo3MorphologyLocalId(code));
    }
  });

  test('every listed drug is present as an ingredient under its ATC code', () => {
    const drugs = [
      'crizotinib', 'ceritinib', 'alectinib', 'brigatinib', 'lorlatinib', 'entrectinib', 'repotrectinib', 'osimertinib', 'gefitinib',
      'erlotinib', 'afatinib', 'cisplatin', 'carboplatin', 'oxaliplatin', 'pemetrexed', 'docetaxel', 'paclitaxel', 'paclitaxel protein-bound',
      'gemcitabine', 'vinorelbine', 'etoposide', 'fluorouracil', 'capecitabine', 'irinotecan', 'doxorubicin', 'cyclophosphamide', 'epirubicin',
      'pembrolizumab', 'nivolumab', 'atezolizumab', 'durvalumab', 'ipilimumab', 'trastuzumab', 'pertuzumab', 'ado-trastuzumab emtansine',
      'fam-trastuzumab deruxtecan', 'olaparib', 'niraparib', 'rucaparib', 'bevacizumab', 'tamoxifen', 'letrozole', 'anastrozole', 'exemestane',
      'fulvestrant', 'palbociclib', 'ribociclib', 'abemaciclib',
    ];
    const ingredients = new Map(v.concept.filter((c) => c.concept_class_id === 'Ingredient').map((c) => [c.concept_name, c]));
    for (const name of drugs) {
      const ingredient = ingredients.get(name);
      expect(ingredient, name).toBeDefined();
      expect(ingredient?.standard_concept).toBe('S');
      const source = ATC_DRUGS.find((d) => d.ingredient === name);
      const atc = source?.atc ?? source?.atcGroup;
      expect(atc, name).toBeDefined();
      expect(isAncestor(id('ATC', atc ?? ''), ingredient?.concept_id), name).toBe(true);
      expect(isAncestor(id('ATC', 'L'), ingredient?.concept_id), name).toBe(true);
    }
    expect(conceptById(id('ATC', 'L01ED05'))?.concept_name).toBe('lorlatinib');
    expect(conceptById(id('ATC', 'L01EX14'))?.concept_name).toBe('entrectinib');
    expect(conceptById(id('ATC', 'L01XK01'))?.concept_class_id).toBe('ATC 5th');
    expect(conceptById(id('ATC', 'L01ED'))).toMatchObject({ concept_class_id: 'ATC 4th', standard_concept: 'C' });
  });

  test('every listed gene is present with its HGNC id', () => {
    const genes: Record<string, string> = {
      ROS1: 'HGNC:10261', ALK: 'HGNC:427', EGFR: 'HGNC:3236', KRAS: 'HGNC:6407', BRAF: 'HGNC:1097', MET: 'HGNC:7029', RET: 'HGNC:9967',
      NTRK1: 'HGNC:8031', NTRK2: 'HGNC:8032', NTRK3: 'HGNC:8033', ERBB2: 'HGNC:3430', BRCA1: 'HGNC:1100', BRCA2: 'HGNC:1101', PIK3CA: 'HGNC:8975',
    };
    for (const [symbol, hgnc] of Object.entries(genes)) {
      expect(conceptById(id('HGNC', hgnc))?.concept_name.startsWith(`${symbol} (`), symbol).toBe(true);
    }
    expect(OMOP_GENOMIC_FUSIONS.filter(([, , f]) => f.endsWith('::ROS1')).length).toBeGreaterThanOrEqual(17);
    expect(conceptIdFor('OMOP Genomic', 'CD74::ROS1')).toBe(19643910);
  });

  test('labs, tumour markers, TNM items and other measurements are present with their LOINC codes', () => {
    for (const code of ['718-7', '26464-8', '751-8', '777-3', '2160-0', '1742-6', '1920-8', '1975-2', '1751-7', '2532-0', '2039-6', '6875-9', '10334-1', '24108-3', '2857-1', '1834-1', '21198-7', '89247-1', '72166-2', '21905-5', '21906-3', '21907-1', '21908-9', '21899-0', '21900-6', '21901-4', '21902-2', '29463-7', '8302-2']) {
      expect(conceptIdFor('LOINC', code), code).toBeDefined();
    }
    expect(conceptIdFor('LOINC', '718-7')).toBe(3000963);
    expect(conceptIdFor('LOINC', '2039-6')).toBe(loincLocalId('2039-6'));
  });

  test('TNM categories and stage groups are present', () => {
    for (const code of ['T0', 'Tis', 'T1', 'T1mi', 'T1a', 'T1b', 'T1c', 'T2', 'T2a', 'T2b', 'T3', 'T4', 'TX', 'N0', 'N1', 'N2', 'N3', 'NX', 'M0', 'M1', 'M1a', 'M1b', 'M1c']) {
      expect(conceptIdFor('Parcours', code), code).toBeDefined();
    }
    for (const stage of ['0', 'I', 'IA', 'IA1', 'IA2', 'IA3', 'IB', 'II', 'IIA', 'IIB', 'III', 'IIIA', 'IIIB', 'IIIC', 'IV', 'IVA', 'IVB']) {
      expect(conceptIdFor('Parcours', `STAGE-${stage}`), stage).toBeDefined();
    }
  });

  test('conceptIdFor accepts undotted ICD codes and returns undefined for unknown codes', () => {
    expect(conceptIdFor('ICD10', 'C341')).toBe(icd10LocalId('C34.1'));
    expect(conceptIdFor('ICD10', 'c34.1')).toBe(icd10LocalId('C34.1'));
    expect(conceptIdFor('ICD10', 'Z99')).toBeUndefined();
    expect(conceptIdFor('ATC', 'L01ED01')).toBe(atcLocalId('L01ED01'));
  });
});

describe('bundled vocabulary: local and OMOP ids', () => {
  test('local vocabularies use only local ids; sourced OMOP ids are below 2e9', () => {
    const localOnly = new Set(['ICD10', 'ICDO3', 'ATC', 'HGNC', 'Parcours', 'DICOM', 'Vocabulary', 'Domain', 'Concept Class', 'Relationship']);
    for (const c of v.concept) {
      if (localOnly.has(c.vocabulary_id)) expect(c.concept_id, `${c.vocabulary_id} ${c.concept_code}`).toBeGreaterThanOrEqual(LOCAL_CONCEPT_ID_MIN);
    }
    const documented = [
      ...OMOP_STANDARD_CONCEPTS.map((c) => c.concept_id),
      ...ATC_DRUGS.flatMap((d) => (d.omopConceptId === null ? [] : [d.omopConceptId])),
      ...LOINC_CONCEPTS.flatMap(([, , omopId]) => (omopId === null ? [] : [omopId])),
      ...OMOP_GENOMIC_FUSIONS.map(([conceptId]) => conceptId),
    ];
    for (const omopId of documented) {
      expect(omopId).toBeLessThan(LOCAL_CONCEPT_ID_MIN);
      expect(isLocalConceptId(omopId)).toBe(false);
      expect(conceptIds.has(omopId)).toBe(true);
    }
    for (const d of ATC_DRUGS) {
      if (d.omopConceptId === null) expect(isLocalConceptId(d.localConceptId ?? 0), d.ingredient).toBe(true);
    }
    // Nothing between the documented OMOP ids and the local range: every id < 2e9 is documented.
    const documentedSet = new Set(documented);
    for (const c of v.concept) if (!isLocalConceptId(c.concept_id)) expect(documentedSet.has(c.concept_id), String(c.concept_id)).toBe(true);
  });

  test('every well-known concept is in the bundle', () => {
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'number') expect(conceptIds.has(value), path).toBe(true);
      else if (typeof value === 'object' && value !== null) for (const [k, inner] of Object.entries(value)) walk(inner, `${path}.${k}`);
    };
    walk(WELL_KNOWN_CONCEPTS, 'WELL_KNOWN_CONCEPTS');
    expect(conceptById(WELL_KNOWN_CONCEPTS.TYPE_CONCEPT.ehr)?.concept_name).toBe('EHR');
    expect(conceptById(WELL_KNOWN_CONCEPTS.MEASUREMENT.cea)?.concept_code).toBe('2039-6');
    expect(conceptById(WELL_KNOWN_CONCEPTS.TNM_ITEM.pathologicalStageGroup)?.concept_code).toBe('21902-2');
  });
});
