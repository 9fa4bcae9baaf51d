// Public face of @parcours/ingest: FHIR R4/mCODE and OMOP CDM CSV ingestion with pseudonymization at the border.
export * from './load/index.js';
export { DEFAULT_MAX_RECORD_BYTES, RESOURCE_LOAD_ORDER, orderFhirFiles, readFhirFile, resourceTypeOfFileName, type FhirJson, type FhirRecord, type ReadOptions } from './fhir/read-fhir-files.js';
export { ingestFhir } from './fhir/ingest-fhir.js';
export { ingestOmop } from './omop/ingest-omop.js';
export { CDM_LOAD_ORDER, cdmTableOfFileName, findCdmTableFiles, type CdmFolder, type CdmTableFile } from './omop/cdm-table-files.js';
export { reidentificationRisk, type ReidentificationRisk, type RiskOptions } from './risk/reidentification-risk.js';
