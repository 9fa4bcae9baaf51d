// Facts about the machine a benchmark ran on, printed above every results table.
import os from 'node:os';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function machineFacts() {
  const cpus = os.cpus();
  const facts = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
  try {
    facts.postgres = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    facts.postgres = 'not found';
  }
  return facts;
}

export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const cli = new URL('../packages/cli/bin/parcours.js', import.meta.url);

/**
 * Run `parcours ARGS` in its own process, timed from start to exit; peak resident memory (VmHWM) is sampled from
 * /proc while it runs. Resolves to `{ seconds, peak, stdout }`; rejects on a non-zero exit.
 */
export function runParcours(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [fileURLToPath(cli), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      } catch {
        // the process has ended
      }
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`parcours ${args.join(' ')} exited with ${code}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peak, stdout });
    });
  });
}

/**
 * The synthetic DuckDB warehouse a benchmark runs on: `given` (a path to an existing one), or a new one in `dir`
 * made by `parcours init` + `parcours synth --patients N --seed S`. Resolves to `{ url, patients, note }`, the note
 * saying where the warehouse came from for the results' footnotes.
 */
export async function syntheticWarehouse({ given, dir, patients, seed, log }) {
  if (given !== undefined) {
    const { countRows, openWarehouse } = await import('../packages/store/dist/index.js');
    const url = `duckdb:${given}`;
    const wh = await openWarehouse(url);
    const n = await countRows(wh, 'person');
    await wh.close();
    return { url, patients: n, note: `Warehouse given (${n.toLocaleString('en')} patients).` };
  }
  const url = `duckdb:${path.join(dir, 'synth.duckdb')}`;
  log(`synth: ${patients.toLocaleString('en')} patients into DuckDB`);
  await runParcours(['init', '--warehouse', url]);
  const s = await runParcours(['synth', '--patients', String(patients), '--seed', String(seed), '--to', url, '--json']);
  return { url, patients, note: `Warehouse: \`parcours synth --patients ${patients} --seed ${seed}\` into DuckDB, ${s.seconds.toFixed(0)} s (not part of the targets).` };
}
