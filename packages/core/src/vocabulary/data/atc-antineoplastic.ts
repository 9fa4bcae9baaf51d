/**
 * ATC (WHO Anatomical Therapeutic Chemical classification) groups L01 and L02 in the 2024 structure, where protein
 * kinase inhibitors are L01E* and monoclonal antibodies L01F*, and the drugs Parcours' studies need.
 *
 * Sources: 5th-level codes checked against the Medizininformatik-Initiative value set "MII VS Onkologie Systemische
 * Therapie Substanzen ATC 2024" (validated against ATC-DE 2024); group titles from the WHO ATC/DDD index
 * (https://atcddd.fhi.no/atc_ddd_index/). OMOP concept_ids of RxNorm ingredients from the answerdigital
 * oxford-omop-data-mapper SACT drug lookup (docs/transformation-documentation/DrugExposure_drug_source_concept_id.md),
 * cross-checked on three non-oncology ingredients against OHDSI Eunomia's CONCEPT.csv. See VOCABULARY.md.
 */

/** [ATC code, WHO title]; levels 1 to 4, the parent of each code is its prefix. */
export const ATC_GROUPS: readonly (readonly [code: string, title: string])[] = [
  ['L', 'ANTINEOPLASTIC AND IMMUNOMODULATING AGENTS'],
  ['L01', 'ANTINEOPLASTIC AGENTS'],
  ['L01A', 'ALKYLATING AGENTS'],
  ['L01AA', 'Nitrogen mustard analogues'],
  ['L01B', 'ANTIMETABOLITES'],
  ['L01BA', 'Folic acid analogues'],
  ['L01BC', 'Pyrimidine analogues'],
  ['L01C', 'PLANT ALKALOIDS AND OTHER NATURAL PRODUCTS'],
  ['L01CA', 'Vinca alkaloids and analogues'],
  ['L01CB', 'Podophyllotoxin derivatives'],
  ['L01CD', 'Taxanes'],
  ['L01CE', 'Topoisomerase 1 (TOP1) inhibitors'],
  ['L01D', 'CYTOTOXIC ANTIBIOTICS AND RELATED SUBSTANCES'],
  ['L01DB', 'Anthracyclines and related substances'],
  ['L01E', 'PROTEIN KINASE INHIBITORS'],
  ['L01EA', 'BCR-ABL tyrosine kinase inhibitors'],
  ['L01EB', 'Epidermal growth factor receptor (EGFR) tyrosine kinase inhibitors'],
  ['L01EC', 'B-Raf serine-threonine kinase (BRAF) inhibitors'],
  ['L01ED', 'Anaplastic lymphoma kinase (ALK) inhibitors'],
  ['L01EE', 'Mitogen-activated protein kinase (MEK) inhibitors'],
  ['L01EF', 'Cyclin-dependent kinase (CDK) inhibitors'],
  ['L01EX', 'Other protein kinase inhibitors'],
  ['L01F', 'MONOCLONAL ANTIBODIES AND ANTIBODY DRUG CONJUGATES'],
  ['L01FA', 'CD20 (Clusters of Differentiation 20) inhibitors'],
  ['L01FD', 'HER2 (Human Epidermal Growth Factor Receptor 2) inhibitors'],
  ['L01FE', 'EGFR (Epidermal Growth Factor Receptor) inhibitors'],
  ['L01FF', 'PD-1/PDL-1 (Programmed cell death protein 1/death ligand 1) inhibitors'],
  ['L01FG', 'VEGF/VEGFR (Vascular Endothelial Growth Factor) inhibitors'],
  ['L01FX', 'Other monoclonal antibodies and antibody drug conjugates'],
  ['L01X', 'OTHER ANTINEOPLASTIC AGENTS'],
  ['L01XA', 'Platinum compounds'],
  ['L01XK', 'Poly (ADP-ribose) polymerase (PARP) inhibitors'],
  ['L02', 'ENDOCRINE THERAPY'],
  ['L02A', 'HORMONES AND RELATED AGENTS'],
  ['L02AE', 'Gonadotropin releasing hormone analogues'],
  ['L02B', 'HORMONE ANTAGONISTS AND RELATED AGENTS'],
  ['L02BA', 'Anti-estrogens'],
  ['L02BB', 'Anti-androgens'],
  ['L02BG', 'Aromatase inhibitors'],
  ['L02BX', 'Other hormone antagonists and related agents'],
];

