// `npm run bench [-- NAME...]`: runs each benchmark (bench/<name>.js exporting `run({ log })` that resolves to
// `{ title, header, rows, notes? }`) on the built packages and writes its table to bench/results/<name>.md.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineFacts, markdownTable } from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const requested = process.argv.slice(2);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.js') && !['run.js', 'machine.js'].includes(f))
  .map((f) => f.slice(0, -3))
  .sort();
const names = requested.length > 0 ? requested : available;
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(1);
}
/** Rows may be arrays under `header`, or objects whose keys are the header. */
function tableOf(result) {
  if (result.header) return [result.header, result.rows];
  const header = Object.keys(result.rows[0] ?? {});
  return [header, result.rows.map((row) => header.map((key) => row[key]))];
}

mkdirSync(path.join(here, 'results'), { recursive: true });
const facts = machineFacts();
for (const name of names) {
  const log = (message) => console.error(`[${name}] ${message}`);
  log('running');
  const { run } = await import(pathToFileURL(path.join(here, `${name}.js`)).href);
  const result = await run({ log });
  const text = [
    `# ${result.title}`,
    '',
    `Run \`npm run bench -- ${name}\`. Machine: ${Object.entries(facts).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
    '',
    markdownTable(...tableOf(result)),
    '',
    ...(result.notes ?? []).map((n) => `- ${n}`),
    '',
  ].join('\n');
  writeFileSync(path.join(here, 'results', `${name}.md`), text);
  console.log(text);
}
