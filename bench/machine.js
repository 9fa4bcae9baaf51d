// Facts about the machine a benchmark ran on, printed above every results table.
import os from 'node:os';
import { execFileSync } from 'node:child_process';

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
