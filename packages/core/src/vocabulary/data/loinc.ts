/**
 * LOINC measurements Parcours uses: common labs, tumour markers, performance status, smoking, TNM staging items,
 * biomarker tests, body measurements.
 *
 * OMOP concept_ids and names come from OHDSI Eunomia Synthea27Nj CONCEPT.csv (vocabulary v5.0 09-APR-22) unless the
 * comment says otherwise; rows with `omopConceptId: null` get a local id computed from the LOINC code
 * (see local-concept-ids.ts), their names are LOINC long common names written by hand.
 *
 * [LOINC code, name, OMOP concept_id | null, domain, concept class, valid_start_date]
 */
export type LoincSource = readonly [
  code: string,
  name: string,
  omopConceptId: number | null,
  domain: 'Measurement' | 'Observation',
  conceptClass: 'Lab Test' | 'Clinical Observation' | 'Survey',
  validStart: string,
];

export const LOINC_CONCEPTS: readonly LoincSource[] = [
  // Blood count and chemistry
  ['718-7', 'Hemoglobin [Mass/volume] in Blood', 3000963, 'Measurement', 'Lab Test', '1970-01-01'],
  ['26464-8', 'Leukocytes [#/volume] in Blood', 3010813, 'Measurement', 'Lab Test', '1970-01-01'],
  ['6690-2', 'Leukocytes [#/volume] in Blood by Automated count', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['751-8', 'Neutrophils [#/volume] in Blood by Automated count', 3013650, 'Measurement', 'Lab Test', '1970-01-01'],
  ['731-0', 'Lymphocytes [#/volume] in Blood by Automated count', 3004327, 'Measurement', 'Lab Test', '1970-01-01'],
  ['777-3', 'Platelets [#/volume] in Blood by Automated count', 3024929, 'Measurement', 'Lab Test', '1970-01-01'],
  ['26515-7', 'Platelets [#/volume] in Blood', 3007461, 'Measurement', 'Lab Test', '1970-01-01'],
  ['2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 3016723, 'Measurement', 'Lab Test', '1970-01-01'],
  ['1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 3006923, 'Measurement', 'Lab Test', '1970-01-01'],
  ['1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 3013721, 'Measurement', 'Lab Test', '1970-01-01'],
  ['1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma', 3024128, 'Measurement', 'Lab Test', '1970-01-01'],
  ['1751-7', 'Albumin [Mass/volume] in Serum or Plasma', 3024561, 'Measurement', 'Lab Test', '1970-01-01'],
  ['2532-0', 'Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma', 3016436, 'Measurement', 'Lab Test', '2020-06-15'],
  ['14804-9', 'Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma by Lactate to pyruvate reaction', 3022250, 'Measurement', 'Lab Test', '1970-01-01'],
  ['1988-5', 'C reactive protein [Mass/volume] in Serum or Plasma', 3020460, 'Measurement', 'Lab Test', '1970-01-01'],
  ['17861-6', 'Calcium [Mass/volume] in Serum or Plasma', 3006906, 'Measurement', 'Lab Test', '1998-07-09'],
  // Tumour markers (CEA, CA 125, CA 19-9, AFP codes seen in public LOINC tables; CA 15-3 and beta-hCG from the
  // LOINC table by hand, see VOCABULARY.md)
  ['2857-1', 'Prostate specific Ag [Mass/volume] in Serum or Plasma', 3013603, 'Measurement', 'Lab Test', '1970-01-01'],
  ['2039-6', 'Carcinoembryonic Ag [Mass/volume] in Serum or Plasma', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['6875-9', 'Cancer Ag 15-3 [Units/volume] in Serum or Plasma', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['10334-1', 'Cancer Ag 125 [Units/volume] in Serum or Plasma', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['24108-3', 'Cancer Ag 19-9 [Units/volume] in Serum or Plasma', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['1834-1', 'Alpha-1-Fetoprotein [Mass/volume] in Serum or Plasma', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['21198-7', 'Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma', null, 'Measurement', 'Lab Test', '1970-01-01'],
  ['21924-6', 'Tumor marker Cancer', 3024717, 'Measurement', 'Clinical Observation', '1970-01-01'],
  // Performance status, smoking (ECOG id: third-party ETL documentation, see VOCABULARY.md)
  ['89247-1', 'ECOG Performance Status score', 36305384, 'Measurement', 'Clinical Observation', '2018-06-15'],
  ['72166-2', 'Tobacco smoking status', 43054909, 'Observation', 'Clinical Observation', '2012-12-28'],
  // TNM: clinical (Eunomia) and pathological (local)
  ['21905-5', 'Primary tumor.clinical [Class] Cancer', 3008841, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21906-3', 'Regional lymph nodes.clinical [Class] Cancer', 3007727, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21907-1', 'Distant metastases.clinical [Class] Cancer', 3006575, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21908-9', 'Stage group.clinical Cancer', 3022698, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21899-0', 'Primary tumor.pathology Cancer', null, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21900-6', 'Regional lymph nodes.pathology Cancer', null, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21901-4', 'Distant metastases.pathology Cancer', null, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['21902-2', 'Stage group.pathology Cancer', null, 'Measurement', 'Clinical Observation', '1970-01-01'],
  // Grade (OHDSI OncologyWG deltaConcept.csv), tumour size, response
  ['21858-6', 'Grade Cancer', 3019275, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['33728-7', 'Size.maximum dimension in Tumor', 3046581, 'Measurement', 'Lab Test', '1970-01-01'],
  ['88040-1', 'Response to cancer treatment', 36305408, 'Observation', 'Clinical Observation', '2018-06-15'],
  // Breast biomarkers
  ['85318-4', 'ERBB2 gene duplication [Presence] in Breast cancer specimen by FISH', 36203113, 'Measurement', 'Lab Test', '2017-06-23'],
  ['85319-2', 'HER2 [Presence] in Breast cancer specimen by Immune stain', 36203114, 'Measurement', 'Lab Test', '2017-06-23'],
  ['85337-4', 'Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain', 36203168, 'Measurement', 'Lab Test', '2017-06-23'],
  ['85339-0', 'Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain', 36203170, 'Measurement', 'Lab Test', '2017-06-23'],
  // Body measurements
  ['29463-7', 'Body weight', 3025315, 'Measurement', 'Clinical Observation', '1970-01-01'],
  ['8302-2', 'Body height', 3036277, 'Measurement', 'Clinical Observation', '1996-09-06'],
  ['39156-5', 'Body mass index (BMI) [Ratio]', 3038553, 'Measurement', 'Clinical Observation', '1970-01-01'],
];
