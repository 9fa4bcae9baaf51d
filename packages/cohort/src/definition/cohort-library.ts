import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@parcours/core';
import { type CohortDefinition, type SetExpression } from './cohort-definition.js';
import { type CohortSource, type PathSegment, definitionError, formatPath } from './definition-issue.js';
import { readCohortDefinition } from './parse-cohort-definition.js';

/** Where a definition finds the cohorts it names: by id. */
export interface CohortLibrary {
  load(id: string): Promise<CohortSource>;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/**
 * The definitions of one folder, by file name: cohort `ros1-nsclc-advanced` is `ros1-nsclc-advanced.yaml` (or
 * `.yml`, `.json`). Ids are checked before they become file names, so they cannot leave the folder.
 */
export function cohortFolder(dir: string): CohortLibrary {
  return {
    async load(id: string): Promise<CohortSource> {
      if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(id)) throw new AppError('invalid_argument', 'a cohort id is lower-case letters, digits and -', { details: { field: 'id' } });
      for (const ext of EXTENSIONS) {
        const file = path.join(dir, `${id}${ext}`);
        if (existsSync(file)) return readCohortDefinition(file);
      }
      throw new AppError('not_found', `no definition of cohort ${id} in ${dir}`, { details: { file: dir, hint: `write ${id}.yaml there` } });
    },
  };
}

/** A definition with the definitions it combines, loaded and checked for cycles. */
export interface ResolvedCohort {
  readonly source: CohortSource;
  /** The cohorts `combine` names, by id. */
  readonly references: ReadonlyMap<string, ResolvedCohort>;
}

/** The ids a set expression names, with their paths. */
export function setOperands(expression: SetExpression, at: readonly PathSegment[]): { readonly id: string; readonly path: readonly PathSegment[] }[] {
  const [operator, operands] = Object.entries(expression)[0] as [string, readonly (string | SetExpression)[]];
  return operands.flatMap((o, i) => (typeof o === 'string' ? [{ id: o, path: [...at, operator, i] }] : setOperands(o, [...at, operator, i])));
}

/**
 * Loads the cohorts a definition combines (recursively) from the library. A cohort that reaches itself is an
 * `invalid_input` error naming the cycle ('a → b → a') and the path of the reference that closes it.
 *
 * @example
 * const resolved = await resolveCohort(await readCohortDefinition('cohorts/nsclc-drivers.yaml'), cohortFolder('cohorts'));
 */
export async function resolveCohort(source: CohortSource, library?: CohortLibrary): Promise<ResolvedCohort> {
  return resolve(source, library, [source.definition.id]);
}

async function resolve(source: CohortSource, library: CohortLibrary | undefined, stack: readonly string[]): Promise<ResolvedCohort> {
  const references = new Map<string, ResolvedCohort>();
  const definition: CohortDefinition = source.definition;
  if (definition.combine === undefined) return { source, references };
  for (const { id, path: at } of setOperands(definition.combine, ['combine'])) {
    const where = formatPath(at);
    if (stack.includes(id)) {
      const cycle = [...stack.slice(stack.indexOf(id)), id].join(' → ');
      throw definitionError([{ path: where, message: `cohorts reference each other in a cycle: ${cycle}` }], source);
    }
    if (references.has(id)) continue;
    if (library === undefined) throw definitionError([{ path: where, message: 'this cohort names other cohorts, but no folder to find them in was given' }], source);
    let loaded: CohortSource;
    try {
      loaded = await library.load(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw definitionError([{ path: where, message: `no definition of cohort ${id} was found` }], source);
      throw error;
    }
    if (loaded.definition.id !== id) throw definitionError([{ path: 'id', message: `the file of cohort ${id} defines another id` }], loaded);
    references.set(id, await resolve(loaded, library, [...stack, id]));
  }
  return { source, references };
}
