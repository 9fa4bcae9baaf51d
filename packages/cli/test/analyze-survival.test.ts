/**
 * `parcours analyze survival` in-process: every reference case through `--spec` must print R's expected.json (to the
 * reference tolerance), and bad input must fail with a located `AppError` whose message names the column and line.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '@parcours/core';
import { analyzeCommand } from '../src/analyze/analyze-survival-command.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceDir = path.resolve(repoRoot, '../shared/reference/survival');
const cases = readdirSync(referenceDir).filter((d) => statSync(path.join(referenceDir, d)).isDirectory()).sort();

async function run(args: string[]): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const cmd = analyzeCommand({ stdout });
  cmd.exitOverride();
  await cmd.parseAsync(['survival', ...args], { from: 'user' });
  return out;
}

/** 1e-6 relative, 1e-9 absolute, logs below 1e-300; same keys (R's version metadata aside). */
function mismatches(expected: unknown, actual: unknown, p = '$', out: string[] = []): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tiny = Math.abs(expected) < 1e-300 && actual > 0 && expected > 0;
    const ok = tiny
      ? Math.abs(Math.log(expected) - Math.log(actual)) <= 1e-6 * Math.abs(Math.log(expected))
      : Math.abs(expected - actual) <= Math.max(1e-9, 1e-6 * Math.abs(expected));
    if (!ok) out.push(`${p}: ${expected} vs ${actual}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) out.push(`${p}: length`);
    else expected.forEach((e, i) => mismatches(e, actual[i], `${p}[${i}]`, out));
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') out.push(`${p}: not an object`);
    else {
      const e = expected as Record<string, unknown>;
      const a = actual as Record<string, unknown>;
      for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) {
        if (p === '$' && (k === 'r_version' || k === 'survival_version')) continue;
        if (!(k in a) || !(k in e)) out.push(`${p}.${k}: key`);
        else mismatches(e[k], a[k], `${p}.${k}`, out);
      }
    }
  } else if (expected !== actual) out.push(`${p}: ${String(expected)} vs ${String(actual)}`);
  return out;
}

describe('parcours analyze survival --spec (reference cases)', () => {
  for (const name of cases) {
    it(`${name} prints R's expected.json`, async () => {
      const dir = path.join(referenceDir, name);
      const json = await run([path.join(dir, 'data.csv'), '--spec', path.join(dir, 'case.json'), '--json']);
      const expected: unknown = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
      expect(mismatches(expected, JSON.parse(json)).slice(0, 10)).toEqual([]);
    });
  }

  it('prints readable tables and writes an SVG plot', async () => {
    const dir = path.join(referenceDir, cases[0]!);
    const svg = path.join(mkdtempSync(path.join(tmpdir(), 'parcours-km-')), 'km.svg');
    const text = await run([path.join(dir, 'data.csv'), '--spec', path.join(dir, 'case.json'), '--plot', svg]);
    expect(text).toMatch(/Kaplan–Meier/);
    expect(text).toMatch(/Log-rank test/);
    expect(text).toMatch(/Concordance/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
  });

  it('explicit options override the spec', async () => {
    const dir = path.join(referenceDir, cases[0]!);
    const json = JSON.parse(await run([path.join(dir, 'data.csv'), '--spec', path.join(dir, 'case.json'), '--conf-type', 'plain', '--json'])) as {
      km: { conf_type: string };
    };
    expect(json.km.conf_type).toBe('plain');
  });
});

describe('parcours analyze survival: bad input', () => {
  const write = (text: string): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parcours-csv-')), 'data.csv');
    writeFileSync(file, text);
    return file;
  };
  const failure = async (args: string[]): Promise<AppError> => {
    try {
      await run(args);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('expected an AppError');
  };

  it('missing column: names the column and the header line', async () => {
    const file = write('time,status\n5,1\n6,0\n');
    const e = await failure([file, '--time', 'futime', '--event', 'status']);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/futime/);
    expect(e.message).toMatch(/line 1/);
    expect(e.details).toMatchObject({ file, line: 1, column: 'futime' });
  });

  it('negative time: names the column and line, not the value', async () => {
    const file = write('time,status\n5,1\n-3,0\n7,1\n');
    const e = await failure([file, '--time', 'time', '--event', 'status']);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/"time"/);
    expect(e.message).toMatch(/line 3/);
    expect(e.message).not.toMatch(/-3/);
    expect(e.details).toMatchObject({ line: 3, column: 'time' });
  });

  it('non-numeric time: names the column and line, not the value', async () => {
    const file = write('time,status\n5,1\n6,1\nabc,0\n');
    const e = await failure([file, '--time', 'time', '--event', 'status']);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/"time"/);
    expect(e.message).toMatch(/line 4/);
    expect(e.message).not.toMatch(/abc/);
  });

  it('no events: names the event column', async () => {
    const file = write('time,status\n5,0\n6,0\n');
    const e = await failure([file, '--time', 'time', '--event', 'status=1']);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/"status"/);
    expect(e.details).toMatchObject({ column: 'status', line: 1 });
  });

  it('unknown event coding: names the column and line', async () => {
    const file = write('time,status\n5,0\n6,1\n7,3\n');
    const e = await failure([file, '--time', 'time', '--event', 'status']);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/"status"/);
    expect(e.message).toMatch(/line 4/);
  });

  it('unterminated quote: located by line', async () => {
    const file = write('time,status,arm\n5,1,"a\n6,0,b\n');
    const e = await failure([file, '--time', 'time', '--event', 'status']);
    expect(e.code).toBe('invalid_input');
    expect(e.details).toMatchObject({ line: 2 });
  });
});
