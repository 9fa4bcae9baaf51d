// The cohort definition language (docs/cohorts.md): definitions, their compiler to the SQL syntax tree, running a
// cohort into OMOP's cohort table, and lines of therapy derived into the warehouse.
export {
  ALTERATIONS,
  BIOMARKER_RESULTS,
  COHORT_SCHEMA_VERSION,
  CRITERION_KINDS,
  ENTRY_KINDS,
  REGIMEN_CLASSES,
  type Alteration,
  type Arm,
  type BiomarkerSpec,
  type CodesSpec,
  type CohortDefinition,
  type ConceptSetRef,
  type ConceptSetSpec,
  type Criterion,
  type DiagnosisSpec,
  type EntryEvent,
  type ExitSpec,
  type InclusionRule,
  type LineSpec,
  type MeasurementSpec,
  type OccurrenceCount,
  type PeriodSpec,
  type RegimenClass,
  type SetExpression,
  type StageSpec,
  type TimeWindow,
} from './definition/cohort-definition.js';
export { COHORT_VOCABULARIES, type CohortVocabulary, type ConceptCode } from './definition/concept-code.js';
export { expandStage } from './definition/stage-groups.js';
export { type CohortSource, type DefinitionIssue, type PathSegment, definitionError, formatPath } from './definition/definition-issue.js';
export { issuesFromZod, parseCohortDefinition, parseLocatedYaml, readCohortDefinition, readDocumentFile, validateCohortDefinition, type LocatedDocument, type ParseDefinitionOptions } from './definition/parse-cohort-definition.js';
export { cohortFolder, resolveCohort, type CohortLibrary, type ResolvedCohort } from './definition/cohort-library.js';
export { DIAGNOSIS_WORKUP_DAYS } from './compile/cohort-compiler.js';
export { attritionQuery, compileCohort, conceptSetMembersQuery, eventsQuery, membersQuery, vocabularyCheckQuery, type CompileOptions, type CompiledArm, type CompiledCohort, type CompiledRule, type StageReading } from './compile/compile-cohort.js';
export { type VocabularyCheck } from './compile/concept-sets.js';
export { checkVocabulary, readConceptSets, runCohort, type ArmResult, type AttritionRow, type CohortRunOptions, type CohortRunResult } from './run/run-cohort.js';
export { deriveAndWriteLines, type DeriveLinesOptions, type DeriveLinesReport } from './lines/derive-and-write-lines.js';
export { DEFAULT_ADVANCED_STAGE_RULES, advancedDiseaseDate, type AdvancedStageRule, type PersonAnchorRow } from './lines/line-anchors.js';
export { countLines, readPatientLines, summarizeLines, type LinesSummary, type StoredLine } from './lines/read-lines.js';
