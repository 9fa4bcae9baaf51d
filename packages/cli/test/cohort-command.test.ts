import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// `parcours cohort run|check` and `parcours lines` on a small synthetic warehouse, in-process.

const dir = mkdtempSync(path.join(tmpdir(), 'parcours-cli-cohort-'));
const url = `duckdb:${path.join(dir, 'w.duckdb')}`;

beforeAll(async () => {
  const init = await runCli(['init', '--warehouse', url]);
  expect(init.code, init.stderr).toBe(0);
  const synth = await runCli(['synth', '--patients', '3000', '--seed', '11', '--to', url, '--json']);
  expect(synth.code, synth.stderr).toBe(0);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parcours lines', () => {
  it('derives the lines when the warehouse has none, then prints them per line number', async () => {
    const r = await runCli(['lines', '--warehouse', url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { derived: { lines: number; personsWithLines: number }; byLine: { lineNumber: number; patients: number }[]; firstLineRegimens: { regimen: string; patients: number }[] };
    expect(out.derived.personsWithLines).toBeGreaterThan(500);
    expect(out.byLine[0]).toEqual({ lineNumber: 1, patients: out.derived.personsWithLines });
    expect(out.firstLineRegimens.length).toBe(10);
    // Lines exist now: printed without deriving again.
    const text = await runCli(['lines', '--warehouse', url]);
    expect(text.stdout).not.toMatch(/^derived/);
    expect(text.stdout).toMatch(/^line\s+patients/);
  });

  it("prints one patient's lines", async () => {
    const first = JSON.parse((await runCli(['lines', '--warehouse', url, '--json'])).stdout) as { byLine: unknown[] };
    expect(first.byLine.length).toBeGreaterThan(1);
    let found = false;
    for (let patient = 1; patient <= 60 && !found; patient++) {
      const r = await runCli(['lines', '--patient', String(patient), '--warehouse', url, '--json']);
      const out = JSON.parse(r.stdout) as { patient: number; lines: { lineNumber: number; regimen: string; start: string }[] };
      expect(out.patient).toBe(patient);
      if (out.lines.length > 0) {
        found = true;
        expect(out.lines[0]!.lineNumber).toBe(1);
        const text = await runCli(['lines', '--patient', String(patient), '--warehouse', url]);
        expect(text.stdout).toContain(out.lines[0]!.regimen);
      }
    }
    expect(found).toBe(true);
    const bad = await runCli(['lines', '--patient', 'abc', '--warehouse', url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--patient must be a person_id/);
  });
});

describe('parcours cohort', () => {
  it('run prints the size and the attrition; --json gives {count, attrition: [{rule, remaining}]}', async () => {
    const r = await runCli(['cohort', 'run', 'cohorts/her2-breast-metastatic.yaml', '--warehouse', url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { count: number; attrition: { rule: string; remaining: number }[]; arms: { id: string; count: number }[] };
    expect(out.attrition.map((a) => a.rule)).toEqual(['entry', 'adult', 'breast cancer', 'HER2-positive', 'metastatic disease']);
    expect(Object.keys(out.attrition[0]!)).toEqual(['rule', 'remaining']);
    expect(out.count).toBe(out.attrition[4]!.remaining);
    expect(out.count).toBeGreaterThan(0);
    expect(out.arms.map((a) => a.id)).toEqual(['trastuzumab-pertuzumab', 'trastuzumab-without-pertuzumab']);
    const text = await runCli(['cohort', 'run', 'cohorts/her2-breast-metastatic.yaml', '--warehouse', url]);
    expect(text.stdout).toMatch(new RegExp(`^HER2-positive metastatic breast cancer, first line: ${out.count} patients`));
    expect(text.stdout).toMatch(/HER2-positive\s+\d+/);
    expect(text.stdout).toMatch(/trastuzumab \+ pertuzumab\s+\d+/);
  });

  it('check validates a definition and its codes without running it', async () => {
    const r = await runCli(['cohort', 'check', 'cohorts/ros1-nsclc-advanced.yaml', '--warehouse', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ros1-nsclc-advanced: valid \(4 rules, 7 arms, \d+ vocabulary checks passed\)/);
  });

  it('a bad definition fails with one line naming the file, the line and the path, exit code 1', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'parcours: cohort/1\nid: bad\nname: Bad\nentry:\n  line: { number: 1 }\ninclusion:\n  - name: recent\n    drug: { codes: ATC:L01 }\n    window: { from: 30, to: -30 }\n');
    const r = await runCli(['cohort', 'run', file, '--warehouse', url]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`parcours: error: invalid cohort definition: window.from must not be after window.to (${file}:9, at inclusion[0].window.from)`);
    const unknown = path.join(dir, 'unknown.yaml');
    writeFileSync(unknown, 'parcours: cohort/1\nid: unknown\nname: Unknown\nentry:\n  diagnosis:\n    codes: ICD10:C99\n');
    const u = await runCli(['cohort', 'check', unknown, '--warehouse', url]);
    expect(u.code).toBe(1);
    expect(u.stderr.trim()).toBe(`parcours: error: invalid cohort definition: no concept has this code in the warehouse vocabulary (${unknown}:6, at entry.diagnosis.codes)`);
    const missing = await runCli(['cohort', 'run', path.join(dir, 'nowhere.yaml'), '--warehouse', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no cohort definition at/);
  });
});
