import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FileDigest } from '../load/file-digest.js';
import type { QuarantineCode, RecordLocation } from '../load/load-report.js';

/** A JSON object that claims to be a FHIR resource (validated field by field by the mappers). */
export type FhirJson = Record<string, unknown> & { readonly resourceType: string };

export type FhirRecord =
  | { readonly kind: 'resource'; readonly resource: FhirJson; readonly location: RecordLocation; readonly fullUrl?: string }
  | { readonly kind: 'rejected'; readonly location: RecordLocation; readonly code: QuarantineCode; readonly reason: string; readonly sha256: string; readonly resourceType?: string };

export interface ReadOptions {
  /** Largest record (an NDJSON line, or a whole Bundle file) accepted, in bytes (default 16 MiB). */
  readonly maxRecordBytes?: number;
  /** Called as bytes are read (for progress bars). */
  readonly onBytes?: (bytesRead: number) => void;
}

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * The order resources are loaded in, so that what others refer to (patients, encounters, conditions, specimens,
 * imaging studies) is known before its referrers. Bulk Data exports put one type per file; Bundles are re-ordered
 * entry by entry. Notes (DocumentReference) come as soon as every resource that carries identifiers a note may
 * quote has been read (Patient, Encounter, Specimen, ImagingStudy): their de-identification, the costliest step,
 * then runs in worker threads while the mapping thread goes on with the observations and drugs.
 */
export const RESOURCE_LOAD_ORDER = [
  'Patient',
  'Encounter',
  'Condition',
  'Specimen',
  'ImagingStudy',
  'DocumentReference',
  'Observation',
  'DiagnosticReport',
  'MedicationRequest',
  'MedicationAdministration',
  'MedicationStatement',
  'Procedure',
  'QuestionnaireResponse',
] as const;

const rankOf = (type: string): number => {
  const i = (RESOURCE_LOAD_ORDER as readonly string[]).indexOf(type);
  return i < 0 ? RESOURCE_LOAD_ORDER.length : i;
};

/** The resource type a Bulk Data file name announces ('Observation.ndjson', 'Observation-site-01.ndjson', '3.Patient.ndjson'). */
export function resourceTypeOfFileName(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1).replace(/\.(ndjson|jsonl|json)$/i, '');
  return RESOURCE_LOAD_ORDER.find((t) => base === t || base.startsWith(`${t}-`) || base.startsWith(`${t}.`) || base.endsWith(`.${t}`));
}

/** Files in load order: by the resource type their name announces, then by name. */
export function orderFhirFiles<T extends { readonly name: string }>(files: readonly T[]): T[] {
  const rank = (f: T): number => {
    const t = resourceTypeOfFileName(f.name);
    return t === undefined ? RESOURCE_LOAD_ORDER.length + 1 : rankOf(t);
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const isNdjson = (name: string): boolean => /\.(ndjson|jsonl)$/i.test(name);

/**
 * The records of one FHIR file: NDJSON (Bulk Data: one resource per line) or JSON (one resource, or a Bundle whose
 * entries are the records). Streaming for NDJSON, with bounded memory: a line longer than the limit is skipped
 * without being held, and reported. Nothing here throws on bad content: a bad record is yielded as `rejected`.
 */
export async function* readFhirFile(file: FileDigest, options: ReadOptions = {}): AsyncGenerator<FhirRecord> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (isNdjson(file.name)) yield* readNdjson(file, max, options.onBytes);
  else yield* readJsonDocument(file, max, options.onBytes);
}

async function* readNdjson(file: FileDigest, max: number, onBytes: ((n: number) => void) | undefined): AsyncGenerator<FhirRecord> {
  let parts: Buffer[] = [];
  let length = 0;
  let oversize = false;
  let oversizeHash: ReturnType<typeof createHash> | undefined;
  let line = 0;
  let bytesRead = 0;
  const finishLine = (): FhirRecord | undefined => {
    line++;
    const location = { file: file.name, line };
    if (oversize) {
      const sha256 = oversizeHash?.digest('hex') ?? '';
      oversize = false;
      oversizeHash = undefined;
      return { kind: 'rejected', location, code: 'record-too-large', reason: `line longer than the ${Math.round(max / 1048576)} MiB limit`, sha256 };
    }
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
    parts = [];
    length = 0;
    const text = bytes.toString('utf8').trim();
    if (text === '') return undefined;
    return parseRecord(text, bytes, location);
  };
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      if (end > start) {
        const piece = chunk.subarray(start, end);
        if (oversize) oversizeHash?.update(piece);
        else if (length + piece.length > max) {
          oversize = true;
          oversizeHash = createHash('sha256');
          for (const p of parts) oversizeHash.update(p);
          oversizeHash.update(piece);
          parts = [];
          length = 0;
        } else {
          parts.push(piece);
          length += piece.length;
        }
      }
      if (nl < 0) break;
      const record = finishLine();
      if (record !== undefined) yield record;
      start = nl + 1;
    }
    onBytes?.(bytesRead);
  }
  if (length > 0 || oversize) {
    const record = finishLine();
    if (record !== undefined) yield record;
  }
}

