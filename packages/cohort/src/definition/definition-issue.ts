import { AppError } from '@parcours/core';
import { type CohortDefinition } from './cohort-definition.js';

/** A problem in a definition, located by its path ('inclusion[2].window.from'). */
export interface DefinitionIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A validated definition and where it came from, so that problems found later (a code the warehouse does not
 * know, a cycle between cohorts) can still name the file and line.
 */
export interface CohortSource {
  readonly definition: CohortDefinition;
  /** The file it was read from, if any. */
  readonly file?: string;
  /** The 1-based line of a path in the file, when the text was YAML or JSON. */
  lineOf(path: string): number | undefined;
}

export type PathSegment = string | number;

/**
 * Turns a path array into the text users see: ['inclusion', 2, 'window', 'from'] → 'inclusion[2].window.from'.
 * @example formatPath(['arms', 0, 'line', 'contains', 1]) // 'arms[0].line.contains[1]'
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] === undefined ? m[1]! : Number(m[2]));
  return out;
}

/** The error every definition problem becomes: invalid_input, the first problem's path (and file:line), all of them listed. */
export function definitionError(issues: readonly DefinitionIssue[], source?: Pick<CohortSource, 'file' | 'lineOf'>, what = 'cohort definition'): AppError {
  const first = issues[0] ?? { path: '', message: `invalid ${what}` };
  const line = source?.lineOf(first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  const located = (i: DefinitionIssue): string => {
    const l = source?.lineOf(i.path);
    return `${l === undefined ? '' : `line ${l}: `}${i.path === '' ? '' : `${i.path}: `}${i.message}`;
  };
  return new AppError('invalid_input', `invalid ${what}: ${first.message}${more}`, {
    details: {
      ...(first.path === '' ? {} : { path: first.path }),
      ...(source?.file === undefined ? {} : { file: source.file }),
      ...(line === undefined ? {} : { line }),
      ...(issues.length > 1 ? { problems: issues.map(located).join('; ') } : {}),
    },
  });
}
