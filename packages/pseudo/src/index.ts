// Public face of @parcours/pseudo: keyed pseudonyms, generalization, free-text de-identification, opposition lists.
export { Pseudonymizer, type PseudonymDomain } from './pseudonymizer.js';
export { departmentOfPostcode, generalizeBirthDate, type BirthDatePrecision, type GeneralizedBirthDate } from './generalize.js';
export { normaliseIdentifier, OppositionList } from './opposition.js';
export * from './deid/index.js';
