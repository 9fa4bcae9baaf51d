import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cohortFolder, expandStage, parseCohortDefinition, readCohortDefinition, resolveCohort, validateCohortDefinition } from '../src/index.js';

// The language's validation: every bad definition is an invalid_input AppError naming the path in the definition,
// and the file and line for a file. No warehouse is needed for these.

const HEADER = `parcours: cohort/1
id: lung
name: Lung cancer
entry:
  diagnosis: { codes: ICD10:C34 }
`;

/** Parses HEADER + `rest` as file `lung.yaml` and returns the error's code, message and details. */
function problem(rest: string): { code: string; message: string; details: Record<string, unknown> } {
  try {
    parseCohortDefinition(HEADER + rest, { file: 'lung.yaml' });
  } catch (error) {
    const e = error as { code: string; message: string; details: Record<string, unknown> };
    return { code: e.code, message: e.message, details: e.details };
  }
  throw new Error('the definition was accepted');
}

describe('cohort definitions: valid', () => {
  it('parses YAML and JSON to the same definition', () => {
    const yaml = parseCohortDefinition(`${HEADER}inclusion:\n  - name: adult\n    age: { min: 18 }\n`).definition;
    const json = parseCohortDefinition(
      JSON.stringify({ parcours: 'cohort/1', id: 'lung', name: 'Lung cancer', entry: { diagnosis: { codes: 'ICD10:C34' } }, inclusion: [{ name: 'adult', age: { min: 18 } }] }),
      { file: 'lung.json' },
    ).definition;
    expect(json).toEqual(yaml);
    expect(yaml.inclusion?.[0]).toEqual({ name: 'adult', age: { min: 18 } });
  });

  it('validates a definition given as an object', () => {
    const { definition } = validateCohortDefinition({ parcours: 'cohort/1', id: 'x', name: 'X', entry: { line: { number: 1 } } });
    expect(definition.entry?.line?.number).toBe(1);
    expect(() => validateCohortDefinition({ parcours: 'cohort/1', id: 'x', name: 'X', entry: { line: { number: 0 } } })).toThrow(expect.objectContaining({ code: 'invalid_input', details: { path: 'entry.line.number' } }));
  });

  it('reads the shipped definitions', async () => {
    for (const id of ['ros1-nsclc-advanced', 'brca-ovarian-advanced', 'her2-breast-metastatic']) {
      const { definition } = await readCohortDefinition(`cohorts/${id}.yaml`);
      expect(definition.id).toBe(id);
      expect(definition.arms?.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('expands stage ranges to whole subtrees', () => {
    expect(expandStage('IIIB-IV')).toEqual(['IIIB', 'IIIC', 'IV', 'IVA', 'IVB']);
    expect(expandStage('III–IV')).toEqual(['III', 'IIIA', 'IIIB', 'IIIC', 'IV', 'IVA', 'IVB']);
    expect(expandStage('I-IIIA')).toEqual(['I', 'IA', 'IA1', 'IA2', 'IA3', 'IB', 'II', 'IIA', 'IIB', 'IIIA']);
    expect(expandStage('stage iv')).toEqual(['IV', 'IVA', 'IVB']);
  });
});

describe('cohort definitions: errors name the path and the line', () => {
  it.each([
    ['a malformed window', 'inclusion:\n  - name: a\n    age: { min: 18 }\n  - name: b\n    biomarker: { gene: ROS1 }\n    window: { from: x }\n', 'inclusion[1].window.from', 11],
    ['a window that ends before it starts', 'inclusion:\n  - name: a\n    biomarker: { gene: ROS1 }\n    window: { from: 10, to: 0 }\n', 'inclusion[0].window.from', 9],
    ['a fractional window', 'inclusion:\n  - name: a\n    biomarker: { gene: ROS1 }\n    window:\n      to: 1.5\n', 'inclusion[0].window.to', 10],
    ['an unknown field', 'inclusion:\n  - name: a\n    windw: { from: 1 }\n    age: { min: 18 }\n', 'inclusion[0].windw', 8],
    ['an unknown vocabulary', 'inclusion:\n  - name: a\n    diagnosis:\n      codes: FOO:C34\n', 'inclusion[0].diagnosis.codes', 9],
    ['an unknown vocabulary in a list', 'inclusion:\n  - name: a\n    diagnosis:\n      codes:\n        - ICD10:C34\n        - FOO:1\n', 'inclusion[0].diagnosis.codes[1]', 11],
    ['a code without a vocabulary', 'conceptSets:\n  lung: [C34]\n', 'conceptSets.lung[0]', 7],
    ['an undeclared concept set', 'inclusion:\n  - name: a\n    diagnosis: { codes: nsclc }\n', 'inclusion[0].diagnosis.codes', 8],
    ['a rule without a kind', 'inclusion:\n  - name: a\n', 'inclusion[0]', 7],
    ['a rule with two kinds', 'inclusion:\n  - name: a\n    age: { min: 18 }\n    sex: female\n', 'inclusion[0].sex', 9],
    ['a window on a patient fact', 'inclusion:\n  - name: a\n    sex: female\n    window: { to: 0 }\n', 'inclusion[0].window', 9],
    ['two rules of the same name', 'inclusion:\n  - name: a\n    sex: female\n  - name: a\n    age: { min: 1 }\n', 'inclusion[1].name', 9],
    ['an unknown stage group', 'inclusion:\n  - name: a\n    stage: IIIZ\n', 'inclusion[0].stage', 8],
    ['a reversed stage range', 'inclusion:\n  - name: a\n    stage: IV-II\n', 'inclusion[0].stage', 8],
    ['an unknown alteration', 'inclusion:\n  - name: a\n    biomarker: { gene: ROS1, alteration: splice }\n', 'inclusion[0].biomarker.alteration', 8],
    ['a LIKE wildcard in a variant', 'inclusion:\n  - name: a\n    biomarker: { gene: KRAS, variant: "G12%" }\n', 'inclusion[0].biomarker.variant', 8],
    ['a nested criterion', 'inclusion:\n  - name: a\n    anyOf:\n      - stage: IV\n      - diagnosis: { codes: ICD10:C78 }\n        window: { from: 3, to: 1 }\n', 'inclusion[0].anyOf[1].window.from', 11],
    ['regimenClass with classes', 'arms:\n  - id: x\n    line: { regimenClass: targeted, classes: [chemotherapy] }\n', 'arms[0].line.regimenClass', 8],
    ['a bad arm id', 'arms:\n  - id: Arm A\n    sex: female\n', 'arms[0].id', 7],
    ['a line number of 0', 'inclusion:\n  - name: a\n    line: { number: 0 }\n', 'inclusion[0].line.number', 8],
    ['a count without bounds', 'inclusion:\n  - name: a\n    drug: { codes: ATC:L01 }\n    count: {}\n', 'inclusion[0].count', 9],
    ['an impossible date', 'inclusion:\n  - name: a\n    period: { from: 2021-02-30 }\n', 'inclusion[0].period.from', 8],
  ])('%s', (_what, rest, at, line) => {
    const p = problem(rest);
    expect(p.code).toBe('invalid_input');
    expect(p.details).toMatchObject({ path: at, file: 'lung.yaml', line });
    expect(p.message).toMatch(/^invalid cohort definition: /);
  });

  it('lists every problem, the first one located', () => {
    const p = problem('inclusion:\n  - name: a\n    windw: 1\n    age: { min: 18 }\n  - name: b\n    diagnosis: { codes: BAD:1 }\n');
    expect(p.message).toMatch(/and 1 more problem\)$/);
    expect(p.details['problems']).toBe('line 8: inclusion[0].windw: unknown field "windw"; line 11: inclusion[1].diagnosis.codes: unknown vocabulary (known: ATC, Cancer Modifier, CPT4, HCPCS, HemOnc, HGNC, ICD10, ICD10CM, ICDO3, LOINC, NAACCR, OMOP Genomic, Parcours, RxNorm, RxNorm Extension, SNOMED)');
  });

  it('a missing entry, a wrong version, a combination with an entry', () => {
    expect(() => parseCohortDefinition('parcours: cohort/1\nid: x\nname: X\n')).toThrow(expect.objectContaining({ details: { path: 'entry', line: 1 } }));
    expect(() => parseCohortDefinition('parcours: cohort/2\nid: x\nname: X\n', { file: 'x.yaml' })).toThrow(expect.objectContaining({ details: { path: 'parcours', file: 'x.yaml', line: 1 } }));
    expect(problem('combine: { union: [a, b] }\n').details).toMatchObject({ path: 'entry', line: 4 });
  });

  it('YAML syntax errors and duplicate keys give the line', () => {
    expect(() => parseCohortDefinition(`${HEADER}inclusion:\n  - name: a\n   age: 1\n`, { file: 'lung.yaml' })).toThrow(expect.objectContaining({ code: 'invalid_input', details: { file: 'lung.yaml', line: expect.any(Number) } }));
    expect(() => parseCohortDefinition(`${HEADER}id: again\n`, { file: 'lung.yaml' })).toThrow(expect.objectContaining({ code: 'invalid_input', details: { file: 'lung.yaml', line: 6 } }));
  });

  it('messages never echo the value', () => {
    const p = problem('inclusion:\n  - name: a\n    diagnosis: { codes: "SECRET:1234" }\n');
    expect(JSON.stringify(p)).not.toContain('1234');
  });
});

describe('named cohorts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-cohorts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (id: string, body: string): void => writeFileSync(path.join(dir, `${id}.yaml`), `parcours: cohort/1\nid: ${id}\nname: ${id}\n${body}`);
  const entry = 'entry:\n  diagnosis: { codes: ICD10:C34 }\n';

  it('resolves the cohorts a combination names, from the same folder', async () => {
    write('a', entry);
    write('b', entry);
    write('both', 'combine:\n  union: [a, { intersection: [a, b] }]\n');
    const resolved = await resolveCohort(await readCohortDefinition(path.join(dir, 'both.yaml')), cohortFolder(dir));
    expect([...resolved.references.keys()]).toEqual(['a', 'b']);
  });

  it('detects a cycle and names it with the path of the reference that closes it', async () => {
    write('c1', 'combine:\n  union: [a, c2]\n');
    write('c2', 'combine:\n  difference:\n    - a\n    - c1\n');
    const error = await resolveCohort(await readCohortDefinition(path.join(dir, 'c1.yaml')), cohortFolder(dir)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', message: 'invalid cohort definition: cohorts reference each other in a cycle: c1 → c2 → c1', details: { path: 'combine.difference[1]', file: path.join(dir, 'c2.yaml'), line: 7 } });
  });

  it('a cohort naming itself is a cycle too', async () => {
    write('self', 'combine:\n  intersection: [a, self]\n');
    await expect(resolveCohort(await readCohortDefinition(path.join(dir, 'self.yaml')), cohortFolder(dir))).rejects.toMatchObject({ details: { path: 'combine.intersection[1]' } });
  });

  it('a missing cohort, or a file defining another id, is an error at the reference', async () => {
    write('lost', 'combine:\n  union: [a, nowhere]\n');
    await expect(resolveCohort(await readCohortDefinition(path.join(dir, 'lost.yaml')), cohortFolder(dir))).rejects.toMatchObject({ code: 'invalid_input', details: { path: 'combine.union[1]', line: 5 } });
    writeFileSync(path.join(dir, 'renamed.yaml'), `parcours: cohort/1\nid: other\nname: x\n${entry}`);
    write('uses-renamed', 'combine:\n  union: [a, renamed]\n');
    await expect(resolveCohort(await readCohortDefinition(path.join(dir, 'uses-renamed.yaml')), cohortFolder(dir))).rejects.toMatchObject({ details: { path: 'id', file: path.join(dir, 'renamed.yaml') } });
  });
});