/**
 * One drug: its ATC 5th level (or, when WHO has not published one we could verify, the 4th-level group it belongs
 * to) and its standard ingredient concept.
 *
 * - `omopConceptId`: the OMOP concept_id of the RxNorm ingredient, when found in a public source; otherwise null and
 *   `localConceptId` gives the bundle's own id.
 * - `rxcui`: the RxNorm code (concept_code). When null the ingredient is not put in vocabulary 'RxNorm' (we will not
 *   invent an RxNorm code) but in the local 'Parcours' vocabulary with code `ingredient:<name>`.
 */
export interface AtcDrugSource {
  readonly atc: string | null;
  /** The ATC group the ingredient hangs from when `atc` is null. */
  readonly atcGroup?: string;
  /** WHO ATC name (5th level), English INN. */
  readonly atcName: string;
  /** RxNorm-style ingredient name (lower case, US adopted name). */
  readonly ingredient: string;
  readonly omopConceptId: number | null;
  readonly localConceptId?: number;
  readonly rxcui: string | null;
  readonly synonyms?: readonly string[];
}

export const ATC_DRUGS: readonly AtcDrugSource[] = [
  // Alkylating agents, antimetabolites, natural products, anthracyclines
  { atc: 'L01AA01', atcName: 'cyclophosphamide', ingredient: 'cyclophosphamide', omopConceptId: 1310317, rxcui: '3002' },
  { atc: 'L01BA04', atcName: 'pemetrexed', ingredient: 'pemetrexed', omopConceptId: 1304919, rxcui: '68446' },
  { atc: 'L01BC02', atcName: 'fluorouracil', ingredient: 'fluorouracil', omopConceptId: 955632, rxcui: '4492', synonyms: ['5-FU'] },
  { atc: 'L01BC05', atcName: 'gemcitabine', ingredient: 'gemcitabine', omopConceptId: 1314924, rxcui: '12574' },
  { atc: 'L01BC06', atcName: 'capecitabine', ingredient: 'capecitabine', omopConceptId: 1337620, rxcui: '194000' },
  { atc: 'L01CA04', atcName: 'vinorelbine', ingredient: 'vinorelbine', omopConceptId: 1343346, rxcui: '39541' },
  { atc: 'L01CB01', atcName: 'etoposide', ingredient: 'etoposide', omopConceptId: 1350504, rxcui: '4179' },
  { atc: 'L01CD01', atcName: 'paclitaxel', ingredient: 'paclitaxel', omopConceptId: 1378382, rxcui: '56946' },
  // ATC has no own code for the albumin-bound form: it is classified with paclitaxel (L01CD01).
  { atc: 'L01CD01', atcName: 'paclitaxel', ingredient: 'paclitaxel protein-bound', omopConceptId: null, localConceptId: 2_008_100_001, rxcui: null, synonyms: ['nab-paclitaxel'] },
  { atc: 'L01CD02', atcName: 'docetaxel', ingredient: 'docetaxel', omopConceptId: 1315942, rxcui: '72962' },
  { atc: 'L01CE02', atcName: 'irinotecan', ingredient: 'irinotecan', omopConceptId: 1367268, rxcui: '51499' },
  { atc: 'L01DB01', atcName: 'doxorubicin', ingredient: 'doxorubicin', omopConceptId: 1338512, rxcui: '3639' },
  { atc: 'L01DB03', atcName: 'epirubicin', ingredient: 'epirubicin', omopConceptId: 1344354, rxcui: '3995' },
  // Protein kinase inhibitors
  { atc: 'L01EA01', atcName: 'imatinib', ingredient: 'imatinib', omopConceptId: 1304107, rxcui: '282388' },
  { atc: 'L01EB01', atcName: 'gefitinib', ingredient: 'gefitinib', omopConceptId: 1319193, rxcui: '328134' },
  { atc: 'L01EB02', atcName: 'erlotinib', ingredient: 'erlotinib', omopConceptId: 1325363, rxcui: '337525' },
  { atc: 'L01EB03', atcName: 'afatinib', ingredient: 'afatinib', omopConceptId: null, localConceptId: 2_005_000_001, rxcui: '1430438' },
  { atc: 'L01EB04', atcName: 'osimertinib', ingredient: 'osimertinib', omopConceptId: 35605522, rxcui: '1721560' },
  { atc: 'L01EC02', atcName: 'dabrafenib', ingredient: 'dabrafenib', omopConceptId: 43532299, rxcui: '1424911' },
  { atc: 'L01ED01', atcName: 'crizotinib', ingredient: 'crizotinib', omopConceptId: 40242675, rxcui: '1148495' },
  { atc: 'L01ED02', atcName: 'ceritinib', ingredient: 'ceritinib', omopConceptId: null, localConceptId: 2_005_000_002, rxcui: '1535457' },
  { atc: 'L01ED03', atcName: 'alectinib', ingredient: 'alectinib', omopConceptId: 35604657, rxcui: '1727455' },
  { atc: 'L01ED04', atcName: 'brigatinib', ingredient: 'brigatinib', omopConceptId: 1594187, rxcui: '1921217' },
  { atc: 'L01ED05', atcName: 'lorlatinib', ingredient: 'lorlatinib', omopConceptId: 35201733, rxcui: '2103164' },
  { atc: 'L01EE01', atcName: 'trametinib', ingredient: 'trametinib', omopConceptId: 43532497, rxcui: '1425099' },
  { atc: 'L01EF01', atcName: 'palbociclib', ingredient: 'palbociclib', omopConceptId: 45892075, rxcui: '1601374' },
  { atc: 'L01EF02', atcName: 'ribociclib', ingredient: 'ribociclib', omopConceptId: 1592911, rxcui: '1873916' },
  { atc: 'L01EF03', atcName: 'abemaciclib', ingredient: 'abemaciclib', omopConceptId: 792649, rxcui: '1946825' },
  { atc: 'L01EX14', atcName: 'entrectinib', ingredient: 'entrectinib', omopConceptId: null, localConceptId: 2_008_100_002, rxcui: null },
  // Repotrectinib: no ATC 5th level could be verified (not in ATC 2024); hangs from L01EX until one is published.
  { atc: null, atcGroup: 'L01EX', atcName: 'repotrectinib', ingredient: 'repotrectinib', omopConceptId: null, localConceptId: 2_008_100_003, rxcui: null },
  // Monoclonal antibodies and antibody drug conjugates
  { atc: 'L01FA01', atcName: 'rituximab', ingredient: 'rituximab', omopConceptId: 1314273, rxcui: '121191' },
  { atc: 'L01FD01', atcName: 'trastuzumab', ingredient: 'trastuzumab', omopConceptId: 1387104, rxcui: '224905' },
  { atc: 'L01FD02', atcName: 'pertuzumab', ingredient: 'pertuzumab', omopConceptId: 42801287, rxcui: '1298944' },
  { atc: 'L01FD03', atcName: 'trastuzumab emtansine', ingredient: 'ado-trastuzumab emtansine', omopConceptId: null, localConceptId: 2_008_100_004, rxcui: null, synonyms: ['T-DM1', 'trastuzumab emtansine'] },
  { atc: 'L01FD04', atcName: 'trastuzumab deruxtecan', ingredient: 'fam-trastuzumab deruxtecan', omopConceptId: null, localConceptId: 2_008_100_005, rxcui: null, synonyms: ['T-DXd', 'trastuzumab deruxtecan'] },
  { atc: 'L01FE01', atcName: 'cetuximab', ingredient: 'cetuximab', omopConceptId: 1315411, rxcui: '318341' },
  { atc: 'L01FF01', atcName: 'nivolumab', ingredient: 'nivolumab', omopConceptId: 45892628, rxcui: '1597876' },
  { atc: 'L01FF02', atcName: 'pembrolizumab', ingredient: 'pembrolizumab', omopConceptId: 45775965, rxcui: '1547545' },
  { atc: 'L01FF03', atcName: 'durvalumab', ingredient: 'durvalumab', omopConceptId: 1594034, rxcui: '1919503' },
  { atc: 'L01FF05', atcName: 'atezolizumab', ingredient: 'atezolizumab', omopConceptId: 42629079, rxcui: '1792776' },
  { atc: 'L01FG01', atcName: 'bevacizumab', ingredient: 'bevacizumab', omopConceptId: 1397141, rxcui: '253337' },
  { atc: 'L01FX04', atcName: 'ipilimumab', ingredient: 'ipilimumab', omopConceptId: 40238188, rxcui: '1094833' },
  // Platinum compounds, PARP inhibitors
  { atc: 'L01XA01', atcName: 'cisplatin', ingredient: 'cisplatin', omopConceptId: 1397599, rxcui: '2555' },
  { atc: 'L01XA02', atcName: 'carboplatin', ingredient: 'carboplatin', omopConceptId: 1344905, rxcui: '40048' },
  { atc: 'L01XA03', atcName: 'oxaliplatin', ingredient: 'oxaliplatin', omopConceptId: 1318011, rxcui: '32592' },
  { atc: 'L01XK01', atcName: 'olaparib', ingredient: 'olaparib', omopConceptId: 45892579, rxcui: '1597582' },
  { atc: 'L01XK02', atcName: 'niraparib', ingredient: 'niraparib', omopConceptId: 1593861, rxcui: '1918231' },
  { atc: 'L01XK03', atcName: 'rucaparib', ingredient: 'rucaparib', omopConceptId: 1718850, rxcui: '1862579' },
  // Endocrine therapy
  { atc: 'L02AE02', atcName: 'leuprorelin', ingredient: 'leuprolide', omopConceptId: 1351541, rxcui: '42375', synonyms: ['leuprorelin'] },
  { atc: 'L02AE03', atcName: 'goserelin', ingredient: 'goserelin', omopConceptId: 1366310, rxcui: '50610' },
  { atc: 'L02BA01', atcName: 'tamoxifen', ingredient: 'tamoxifen', omopConceptId: 1436678, rxcui: '10324' },
  { atc: 'L02BA03', atcName: 'fulvestrant', ingredient: 'fulvestrant', omopConceptId: 1304044, rxcui: '282357' },
  { atc: 'L02BB03', atcName: 'bicalutamide', ingredient: 'bicalutamide', omopConceptId: 1344381, rxcui: '83008' },
  { atc: 'L02BB04', atcName: 'enzalutamide', ingredient: 'enzalutamide', omopConceptId: 42900250, rxcui: '1307298' },
  { atc: 'L02BG03', atcName: 'anastrozole', ingredient: 'anastrozole', omopConceptId: 1348265, rxcui: '84857' },
  { atc: 'L02BG04', atcName: 'letrozole', ingredient: 'letrozole', omopConceptId: 1315946, rxcui: '72965' },
  { atc: 'L02BG06', atcName: 'exemestane', ingredient: 'exemestane', omopConceptId: 1398399, rxcui: '258494' },
  { atc: 'L02BX02', atcName: 'degarelix', ingredient: 'degarelix', omopConceptId: 19058410, rxcui: '475230' },
  { atc: 'L02BX03', atcName: 'abiraterone', ingredient: 'abiraterone', omopConceptId: 40239056, rxcui: '1100072' },
];
