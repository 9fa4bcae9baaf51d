import { createHash } from 'node:crypto';
import path from 'node:path';
import { type CohortLibrary, type CohortSource, type DefinitionIssue, definitionError, formatPath, issuesFromZod, parseLocatedYaml, readDocumentFile } from '@parcours/cohort';
import { AppError } from '@parcours/core';
import { type StudyProtocol, studyProtocolSchema } from './study-protocol.js';

const WHAT = 'study protocol';

/** A validated protocol, where it came from (for located errors) and its digest (for result bundles). */
export interface ProtocolSource {
  readonly protocol: StudyProtocol;
  readonly file?: string;
  /** SHA-256 (hex) of the protocol text as written: a bundle names the exact protocol it ran. */
  readonly sha256: string;
  lineOf(path: string): number | undefined;
}

/** A protocol with its population's cohort definition, cross-checked. */
export interface CheckedProtocol {
  readonly source: ProtocolSource;
  readonly cohort: CohortSource;
  /** SHA-256 of the cohort definition (of its file when read from one). */
  readonly cohortSha256: string;
}

/**
 * Parses and validates a study protocol (YAML or JSON). Problems are `invalid_input` errors naming the path in the
 * protocol and, for a file, its line.
 * @example const { protocol } = parseStudyProtocol(await readFile('studies/ros1-nsclc.yaml', 'utf8'), { file: 'studies/ros1-nsclc.yaml' });
 */
export function parseStudyProtocol(text: string, options: { readonly file?: string } = {}): ProtocolSource {
  const { value, source } = parseLocatedYaml(text, { ...options, what: WHAT });
  const parsed = studyProtocolSchema.safeParse(value);
  if (!parsed.success) throw definitionError(issuesFromZod(parsed.error), source, WHAT);
  const issues = internalIssues(parsed.data);
  if (issues.length > 0) throw definitionError(issues, source, WHAT);
  return { protocol: parsed.data, ...source, sha256: sha256(text) };
}

/** Reads a protocol file. */
export async function readStudyProtocol(file: string): Promise<ProtocolSource> {
  return parseStudyProtocol(await readDocumentFile(file, WHAT), { file: path.normalize(file) });
}

/**
 * Loads the population's cohort from the library and checks the protocol against it: every arm a protocol names
 * must be an arm of the cohort (an arm the cohort does not define is one no patient can enter).
 */
export async function checkProtocol(source: ProtocolSource, library: CohortLibrary): Promise<CheckedProtocol> {
  const { protocol } = source;
  let cohort: CohortSource;
  try {
    cohort = await library.load(protocol.population.cohort);
  } catch (cause) {
    if (cause instanceof AppError && cause.code === 'not_found') {
      throw definitionError([{ path: 'population.cohort', message: `unknown cohort ${JSON.stringify(protocol.population.cohort)} (${cause.message})` }], source, WHAT);
    }
    throw cause;
  }
  const armIds = new Set((cohort.definition.arms ?? []).map((a) => a.id));
  const known = [...armIds].join(', ') || 'none';
  const issues: DefinitionIssue[] = [];
  const checkArm = (arm: string, at: readonly (string | number)[]): void => {
    if (!armIds.has(arm)) issues.push({ path: formatPath(at), message: `cohort ${protocol.population.cohort} has no arm ${JSON.stringify(arm)}, so no patient can enter it (its arms: ${known})` });
  };
  protocol.arms.forEach((a, i) => checkArm(a, ['arms', i]));
  protocol.curves?.forEach((c, i) => c.arms.forEach((a, j) => checkArm(a, ['curves', i, 'arms', j])));
  protocol.comparisons.forEach((c, i) => {
    checkArm(c.treatment, ['comparisons', i, 'treatment']);
    checkArm(c.reference, ['comparisons', i, 'reference']);
  });
  if (issues.length > 0) throw definitionError(issues, source, WHAT);
  return { source, cohort, cohortSha256: sha256(JSON.stringify(cohort.definition)) };
}

/** Checks that need more than one field: unique ids, comparisons of two different arms, ordered dates. */
function internalIssues(protocol: StudyProtocol): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const unique = (ids: readonly string[], at: string): void => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) issues.push({ path: `${at}[${i}].id`, message: `id ${JSON.stringify(id)} is used twice` });
      seen.add(id);
    });
  };
  unique(protocol.comparisons.map((c) => c.id), 'comparisons');
  unique((protocol.curves ?? []).map((c) => c.id), 'curves');
  unique((protocol.sensitivity ?? []).map((s) => s.id), 'sensitivity');
  protocol.comparisons.forEach((c, i) => {
    if (c.treatment === c.reference) issues.push({ path: `comparisons[${i}].reference`, message: 'the reference arm must differ from the treatment arm' });
  });
  protocol.sensitivity?.forEach((s, i) => {
    if (s.indexFrom !== undefined && s.indexTo !== undefined && s.indexFrom > s.indexTo) issues.push({ path: `sensitivity[${i}].indexTo`, message: 'indexTo is before indexFrom' });
  });
  if ((protocol.sensitivity?.length ?? 0) > 0 && protocol.comparisons.length === 0) issues.push({ path: 'sensitivity', message: 'sensitivity analyses repeat the comparisons, and there are none' });
  return issues;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
