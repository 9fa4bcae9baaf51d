/**
 * The therapeutic class of an antineoplastic drug, as line-of-therapy rules and cohort criteria use it ("first line
 * containing immunotherapy"). Supportive drugs (antiemetics, growth factors, bone agents) have no class: they are
 * excluded before line derivation.
 */
export const DRUG_CLASSES = ['chemotherapy', 'targeted', 'immunotherapy', 'endocrine', 'antiangiogenic', 'other'] as const;
export type DrugClass = (typeof DRUG_CLASSES)[number];

/**
 * ATC prefixes and their class; the longest matching prefix wins. ATC 2024 structure (WHO ATC/DDD index): since the
 * 2022 revision protein kinase inhibitors are L01E and monoclonal antibodies and antibody–drug conjugates L01F
 * (formerly L01XE and L01XC).
 */
const ATC_CLASS_PREFIXES: readonly (readonly [prefix: string, drugClass: DrugClass])[] = [
  ['L01', 'other'],
  // Cytotoxics: alkylating agents, antimetabolites, plant alkaloids, cytotoxic antibiotics.
  ['L01A', 'chemotherapy'],
  ['L01B', 'chemotherapy'],
  ['L01C', 'chemotherapy'],
  ['L01D', 'chemotherapy'],
  // Protein kinase inhibitors, CDK4/6 inhibitors (L01EF) included.
  ['L01E', 'targeted'],
  // Monoclonal antibodies and ADCs target a molecule (CD20, HER2 in L01FD, EGFR in L01FE...) unless listed below.
  ['L01F', 'targeted'],
  ['L01FF', 'immunotherapy'], // PD-1/PD-L1 inhibitors
  ['L01FX04', 'immunotherapy'], // ipilimumab (anti-CTLA-4), filed under "other monoclonal antibodies"
  ['L01FG', 'antiangiogenic'], // VEGF/VEGFR inhibitors (bevacizumab)
  // Other antineoplastic agents: cytotoxic unless a targeted group below (procarbazine L01XB, combinations L01XY).
  ['L01X', 'chemotherapy'],
  ['L01XA', 'chemotherapy'], // platinum compounds
  ['L01XD', 'other'], // sensitizers used in photodynamic therapy
  ['L01XF', 'other'], // retinoids for cancer treatment
  ['L01XG', 'targeted'], // proteasome inhibitors
  ['L01XH', 'targeted'], // histone deacetylase inhibitors
  ['L01XJ', 'targeted'], // hedgehog pathway inhibitors
  ['L01XK', 'targeted'], // PARP inhibitors
  ['L01XL', 'immunotherapy'], // antineoplastic cell and gene therapy (CAR-T cells)
  ['L01XM', 'targeted'], // IDH inhibitors
  ['L01XX', 'targeted'], // other antineoplastic agents: mostly targeted small molecules (venetoclax, sotorasib...)
  ['L02', 'endocrine'],
];

const BY_PREFIX = new Map<string, DrugClass>(ATC_CLASS_PREFIXES);
const ATC_SHAPE = /^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$/;

/**
 * The class of an antineoplastic or endocrine drug from its ATC code (any level from L01/L02 down), or undefined when
 * the code is not an L01/L02 code. Codes are trimmed and upper-cased; group codes work too, which is how
 * repotrectinib (no 5th level in ATC 2024) is carried: 'L01EX'.
 *
 * @example
 * classifyAntineoplastic('L01XA02') // 'chemotherapy' (carboplatin)
 * classifyAntineoplastic('L01ED05') // 'targeted' (lorlatinib)
 * classifyAntineoplastic('L01FF02') // 'immunotherapy' (pembrolizumab)
 * classifyAntineoplastic('L02BG04') // 'endocrine' (letrozole)
 * classifyAntineoplastic('A04AA01') // undefined (ondansetron, supportive)
 */
export function classifyAntineoplastic(atcCode: string): DrugClass | undefined {
  const code = atcCode.trim().toUpperCase();
  if (!ATC_SHAPE.test(code)) return undefined;
  // Longest prefix first: 7, 5, 4, 3 characters (ATC levels 5, 4, 3, 2).
  for (const length of [7, 5, 4, 3]) {
    if (code.length < length) continue;
    const found = BY_PREFIX.get(code.slice(0, length));
    if (found !== undefined) return found;
  }
  return undefined;
}
