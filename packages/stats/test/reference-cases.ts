/**
 * Test helpers: discover the reference cases in ../shared/reference/survival, read them (a small read.csv-like
 * parser, test-only, so that @parcours/stats keeps no dependency on the CLI), and compare numbers with the tolerance
 * stated in the reference README.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataColumn, SurvivalAnalysisInput } from '../src/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const referenceDir = path.resolve(repoRoot, '../shared/reference/survival');

export interface ReferenceCase {
  readonly name: string;
  readonly dir: string;
  readonly spec: CaseSpec;
  readonly expected: Record<string, unknown>;
  readonly csv: string;
}

export interface CaseSpec {
  time: string;
  event: string;
  event_value: number | string | boolean;
  group: string | null;
  strata: string | null;
  covariates: string[];
  factors: string[];
  weights: string | null;
  cluster: string | null;
  ties: 'efron' | 'breslow';
  conf_type: 'log' | 'log-log' | 'plain';
}

export function referenceCases(): ReferenceCase[] {
  return readdirSync(referenceDir)
    .filter((d) => statSync(path.join(referenceDir, d)).isDirectory())
    .sort()
    .map((name) => {
      const dir = path.join(referenceDir, name);
      return {
        name,
        dir,
        spec: JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseSpec,
        expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, unknown>,
        csv: readFileSync(path.join(dir, 'data.csv'), 'utf8'),
      };
    });
}

/** Minimal read.csv: quoted fields, "" escapes, empty/NA missing, numeric columns, unnamed first column dropped. */
export function parseCsv(text: string): Map<string, DataColumn> {
  const rows: { text: string; quoted: boolean }[][] = [];
  let row: { text: string; quoted: boolean }[] = [];
  let field = '';
  let quoted = false;
  let inQ = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQ) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQ = false;
      else field += ch;
    } else if (ch === '"') {
      inQ = true;
      quoted = true;
    } else if (ch === ',') {
      row.push({ text: field, quoted });
      field = '';
      quoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push({ text: field, quoted });
      if (!(row.length === 1 && row[0]!.text === '')) rows.push(row);
      row = [];
      field = '';
      quoted = false;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push({ text: field, quoted });
    rows.push(row);
  }
  let header = rows[0]!.map((f) => f.text);
  let body = rows.slice(1);
  if (body.length > 0 && body[0]!.length === header.length + 1) body = body.map((r) => r.slice(1));
  else if (header[0] === '') {
    header = header.slice(1);
    body = body.map((r) => r.slice(1));
  }
  const out = new Map<string, DataColumn>();
  header.forEach((name, c) => {
    const raw = body.map((r) => r[c]!);
    const missing = (f: { text: string }): boolean => f.text === '' || f.text === 'NA';
    const numeric = raw.every((f) => missing(f) || Number.isFinite(Number(f.text)));
    out.set(name, numeric ? Float64Array.from(raw, (f) => (missing(f) ? Number.NaN : Number(f.text))) : raw.map((f) => (missing(f) ? null : f.text)));
  });
  return out;
}

/** The analysis input a case.json asks for. */
export function caseInput(spec: CaseSpec, columns: Map<string, DataColumn>): SurvivalAnalysisInput {
  const col = (name: string): DataColumn => {
    const c = columns.get(name);
    if (!c) throw new Error(`missing column ${name}`);
    return c;
  };
  const time = col(spec.time) as Float64Array;
  const ev = col(spec.event);
  const event = Array.from({ length: time.length }, (_, i) => {
    const v = ev[i];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
    return String(v) === String(spec.event_value) ? 1 : 0;
  });
  return {
    time,
    event,
    group: spec.group ? col(spec.group) : null,
    strata: spec.strata ? col(spec.strata) : null,
    covariates: spec.covariates.map((name) => ({ name, values: col(name), factor: spec.factors.includes(name) })),
    weights: spec.weights ? (col(spec.weights) as Float64Array) : null,
    cluster: spec.cluster ? col(spec.cluster) : null,
    ties: spec.ties,
    confType: spec.conf_type,
  };
}

export interface Mismatch {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const REL = 1e-6;
const ABS = 1e-9;

/** Largest relative error seen over all compared numbers (for reporting). */
export const stats = { maxRel: 0, where: '' };

/**
 * Compares `actual` with `expected` number by number (1e-6 relative, 1e-9 absolute near zero; p-values below 1e-300
 * compared on their log) and key by key. Keys listed in `ignore` at the top level are skipped (R's metadata).
 */
export function compareReport(expected: unknown, actual: unknown, p = '$', out: Mismatch[] = []): Mismatch[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') {
      out.push({ path: p, expected, actual });
      return out;
    }
    if (expected === actual) return out;
    if (Math.abs(expected) < 1e-300 || Math.abs(actual) < 1e-300) {
      // Both tiny: compare on the log scale (p-values that underflow in R or here).
      if (expected > 0 && actual > 0 && Math.abs(Math.log(expected) - Math.log(actual)) <= REL * Math.abs(Math.log(expected))) return out;
    }
    const diff = Math.abs(expected - actual);
    const rel = diff / Math.abs(expected);
    if (Math.abs(expected) > ABS && rel > stats.maxRel) {
      stats.maxRel = rel;
      stats.where = p;
    }
    if (diff <= ABS || rel <= REL) return out;
    out.push({ path: p, expected, actual });
    return out;
  }
  if (expected === null || typeof expected !== 'object') {
    if (expected !== actual) out.push({ path: p, expected, actual });
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path: `${p}.length`, expected: expected.length, actual: Array.isArray(actual) ? actual.length : actual });
      return out;
    }
    expected.forEach((e, i) => compareReport(e, actual[i], `${p}[${i}]`, out));
    return out;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    out.push({ path: p, expected: 'object', actual });
    return out;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
  for (const k of keys) {
    if (p === '$' && (k === 'r_version' || k === 'survival_version')) continue;
    if (!(k in e)) out.push({ path: `${p}.${k}`, expected: '(absent)', actual: a[k] });
    else if (!(k in a)) out.push({ path: `${p}.${k}`, expected: e[k], actual: '(absent)' });
    else compareReport(e[k], a[k], `${p}.${k}`, out);
  }
  return out;
}
