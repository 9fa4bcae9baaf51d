import { AppError } from '@parcours/core';
import { SOFTWARE_VERSION, type Warehouse } from '@parcours/store';
import { type StudyBundle } from '../bundle/study-bundle.js';
import { disclosurePolicy } from '../disclosure/disclosure-policy.js';
import { auditReleasedStudy } from '../disclosure/audit-release.js';
import { releaseStudy } from '../disclosure/release-study.js';
import { type CheckedProtocol } from '../protocol/parse-study-protocol.js';
import { resolveSettings } from '../protocol/study-protocol.js';
import { type RunStudyOptions, runStudy } from './run-study.js';
import { warehouseSnapshot } from './warehouse-snapshot.js';

/**
 * A protocol run end to end: the warehouse's identity, the analyses, and the disclosure policy applied — what a
 * bundle holds. The unreleased analysis stays inside this function.
 * @example const bundle = await executeStudy(warehouse, await checkProtocol(await readStudyProtocol('studies/ros1-nsclc.yaml'), cohortFolder('cohorts')), { library: cohortFolder('cohorts') });
 */
export async function executeStudy(warehouse: Warehouse, checked: CheckedProtocol, options: RunStudyOptions): Promise<StudyBundle> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const snapshot = await warehouseSnapshot(warehouse);
  const analysis = await runStudy(warehouse, checked, options);
  const policy = disclosurePolicy(resolveSettings(checked.source.protocol).minCellSize);
  const { study, report } = releaseStudy(analysis, policy);
  // Defence in depth: the independent auditor re-derives what a reader could compute from the release; a bundle it
  // finds a small count in is never written (the run fails instead of leaking).
  const leaks = auditReleasedStudy(study, analysis, policy.minCellSize);
  if (leaks.length > 0) {
    throw new AppError('internal', 'the disclosure audit found a releasable small count: no bundle was written', { details: { where: leaks.map((l) => `${l.where} (${l.why})`).join('; ').slice(0, 500) } });
  }
  options.onStep?.({ name: 'disclosure', seconds: (performance.now() - started) / 1000 });
  return {
    study,
    disclosure: report,
    provenance: { software: { name: 'parcours', version: SOFTWARE_VERSION }, warehouse: snapshot, run: { startedAt, finishedAt: new Date().toISOString() } },
  };
}
