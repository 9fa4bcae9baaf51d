import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@parcours/core';
import { type Document, LineCounter, isMap, isNode, isPair, isScalar, parseDocument } from 'yaml';
import { type z } from 'zod';
import { cohortDefinitionSchema } from './cohort-definition.js';
import { checkReferences } from './check-references.js';
import { type CohortSource, type DefinitionIssue, type PathSegment, definitionError, formatPath, parsePath } from './definition-issue.js';

export interface ParseDefinitionOptions {
  /** Named in errors; also how `.json` is told from YAML (YAML is the default, and JSON is YAML too). */
  readonly file?: string;
}

/** Where each path of a YAML document starts (the key of a mapping entry, or the item of a sequence). */
function lineLocator(doc: Document.Parsed, counter: LineCounter): (path: string) => number | undefined {
  return (text: string): number | undefined => {
    const segments = parsePath(text);
    // Walk down as far as the path exists: a missing field is reported at its parent.
    for (let n = segments.length; n >= 0; n--) {
      const offset = offsetOf(doc, segments.slice(0, n));
      if (offset !== undefined) return counter.linePos(offset).line;
    }
    return undefined;
  };
}

function offsetOf(doc: Document.Parsed, segments: readonly PathSegment[]): number | undefined {
  if (segments.length === 0) return doc.contents?.range[0];
  const parent = segments.length === 1 ? doc.contents : doc.getIn(segments.slice(0, -1), true);
  const last = segments[segments.length - 1];
  if (isMap(parent)) {
    // Point at the key, which is where the entry is written.
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
    if (pair !== undefined && isNode(pair.key)) return pair.key.range?.[0];
    return undefined;
  }
  const node: unknown = doc.getIn(segments, true);
  return isNode(node) ? node.range?.[0] : undefined;
}

/** Maps zod issues to path-located problems (unknown keys get their own path, unions the deepest branch). */
export function issuesFromZod(error: z.ZodError): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  const visit = (issue: z.core.$ZodIssue, base: readonly PathSegment[]): void => {
    const at = [...base, ...(issue.path as PathSegment[])];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ path: formatPath([...at, key]), message: `unknown field ${JSON.stringify(key)}` });
        return;
      case 'invalid_union': {
        // Report the branch that got furthest into the value: its problems are the useful ones.
        const branches = issue.errors.filter((b) => b.length > 0);
        const depth = (b: readonly z.core.$ZodIssue[]): number => Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));
        const best = branches.sort((a, b) => depth(b) - depth(a))[0];
        if (best === undefined || depth(best) === 0) {
          out.push({ path: formatPath(at), message: issue.message });
          return;
        }
        for (const inner of best) visit(inner, at);
        return;
      }
      default:
        out.push({ path: formatPath(at), message: issue.message });
    }
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}

/**
 * Parses and validates a cohort definition written in YAML or JSON. Every problem is collected; the error
 * (`invalid_input`) names the first one's path and, for text from a file, file and line.
 *
 * @example
 * const { definition } = parseCohortDefinition('parcours: cohort/1\nid: lung\nname: Lung cancer\nentry:\n  diagnosis: { codes: ICD10:C34 }\n');
 * definition.entry?.diagnosis?.codes // 'ICD10:C34'
 */
export function parseCohortDefinition(text: string, options: ParseDefinitionOptions = {}): CohortSource {
  const { value, source } = parseLocatedYaml(text, { ...options, what: 'cohort definition' });
  const parsed = cohortDefinitionSchema.safeParse(value);
  if (!parsed.success) throw definitionError(issuesFromZod(parsed.error), source);
  const references = checkReferences(parsed.data);
  if (references.length > 0) throw definitionError(references, source);
  return { definition: parsed.data, ...source };
}

/** A YAML or JSON document as plain data, with the line of each path for located errors. */
export interface LocatedDocument {
  readonly value: unknown;
  readonly source: { readonly file?: string; lineOf(path: string): number | undefined };
}

/**
 * Parses YAML (or JSON, which is YAML) keeping where each path is written, so that a schema's problems can be
 * reported as `file:line path: reason`. Duplicate keys and syntax errors are `invalid_input` errors with the line.
 * Shared by every document Parcours reads from users (cohort definitions, study protocols).
 */
export function parseLocatedYaml(text: string, options: ParseDefinitionOptions & { readonly what: string }): LocatedDocument {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const file = options.file;
  const source = { ...(file === undefined ? {} : { file }), lineOf: lineLocator(doc, counter) };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new AppError('invalid_input', `the ${options.what} is not valid ${file?.endsWith('.json') === true ? 'JSON' : 'YAML'} (${e.code.toLowerCase().replaceAll('_', ' ')})`, {
      details: { ...(file === undefined ? {} : { file }), line: counter.linePos(e.pos[0]).line },
    });
  }
  return { value: doc.toJS({ maxAliasCount: 100 }), source };
}

/** Validates a definition given as an object (an API caller's), with the same errors, without lines. */
export function validateCohortDefinition(value: unknown): CohortSource {
  const parsed = cohortDefinitionSchema.safeParse(value);
  const source = { lineOf: () => undefined };
  if (!parsed.success) throw definitionError(issuesFromZod(parsed.error), source);
  const references = checkReferences(parsed.data);
  if (references.length > 0) throw definitionError(references, source);
  return { definition: parsed.data, lineOf: () => undefined };
}

/** Reads and validates a definition file (`.yaml`, `.yml` or `.json`). */
export async function readCohortDefinition(file: string): Promise<CohortSource> {
  return parseCohortDefinition(await readDocumentFile(file, 'cohort definition'), { file: path.normalize(file) });
}

/** The text of a user's document: a missing file is `not_found`, an unreadable one `invalid_input`, both naming it. */
export async function readDocumentFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AppError(missing ? 'not_found' : 'invalid_input', missing ? `no ${what} at ${file}` : `cannot read ${file}`, { cause, details: { file } });
  }
}
