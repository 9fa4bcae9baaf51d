/**
 * HGNC genes for the biomarkers Parcours reports. HGNC ids from the Medizininformatik-Initiative value set
 * "MII VS Onkologie Marker-Gene HGNC" (HGNC gene ids of the §65c oncology marker list) and, for CD274, from public
 * HGNC-coded tables; names are HGNC approved names. No OMOP concept_id is used: the genes are local concepts in
 * vocabulary 'HGNC' with id = HGNC block + HGNC number.
 *
 * [HGNC id, symbol, approved name, synonyms ('|'-separated)]
 */
export const HGNC_GENES: readonly (readonly [hgncId: string, symbol: string, name: string, synonyms: string])[] = [
  ['HGNC:427', 'ALK', 'ALK receptor tyrosine kinase', ''],
  ['HGNC:1097', 'BRAF', 'B-Raf proto-oncogene, serine/threonine kinase', ''],
  ['HGNC:1100', 'BRCA1', 'BRCA1 DNA repair associated', ''],
  ['HGNC:1101', 'BRCA2', 'BRCA2 DNA repair associated', ''],
  ['HGNC:17635', 'CD274', 'CD274 molecule', 'PD-L1'],
  ['HGNC:3236', 'EGFR', 'epidermal growth factor receptor', 'HER1'],
  ['HGNC:3430', 'ERBB2', 'erb-b2 receptor tyrosine kinase 2', 'HER2'],
  ['HGNC:3689', 'FGFR2', 'fibroblast growth factor receptor 2', ''],
  ['HGNC:5382', 'IDH1', 'isocitrate dehydrogenase (NADP(+)) 1', ''],
  ['HGNC:5383', 'IDH2', 'isocitrate dehydrogenase (NADP(+)) 2', ''],
  ['HGNC:6342', 'KIT', 'KIT proto-oncogene, receptor tyrosine kinase', ''],
  ['HGNC:6407', 'KRAS', 'KRAS proto-oncogene, GTPase', ''],
  ['HGNC:7029', 'MET', 'MET proto-oncogene, receptor tyrosine kinase', ''],
  ['HGNC:7989', 'NRAS', 'NRAS proto-oncogene, GTPase', ''],
  ['HGNC:7997', 'NRG1', 'neuregulin 1', ''],
  ['HGNC:8031', 'NTRK1', 'neurotrophic receptor tyrosine kinase 1', 'TRKA'],
  ['HGNC:8032', 'NTRK2', 'neurotrophic receptor tyrosine kinase 2', 'TRKB'],
  ['HGNC:8033', 'NTRK3', 'neurotrophic receptor tyrosine kinase 3', 'TRKC'],
  ['HGNC:8803', 'PDGFRA', 'platelet derived growth factor receptor alpha', ''],
  ['HGNC:8975', 'PIK3CA', 'phosphatidylinositol-4,5-bisphosphate 3-kinase catalytic subunit alpha', ''],
  ['HGNC:9967', 'RET', 'ret proto-oncogene', ''],
  ['HGNC:10261', 'ROS1', 'ROS proto-oncogene 1, receptor tyrosine kinase', ''],
  ['HGNC:11998', 'TP53', 'tumor protein p53', ''],
];
