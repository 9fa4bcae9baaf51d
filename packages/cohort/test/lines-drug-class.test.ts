import { atcIngredientConceptIds, bundledVocabulary, conceptById, conceptFor } from '@parcours/core';
import { DRUGS } from '@parcours/synth';
import { describe, expect, it } from 'vitest';
import { type DrugClass, classifyAntineoplastic } from '../src/index.js';

// Every 5th-level ATC code of the bundled vocabulary, its name there, and the class written by hand from the ATC
// 2024 group it belongs to.
const BUNDLED: readonly (readonly [string, string, DrugClass])[] = [
  ['L01AA01', 'cyclophosphamide', 'chemotherapy'],
  ['L01BA04', 'pemetrexed', 'chemotherapy'],
  ['L01BC02', 'fluorouracil', 'chemotherapy'],
  ['L01BC05', 'gemcitabine', 'chemotherapy'],
  ['L01BC06', 'capecitabine', 'chemotherapy'],
  ['L01CA04', 'vinorelbine', 'chemotherapy'],
  ['L01CB01', 'etoposide', 'chemotherapy'],
  ['L01CD01', 'paclitaxel', 'chemotherapy'],
  ['L01CD02', 'docetaxel', 'chemotherapy'],
  ['L01CE02', 'irinotecan', 'chemotherapy'],
  ['L01DB01', 'doxorubicin', 'chemotherapy'],
  ['L01DB03', 'epirubicin', 'chemotherapy'],
  ['L01EA01', 'imatinib', 'targeted'],
  ['L01EB01', 'gefitinib', 'targeted'],
  ['L01EB02', 'erlotinib', 'targeted'],
  ['L01EB03', 'afatinib', 'targeted'],
  ['L01EB04', 'osimertinib', 'targeted'],
  ['L01EC02', 'dabrafenib', 'targeted'],
  ['L01ED01', 'crizotinib', 'targeted'],
  ['L01ED02', 'ceritinib', 'targeted'],
  ['L01ED03', 'alectinib', 'targeted'],
  ['L01ED04', 'brigatinib', 'targeted'],
  ['L01ED05', 'lorlatinib', 'targeted'],
  ['L01EE01', 'trametinib', 'targeted'],
  ['L01EF01', 'palbociclib', 'targeted'],
  ['L01EF02', 'ribociclib', 'targeted'],
  ['L01EF03', 'abemaciclib', 'targeted'],
  ['L01EX14', 'entrectinib', 'targeted'],
  ['L01FA01', 'rituximab', 'targeted'],
  ['L01FD01', 'trastuzumab', 'targeted'],
  ['L01FD02', 'pertuzumab', 'targeted'],
  ['L01FD03', 'trastuzumab emtansine', 'targeted'],
  ['L01FD04', 'trastuzumab deruxtecan', 'targeted'],
  ['L01FE01', 'cetuximab', 'targeted'],
  ['L01FF01', 'nivolumab', 'immunotherapy'],
  ['L01FF02', 'pembrolizumab', 'immunotherapy'],
  ['L01FF03', 'durvalumab', 'immunotherapy'],
  ['L01FF05', 'atezolizumab', 'immunotherapy'],
  ['L01FG01', 'bevacizumab', 'antiangiogenic'],
  ['L01FX04', 'ipilimumab', 'immunotherapy'],
  ['L01XA01', 'cisplatin', 'chemotherapy'],
  ['L01XA02', 'carboplatin', 'chemotherapy'],
  ['L01XA03', 'oxaliplatin', 'chemotherapy'],
  ['L01XK01', 'olaparib', 'targeted'],
  ['L01XK02', 'niraparib', 'targeted'],
  ['L01XK03', 'rucaparib', 'targeted'],
  ['L02AE02', 'leuprorelin', 'endocrine'],
  ['L02AE03', 'goserelin', 'endocrine'],
  ['L02BA01', 'tamoxifen', 'endocrine'],
  ['L02BA03', 'fulvestrant', 'endocrine'],
  ['L02BB03', 'bicalutamide', 'endocrine'],
  ['L02BB04', 'enzalutamide', 'endocrine'],
  ['L02BG03', 'anastrozole', 'endocrine'],
  ['L02BG04', 'letrozole', 'endocrine'],
  ['L02BG06', 'exemestane', 'endocrine'],
  ['L02BX02', 'degarelix', 'endocrine'],
  ['L02BX03', 'abiraterone', 'endocrine'],
];

describe('classifyAntineoplastic (ATC 2024)', () => {
  it('classifies every drug of the bundled vocabulary, whose codes and names match', () => {
    const bundled = bundledVocabulary().concept.filter((c) => c.vocabulary_id === 'ATC' && c.concept_code.length === 7);
    expect(bundled.map((c) => c.concept_code).sort()).toEqual(BUNDLED.map(([code]) => code).sort());
    for (const [code, name, drugClass] of BUNDLED) {
      expect(conceptFor('ATC', code)?.concept_name, code).toBe(name);
      expect(classifyAntineoplastic(code), `${code} ${name}`).toBe(drugClass);
    }
  });

  it('classifies groups the bundle lacks by their ATC 2024 place', () => {
    expect(conceptFor('ATC', 'L01XX')).toBeUndefined();
    expect(classifyAntineoplastic('L01XX52')).toBe('targeted'); // L01XX: other antineoplastic agents, small molecules
    expect(classifyAntineoplastic('L01XX')).toBe('targeted');
    expect(classifyAntineoplastic('L01XB01')).toBe('chemotherapy'); // methylhydrazines (procarbazine)
    expect(classifyAntineoplastic('L01XL')).toBe('immunotherapy'); // cell and gene therapy
    expect(classifyAntineoplastic('L01FX')).toBe('targeted'); // other antibodies and ADCs, ipilimumab aside
    expect(classifyAntineoplastic('L01FF')).toBe('immunotherapy');
    expect(classifyAntineoplastic('L01')).toBe('other');
    expect(classifyAntineoplastic('L02')).toBe('endocrine');
  });

  it('carries repotrectinib as L01EX: a group in the bundle, with repotrectinib under it', () => {
    expect(conceptFor('ATC', 'L01EX')?.concept_class_id).toBe('ATC 4th');
    const names = atcIngredientConceptIds('L01EX').map((id) => conceptById(id)?.concept_name);
    expect(names).toContain('repotrectinib');
    expect(classifyAntineoplastic('L01EX')).toBe('targeted');
  });

  it('classifies every drug the synthetic generator prescribes', () => {
    for (const spec of Object.values(DRUGS)) expect(classifyAntineoplastic(spec.atc), spec.drug).toBeDefined();
  });

  it('gives no class to other codes or to malformed ones; trims and upper-cases', () => {
    for (const code of ['A04AA01', 'H02AB02', 'L04AX04', 'L03AA02', '', 'L', 'L1', 'L01E01X', 'L01ED011', 'crizotinib']) {
      expect(classifyAntineoplastic(code), code).toBeUndefined();
    }
    expect(classifyAntineoplastic(' l01ed01 ')).toBe('targeted');
  });
});
