import { cpSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Pseudonymizer } from '@parcours/pseudo';
import { col, initWarehouse, select, table } from '@parcours/store';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFhir } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { encounter, labObservation, ndjsonFolder, patient, rowCount } from './fixtures/fhir-fixtures.js';

reportSkips();

const pseudonymizer = Pseudonymizer.fromKey(Buffer.alloc(32, 5));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type QuarantineRow = {
  file_name: string;
  line_number: number | bigint | null;
  entry_index: number | null;
  resource_type: string | null;
  json_path: string | null;
  reason_code: string;
  reason: string;
  record_sha256: string | null;
};

/** A line longer than the reader's limit, streamed to disk (never held, never committed to the repository). */
async function appendHugeLine(file: string, megabytes: number): Promise<void> {
  const out = createWriteStream(file, { flags: 'a' });
  out.write('{"resourceType":"Observation","id":"huge","note":[{"text":"');
  const chunk = 'x'.repeat(1 << 20);
  for (let i = 0; i < megabytes; i++) if (!out.write(chunk)) await once(out, 'drain');
  out.end('"}]}\n');
  await once(out, 'finish');
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`FHIR quarantine on ${engine.name}`, () => {
    it('quarantines each malformed record with its file, line or entry, JSON path and reason, loads the rest, and reconciles', async () => {
      const secret = 'Quintard';
      const dir = ndjsonFolder({
        'Patient.ndjson': [patient('p1', 'IPP-0001'), patient('p2', 'IPP-0002', { birthDate: '1961-02-30' })],
        'Observation.ndjson': [
          labObservation('o1', 'p1', '2020-01-02'),
          // A line cut in the middle (a truncated export).
          JSON.stringify(labObservation('o2', 'p1', '2020-01-03')).slice(0, 80),
          labObservation('o3', 'p1', '2020-13-45'),
          { resourceType: 'Banana', id: 'b1', subject: { reference: 'Patient/p1' } },
          labObservation('o4', 'ghost', '2020-01-04'),
          labObservation('o5', 'p1', '2020-01-05', `${secret} 12`),
          labObservation('o6', 'p1', '2020-01-06'),
        ],
      });
      dirs.push(dir);
      await appendHugeLine(path.join(dir, 'Observation.ndjson'), 50);
      writeFileSync(path.join(dir, 'Observation.ndjson'), `${JSON.stringify(labObservation('o7', 'p1', '2020-01-07'))}\n`, { flag: 'a' });
      // A Bundle: Patient and Observation linked by urn:uuid references, and one entry without a resource.
      writeFileSync(
        path.join(dir, 'bundle.json'),
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'collection',
          entry: [
            { fullUrl: 'urn:uuid:0b6c9c1e-0000-4000-8000-000000000002', resource: { ...labObservation('b-o1', 'x', '2021-02-02'), subject: { reference: 'urn:uuid:0b6c9c1e-0000-4000-8000-000000000001' } } },
            { fullUrl: 'urn:uuid:broken', request: { method: 'POST' } },
            { fullUrl: 'urn:uuid:0b6c9c1e-0000-4000-8000-000000000001', resource: { ...patient('b-p1', 'IPP-0003'), id: undefined } },
          ],
        }),
      );

      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const report = await ingestFhir(wh, [dir], { pseudonymizer });
      expect(report.reconciled).toBe(true);
      expect(report.read).toBe(report.loaded + report.quarantined + report.excluded + report.skipped);
      // Loaded: p1, o1, o6, o7, and from the Bundle the patient and its observation (the Patient is read first).
      expect(report).toMatchObject({ read: 14, loaded: 6, quarantined: 8, excluded: 0, skipped: 0 });
      expect(report.quarantinedByCode).toEqual({
        'invalid-date': 2,
        'invalid-json': 1,
        'unknown-resource-type': 1,
        'unresolved-reference': 1,
        'wrong-type': 1,
        'record-too-large': 1,
        'not-a-resource': 1,
      });
      expect(await rowCount(wh, 'person')).toBe(2);
      expect(await rowCount(wh, 'measurement')).toBe(4);

      const rows = await wh.query<QuarantineRow>(select([col('file_name'), col('line_number'), col('entry_index'), col('resource_type'), col('json_path'), col('reason_code'), col('reason'), col('record_sha256')], table('parcours_quarantine')));
      const located = rows.map((r) => [path.basename(r.file_name), r.line_number === null ? null : Number(r.line_number), r.entry_index, r.resource_type, r.json_path, r.reason_code] as const);
      const order = (a: readonly unknown[], b: readonly unknown[]): number => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
      expect([...located].sort(order)).toEqual(
        [
          ['Observation.ndjson', 2, null, null, null, 'invalid-json'],
          ['Observation.ndjson', 3, null, 'Observation', 'Observation.effectiveDateTime', 'invalid-date'],
          ['Observation.ndjson', 4, null, null, 'resourceType', 'unknown-resource-type'],
          ['Observation.ndjson', 5, null, 'Observation', 'Observation.subject', 'unresolved-reference'],
          ['Observation.ndjson', 6, null, 'Observation', 'Observation.valueQuantity.value', 'wrong-type'],
          ['Observation.ndjson', 8, null, null, null, 'record-too-large'],
          ['Patient.ndjson', 2, null, 'Patient', 'Patient.birthDate', 'invalid-date'],
          ['bundle.json', null, 2, null, null, 'not-a-resource'],
        ].sort(order),
      );
      for (const r of rows) {
        expect(r.record_sha256).toMatch(/^[0-9a-f]{64}$/);
        // Reasons name the rule, never a value of the record.
        for (const value of [secret, 'IPP-0002', '1961-02-30', '2020-13-45', 'Banana', 'ghost']) expect(r.reason).not.toContain(value);
      }
    }, 120_000);

    it('skips what it does not map, with a reason: unmapped R4 types, duplicates, entered-in-error, grouping reports', async () => {
      const dir = ndjsonFolder({
        'Patient.ndjson': [patient('p1', 'IPP-0001')],
        'Encounter.ndjson': [encounter('e1', 'p1', '2020-03-01', '2020-03-02'), encounter('e1', 'p1', '2020-03-01', '2020-03-02'), { ...encounter('e2', 'p1', '2020-03-01', '2020-03-02'), status: 'entered-in-error' }],
        'Practitioner.ndjson': [{ resourceType: 'Practitioner', id: 'dr1', name: [{ family: 'Berger' }] }],
        'DiagnosticReport.ndjson': [{ resourceType: 'DiagnosticReport', id: 'r1', status: 'final', code: { text: 'panel' }, subject: { reference: 'Patient/p1' }, effectiveDateTime: '2020-03-01', result: [] }],
      });
      dirs.push(dir);
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const report = await ingestFhir(wh, [dir], { pseudonymizer });
      expect(report).toMatchObject({ read: 6, loaded: 2, skipped: 4, quarantined: 0, reconciled: true });
      expect(report.skippedByReason).toEqual({ 'duplicate-record': 1, 'status-entered-in-error': 1, 'resource-type-not-mapped': 1, 'grouping-resource': 1 });
      expect(await rowCount(wh, 'visit_occurrence')).toBe(1);
    });

    it('loads the same files once: a second load of them (even renamed) adds nothing', async () => {
      const dir = ndjsonFolder({
        'Patient.ndjson': [patient('p1', 'IPP-0001')],
        'Observation.ndjson': [labObservation('o1', 'p1', '2020-01-02'), labObservation('o2', 'p1', '2020-01-03')],
      });
      dirs.push(dir);
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const first = await ingestFhir(wh, [dir], { pseudonymizer, dateShiftMaxDays: 10 });
      expect(first).toMatchObject({ loadId: 1, read: 3, loaded: 3, reconciled: true });
      const counts = async () => Promise.all(['person', 'measurement', 'observation_period', 'location', 'parcours_person_key', 'parcours_load_file'].map((t) => rowCount(wh, t)));
      const before = await counts();
      const again = await ingestFhir(wh, [dir], { pseudonymizer, dateShiftMaxDays: 10 });
      expect(again).toMatchObject({ loadId: null, read: 0, loaded: 0 });
      expect(again.files.every((f) => f.status === 'already-loaded')).toBe(true);
      // The observations again under another name (same bytes), and a new Patient resource for the same IPP.
      const renamed = ndjsonFolder({ 'observations-copy.ndjson': [labObservation('o1', 'p1', '2020-01-02'), labObservation('o2', 'p1', '2020-01-03')] });
      const update = ndjsonFolder({ 'Patient.ndjson': [patient('p1-new', 'IPP-0001')] });
      dirs.push(renamed, update);
      const third = await ingestFhir(wh, [renamed, update], { pseudonymizer, dateShiftMaxDays: 10 });
      expect(third.files.map((f) => [path.basename(f.name), f.status])).toEqual([
        ['Patient.ndjson', 'loaded'],
        ['observations-copy.ndjson', 'already-loaded'],
      ]);
      expect(third).toMatchObject({ read: 1, loaded: 0, skippedByReason: { 'person-already-loaded': 1 }, reconciled: true });
      const after = await counts();
      expect(after.slice(0, 5)).toEqual(before.slice(0, 5));
    });
  });
}

