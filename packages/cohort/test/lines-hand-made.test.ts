import { AppError } from '@parcours/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINE_RULES, type DrugExposureEvent, type LineOfTherapy, type LineRules, classifyAntineoplastic, deriveLinesOfTherapy } from '../src/index.js';
import { TIMELINES } from './fixtures/lines/hand-made-timelines.js';

/** ATC codes of the fixtures' drugs: the class comes from the classifier, as it will in production. */
const ATC: Readonly<Record<string, string>> = {
  bevacizumab: 'L01FG01',
  capecitabine: 'L01BC06',
  carboplatin: 'L01XA02',
  cisplatin: 'L01XA01',
  crizotinib: 'L01ED01',
  docetaxel: 'L01CD02',
  fluorouracil: 'L01BC02',
  fulvestrant: 'L02BA03',
  gemcitabine: 'L01BC05',
  letrozole: 'L02BG04',
  leuprorelin: 'L02AE02',
  lorlatinib: 'L01ED05',
  'nab-paclitaxel': 'L01CD01',
  olaparib: 'L01XK01',
  osimertinib: 'L01EB04',
  oxaliplatin: 'L01XA03',
  paclitaxel: 'L01CD01',
  palbociclib: 'L01EF01',
  pembrolizumab: 'L01FF02',
  pemetrexed: 'L01BA04',
  'trastuzumab deruxtecan': 'L01FD04',
};

const rows = (table: string): string[][] =>
  table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split('|').map((cell) => cell.trim()));

function parseExposures(table: string): DrugExposureEvent[] {
  return rows(table).map(([drug = '', start = '', end = '']) => {
    const drugClass = classifyAntineoplastic(ATC[drug] ?? '');
    if (drugClass === undefined) throw new Error(`fixture drug without an ATC code: ${drug}`);
    return { drug, start: Number(start), end: Number(end), drugClass };
  });
}

/** A line in the fixtures' notation, so that a failure shows both tables side by side. */
function describeLine(line: LineOfTherapy): string {
  const cells = [String(line.lineNumber), line.regimen, String(line.start), String(line.end), line.endReason];
  if (line.substitutions.length > 0) cells.push(`subs: ${line.substitutions.join(' + ')}`);
  if (line.maintenance !== null) cells.push(`${line.maintenance.kind}@${line.maintenance.start}: ${line.maintenance.drugs.join(' + ')}`);
  return cells.join(' | ');
}

const withRules = (overrides: Partial<LineRules> | undefined): LineRules => (overrides === undefined ? DEFAULT_LINE_RULES : { ...DEFAULT_LINE_RULES, ...overrides });

describe('hand-made timelines (fixtures/lines/hand-made-timelines.ts)', () => {
  it.each(TIMELINES.map((c) => [`${c.rule}: ${c.name}`, c] as const))('%s', (_, c) => {
    const lines = deriveLinesOfTherapy(parseExposures(c.exposures), withRules(c.rules), c.anchors);
    expect(lines.map(describeLine)).toEqual(rows(c.expected).map((cells) => cells.join(' | ')));
  });

  it('cover every rule of docs/lines-of-therapy.md', () => {
    const covered = new Set(TIMELINES.flatMap((c) => c.rule.split('; ').map((r) => r.replace(/ \(configured\)$/, ''))));
    for (const rule of [
      'regimen window',
      'new drug after the window',
      'substitutions',
      'gap',
      'oral targeted gap',
      'ALK/ROS1: dose change and interruption',
      'ALK/ROS1: switch of TKI',
      'ALK/ROS1: re-challenge',
      'continuation maintenance',
      'switch maintenance',
      'progression',
      'depot coverage',
      'background drugs',
      'advanced-disease anchor',
      'end reasons',
      'records',
      'input order',
    ]) {
      expect(covered, rule).toContain(rule);
    }
  });
});

describe('line contents', () => {
  const day40 = TIMELINES.find((c) => c.name.startsWith('bevacizumab added on day 40'))!;

  it('classes of the regimen drugs, in DRUG_CLASSES order', () => {
    const lines = deriveLinesOfTherapy(parseExposures(day40.exposures));
    expect(lines.map((l) => l.drugClasses)).toEqual([['chemotherapy'], ['chemotherapy', 'antiangiogenic']]);
  });

  it('exposures are indexes into the input, each in its line; background exposures join the open line only', () => {
    const events = parseExposures(day40.exposures);
    const lines = deriveLinesOfTherapy(events);
    // Rows: 8 carboplatin/pemetrexed cycles (days 0, 0, 21, 21, 42, 42, 63, 63), then bevacizumab on days 40 and 61.
    expect(lines.map((l) => [...l.exposures].sort((a, b) => a - b))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7, 8, 9],
    ]);
    const background = TIMELINES.find((c) => c.rule === 'background drugs (configured)')!;
    const [line] = deriveLinesOfTherapy(parseExposures(background.exposures), withRules(background.rules));
    expect(line?.exposures).toEqual([2, 3, 4]); // the two leuprorelin injections before docetaxel belong to no line
  });
});

describe('errors', () => {
  const ok: DrugExposureEvent = { drug: 'carboplatin', start: 19000, end: 19000, drugClass: 'chemotherapy' };

  it('an exposure ending before it starts is invalid input, located, without its dates in the message', () => {
    const bad = { ...ok, start: 19010, end: 19003 };
    const error = catchError(() => deriveLinesOfTherapy([ok, bad]));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_input', details: { path: 'events[1]', field: 'end' } });
    expect((error as AppError).message).not.toMatch(/19010|19003|carboplatin/);
  });

  it('non-integer days and unknown classes are refused', () => {
    expect(catchError(() => deriveLinesOfTherapy([{ ...ok, start: 1.5 }]))).toMatchObject({ code: 'invalid_input', details: { field: 'start' } });
    expect(catchError(() => deriveLinesOfTherapy([{ ...ok, drugClass: 'supportive' as never }]))).toMatchObject({ code: 'invalid_input', details: { field: 'drugClass' } });
    expect(catchError(() => deriveLinesOfTherapy([ok], DEFAULT_LINE_RULES, { deathDate: Number.NaN }))).toMatchObject({ code: 'invalid_input', details: { field: 'deathDate' } });
  });

  it('invalid rules are refused with the setting named, even without exposures', () => {
    expect(catchError(() => deriveLinesOfTherapy([], withRules({ maxGapDays: -1 })))).toMatchObject({ code: 'invalid_argument', details: { field: 'maxGapDays' } });
    expect(catchError(() => deriveLinesOfTherapy([], withRules({ substitutions: [['cisplatin']] })))).toMatchObject({ code: 'invalid_argument', details: { field: 'substitutions' } });
    expect(catchError(() => deriveLinesOfTherapy([], withRules({ substitutions: [['a', 'b'], ['b', 'c']] })))).toMatchObject({ code: 'invalid_argument', details: { path: 'substitutions[1]' } });
    expect(catchError(() => deriveLinesOfTherapy([], withRules({ depotCoverageDays: { leuprorelin: 0 } })))).toMatchObject({ code: 'invalid_argument', details: { field: 'depotCoverageDays' } });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
