// Public face of @parcours/cohort: cohort definitions compiled to SQL, lines of therapy, real-world endpoints.
export * from './oncology/index.js';
export * from './endpoints/index.js';
export * from './cohort-language.js';