async function* readJsonDocument(file: FileDigest, max: number, onBytes: ((n: number) => void) | undefined): AsyncGenerator<FhirRecord> {
  const location = { file: file.name };
  if (file.bytes > max) {
    yield { kind: 'rejected', location, code: 'record-too-large', reason: `JSON document larger than the ${Math.round(max / 1048576)} MiB limit (use NDJSON for bulk data)`, sha256: file.sha256 };
    return;
  }
  const bytes = await readFile(file.path);
  onBytes?.(bytes.length);
  const parsed = parseRecord(bytes.toString('utf8'), bytes, location);
  if (parsed.kind === 'rejected' || parsed.resource.resourceType !== 'Bundle') {
    yield parsed;
    return;
  }
  const entries = parsed.resource['entry'];
  if (entries === undefined) return;
  if (!Array.isArray(entries)) {
    yield { kind: 'rejected', location, code: 'wrong-type', reason: 'Bundle.entry must be an array', sha256: file.sha256, resourceType: 'Bundle' };
    return;
  }
  // Entries in load order (referenced resources first), keeping their position for error locations.
  const ordered = entries.map((e: unknown, i) => ({ e, i, rank: rankOf(typeOfEntry(e)) })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  for (const { e, i } of ordered) {
    const at = { file: file.name, entry: i + 1 };
    const resource = isObject(e) ? e['resource'] : undefined;
    if (!isObject(resource) || typeof resource['resourceType'] !== 'string') {
      yield { kind: 'rejected', location: at, code: 'not-a-resource', reason: 'Bundle entry without a resource (resourceType missing)', sha256: sha256Of(JSON.stringify(e) ?? '') };
      continue;
    }
    // The entry's fullUrl too: references inside a Bundle often point to it ('urn:uuid:…') rather than to Type/id.
    const fullUrl = isObject(e) && typeof e['fullUrl'] === 'string' ? e['fullUrl'] : undefined;
    yield { kind: 'resource', resource: resource as FhirJson, location: at, ...(fullUrl === undefined ? {} : { fullUrl }) };
  }
}

function typeOfEntry(e: unknown): string {
  const r = isObject(e) ? e['resource'] : undefined;
  return isObject(r) && typeof r['resourceType'] === 'string' ? r['resourceType'] : '';
}

function parseRecord(text: string, bytes: Buffer, location: RecordLocation): FhirRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'rejected', location, code: 'invalid-json', reason: `invalid JSON${jsonErrorPosition(e, text)}`, sha256: sha256Of(bytes) };
  }
  if (!isObject(value) || typeof value['resourceType'] !== 'string') {
    return { kind: 'rejected', location, code: 'not-a-resource', reason: 'not a FHIR resource (no resourceType)', sha256: sha256Of(bytes) };
  }
  return { kind: 'resource', resource: value as FhirJson, location };
}

/** " at line L column C" from V8's JSON.parse message, when it gives a position (the message itself may quote content). */
function jsonErrorPosition(error: unknown, text: string): string {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (m === null) return /Unexpected end/.test(error instanceof Error ? error.message : '') ? ' (truncated)' : '';
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return ` at line ${line} column ${column}`;
}

export function sha256Of(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
