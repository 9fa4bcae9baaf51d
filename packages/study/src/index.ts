// Public face of @parcours/study: study protocols, the runner, disclosure control, result bundles and reports.
export * from './results/study-results.js';
export {
  COVARIATES,
  ESTIMANDS,
  STUDY_SCHEMA_VERSION,
  resolveSettings,
  studyProtocolSchema,
  type Comparison,
  type CovariateName,
  type CurveSet,
  type EndpointSettings,
  type IptwSettings,
  type ResolvedSettings,
  type SensitivityAnalysis,
  type StudyProtocol,
} from './protocol/study-protocol.js';
export { checkProtocol, parseStudyProtocol, readStudyProtocol, type CheckedProtocol, type ProtocolSource } from './protocol/parse-study-protocol.js';
export { BRAIN_METASTASIS_WINDOW_DAYS, ECOG_LOOKBACK_DAYS, ageAt, baselineQuery, readBaseline, type BaselineRecord } from './run/baseline-covariates.js';
export { calendarPeriodOf, ecogGroupOf, periodLabels, stageGroupOf } from './run/covariate-columns.js';
export { riskTable, riskTableDays } from './run/survival-curves.js';
export { OUTCOME_NAMES, runStudy, type RunStudyOptions } from './run/run-study.js';
export { warehouseSnapshot } from './run/warehouse-snapshot.js';
export { executeStudy } from './run/execute-study.js';
export { DEFAULT_MIN_CELL_SIZE, MIN_CELL_SIZE_FLOOR, disclosurePolicy, type DisclosurePolicy, type DisclosureReport } from './disclosure/disclosure-policy.js';
export { releaseStudy } from './disclosure/release-study.js';
export { auditReleasedStudy, type Leak } from './disclosure/audit-release.js';
export { BUNDLE_SCHEMA_VERSION, bundleFiles, countCell, writeBundle, type StudyBundle } from './bundle/study-bundle.js';
export { renderStudyReport, type ReportInput } from './report/render-study-report.js';
