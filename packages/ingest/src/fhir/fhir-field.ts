import type { QuarantineCode } from '../load/load-report.js';
import { fhirDayNumber } from './fhir-date.js';
import { isObject } from './read-fhir-files.js';

/** A parsed JSON object (a resource or one of its elements), read field by field through the accessors below. */
export type Json = Record<string, unknown>;

/**
 * Why a record cannot be mapped, located by its FHIRPath-like JSON path ('Observation.valueQuantity.value'). The
 * reason names the rule that failed, never the value found (it may identify a patient). Thrown by the accessors and
 * caught once per record, which is then quarantined; only bad records pay for the throw.
 */
export class FhirFieldError extends Error {
  readonly code: QuarantineCode;
  readonly path: string;

  constructor(code: QuarantineCode, path: string, reason: string) {
    super(reason);
    this.name = 'FhirFieldError';
    this.code = code;
    this.path = path;
  }
}

export function fail(code: QuarantineCode, path: string, reason: string): never {
  throw new FhirFieldError(code, path, reason);
}

// Accessors: each reads one field of an object, checks its JSON type and returns it (undefined when absent; a JSON
// null counts as absent). `path` is the field's full path, given as a constant by the caller so that nothing is
// built per record; array indexes are added only to the path of an error.

export function str(o: Json, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail('wrong-type', path, 'must be a string');
  return v;
}

export function requiredStr(o: Json, key: string, path: string): string {
  const v = str(o, key, path);
  if (v === undefined || v === '') fail('missing-field', path, 'is required');
  return v;
}

export function num(o: Json, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('wrong-type', path, 'must be a number');
  return v;
}

export function bool(o: Json, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail('wrong-type', path, 'must be a boolean');
  return v;
}

export function obj(o: Json, key: string, path: string): Json | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail('wrong-type', path, 'must be an object');
  return v;
}

export function requiredObj(o: Json, key: string, path: string): Json {
  const v = obj(o, key, path);
  if (v === undefined) fail('missing-field', path, 'is required');
  return v;
}

export function arr(o: Json, key: string, path: string): readonly unknown[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail('wrong-type', path, 'must be an array');
  return v as readonly unknown[];
}

/** The i-th element of an array that must hold objects. */
export function item(list: readonly unknown[], i: number, path: string): Json {
  const v = list[i];
  if (!isObject(v)) fail('wrong-type', `${path}[${i}]`, 'must be an object');
  return v;
}

/** The first element of an array of objects, or undefined. */
export function first(o: Json, key: string, path: string): Json | undefined {
  const list = arr(o, key, path);
  return list === undefined || list.length === 0 ? undefined : item(list, 0, path);
}

/** A FHIR date, dateTime or instant field as a day number (see fhirDayNumber), undefined when absent. */
export function day(o: Json, key: string, path: string): number | undefined {
  const v = str(o, key, path);
  if (v === undefined) return undefined;
  const d = fhirDayNumber(v);
  if (d === undefined) fail('invalid-date', path, 'is not a valid FHIR date or dateTime');
  return d;
}

/** The code of the first coding of a CodeableConcept whose system is `system`, or undefined. */
export function codeOf(cc: Json | undefined, system: string, path: string): string | undefined {
  if (cc === undefined) return undefined;
  const codings = arr(cc, 'coding', path);
  if (codings === undefined) return undefined;
  for (let i = 0; i < codings.length; i++) {
    const c = item(codings, i, path);
    if (c['system'] === system) return str(c, 'code', path);
  }
  return undefined;
}

/** The first coding of a CodeableConcept, or undefined. */
export function firstCoding(cc: Json | undefined, path: string): Json | undefined {
  return cc === undefined ? undefined : first(cc, 'coding', path);
}

/** A CodeableConcept's text, else its first coding's display, else undefined. */
export function textOf(cc: Json | undefined, path: string): string | undefined {
  if (cc === undefined) return undefined;
  const text = str(cc, 'text', path);
  if (text !== undefined && text !== '') return text;
  const c = firstCoding(cc, path);
  return c === undefined ? undefined : str(c, 'display', path);
}

/** Whether meta.profile lists a profile (mCODE profiles decide how some resources map). */
export function hasProfile(r: Json, profile: string): boolean {
  const meta = r['meta'];
  if (!isObject(meta)) return false;
  const profiles = meta['profile'];
  return Array.isArray(profiles) && profiles.includes(profile);
}

/**
 * A Reference's target as a key: 'Type/id' for relative and absolute references (the base URL and any
 * '/_history/n' dropped), 'urn:uuid:…' as written (Bundle entries), '#id' for contained resources; undefined when
 * absent.
 * @example referenceKey({ reference: 'http://h/fhir/Patient/12/_history/2' }, 'Observation.subject') // 'Patient/12'
 */
export function referenceKey(o: Json, key: string, path: string): string | undefined {
  const ref = obj(o, key, path);
  return ref === undefined ? undefined : keyOfReference(ref, path);
}

/** The key of a Reference object (see referenceKey). */
export function keyOfReference(ref: Json, path: string): string | undefined {
  const r = str(ref, 'reference', `${path}.reference`);
  if (r === undefined || r === '') return undefined;
  return normaliseReference(r);
}

export function normaliseReference(reference: string): string {
  if (reference.startsWith('urn:') || reference.startsWith('#')) return reference;
  const history = reference.indexOf('/_history/');
  const r = history < 0 ? reference : reference.slice(0, history);
  const slash = r.lastIndexOf('/');
  if (slash < 0) return r;
  const previous = r.lastIndexOf('/', slash - 1);
  return previous < 0 ? r : r.slice(previous + 1);
}

/** A string cut to a column's length (OMOP varchar(n); the engines refuse longer values). */
export function clip(s: string | undefined | null, n: number): string | null {
  if (s === undefined || s === null || s === '') return null;
  return s.length <= n ? s : s.slice(0, n);
}
