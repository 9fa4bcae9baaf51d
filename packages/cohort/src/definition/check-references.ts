import { type CohortDefinition, type ConceptSetRef, type Criterion, type EntryEvent, type LineSpec } from './cohort-definition.js';
import { formatPath, type DefinitionIssue } from './definition-issue.js';

type Path = readonly (string | number)[];

/** Every concept-set reference of a definition, with its path. */
export function conceptSetRefs(definition: CohortDefinition): { readonly ref: ConceptSetRef; readonly path: Path }[] {
  const out: { ref: ConceptSetRef; path: Path }[] = [];
  const line = (l: LineSpec | undefined, at: Path): void => {
    l?.contains?.forEach((ref, i) => out.push({ ref, path: [...at, 'contains', i] }));
    l?.without?.forEach((ref, i) => out.push({ ref, path: [...at, 'without', i] }));
  };
  const event = (e: EntryEvent | Criterion, at: Path): void => {
    if (e.diagnosis !== undefined) {
      out.push({ ref: e.diagnosis.codes, path: [...at, 'diagnosis', 'codes'] });
      if (e.diagnosis.histology !== undefined) out.push({ ref: e.diagnosis.histology, path: [...at, 'diagnosis', 'histology'] });
      if (e.diagnosis.topography !== undefined) out.push({ ref: e.diagnosis.topography, path: [...at, 'diagnosis', 'topography'] });
    }
    if (e.drug !== undefined) out.push({ ref: e.drug.codes, path: [...at, 'drug', 'codes'] });
    if (e.procedure !== undefined) out.push({ ref: e.procedure.codes, path: [...at, 'procedure', 'codes'] });
    if (e.measurement !== undefined) {
      out.push({ ref: e.measurement.codes, path: [...at, 'measurement', 'codes'] });
      if (e.measurement.valueCodes !== undefined) out.push({ ref: e.measurement.valueCodes, path: [...at, 'measurement', 'valueCodes'] });
    }
    line(e.line, [...at, 'line']);
    if ('anyOf' in e) e.anyOf?.forEach((c, i) => event(c, [...at, 'anyOf', i]));
    if ('allOf' in e) e.allOf?.forEach((c, i) => event(c, [...at, 'allOf', i]));
  };
  if (definition.entry !== undefined) event(definition.entry, ['entry']);
  definition.inclusion?.forEach((r, i) => event(r, ['inclusion', i]));
  definition.arms?.forEach((a, i) => event(a, ['arms', i]));
  return out;
}

/** Every line criterion (and the entry's), with its path. */
function lineSpecs(definition: CohortDefinition): { readonly line: LineSpec; readonly path: Path }[] {
  const out: { line: LineSpec; path: Path }[] = [];
  const visit = (c: EntryEvent | Criterion, at: Path): void => {
    if (c.line !== undefined) out.push({ line: c.line, path: [...at, 'line'] });
    if ('anyOf' in c) c.anyOf?.forEach((x, i) => visit(x, [...at, 'anyOf', i]));
    if ('allOf' in c) c.allOf?.forEach((x, i) => visit(x, [...at, 'allOf', i]));
  };
  if (definition.entry !== undefined) visit(definition.entry, ['entry']);
  definition.inclusion?.forEach((r, i) => visit(r, ['inclusion', i]));
  definition.arms?.forEach((a, i) => visit(a, ['arms', i]));
  return out;
}

/**
 * Checks what the schema cannot see alone: concept-set names that are declared, and line criteria that do not say
 * the same thing twice. Returns the problems, located.
 */
export function checkReferences(definition: CohortDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const declared = new Set(Object.keys(definition.conceptSets ?? {}));
  for (const { ref, path } of conceptSetRefs(definition)) {
    if (typeof ref === 'string' && !ref.includes(':') && !declared.has(ref)) {
      issues.push({ path: formatPath(path), message: 'no concept set of this name is declared under conceptSets' });
    }
  }
  for (const { line, path } of lineSpecs(definition)) {
    if (line.regimenClass !== undefined && (line.classes !== undefined || line.onlyClasses !== undefined)) {
      issues.push({ path: formatPath([...path, 'regimenClass']), message: 'regimenClass is a shorthand for classes and onlyClasses: give one or the other' });
    }
  }
  return issues;
}