describe('FHIR input paths', () => {
  it('reports a missing path, and a folder without FHIR files, as the user’s error', async () => {
    await using wh = await ENGINES[0]!.open();
    await expect(ingestFhir(wh, ['/nonexistent/parcours/fhir'], { pseudonymizer })).rejects.toMatchObject({ code: 'not_found' });
    const empty = mkdtempSync(path.join(tmpdir(), 'parcours-fhir-empty-'));
    dirs.push(empty);
    await expect(ingestFhir(wh, [empty], { pseudonymizer })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('reads folders recursively and sets aside, with a warning, files found there that are not FHIR', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'parcours-fhir-tree-'));
    dirs.push(root);
    const site = ndjsonFolder({ 'Patient.ndjson': [patient('p1', 'IPP-0001')], 'Observation.ndjson': [labObservation('o1', 'p1', '2020-01-02')] });
    dirs.push(site);
    cpSync(site, path.join(root, 'site-01'), { recursive: true });
    writeFileSync(path.join(root, 'truth.json'), JSON.stringify({ seed: 1, patients: 1 }));
    writeFileSync(path.join(root, 'notes-spans.jsonl'), '{"note":"n1","spans":[]}\n');
    await using wh = await ENGINES[0]!.open();
    await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
    const report = await ingestFhir(wh, [root], { pseudonymizer });
    expect(report).toMatchObject({ read: 2, loaded: 2, quarantined: 0, reconciled: true });
    // Files are named with their folder, so that two sites' Patient.ndjson stay apart.
    expect(report.files.map((f) => f.name)).toEqual(['site-01/Patient.ndjson', 'site-01/Observation.ndjson']);
    expect(report.warnings.map((w) => [w.file, w.code])).toEqual([
      ['notes-spans.jsonl', 'not-a-fhir-file'],
      ['truth.json', 'not-a-fhir-file'],
    ]);
  });
});
