import { it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { analyzeSurvival } from '../src/index.js';
import { caseInput, compareReport, parseCsv, stats } from './reference-cases.js';
it('x', () => {
  const root = '/tmp/rcases';
  let bad = 0;
  for (const name of readdirSync(root).sort()) {
    const dir = `${root}/${name}`;
    const spec = JSON.parse(readFileSync(`${dir}/case.json`, 'utf8'));
    const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8'));
    stats.maxRel = 0;
    let r;
    try { r = JSON.parse(JSON.stringify(analyzeSurvival(caseInput(spec, parseCsv(readFileSync(`${dir}/data.csv`, 'utf8')))))); }
    catch (e) { console.log('CASE', name, 'THROW', String(e)); bad++; continue; }
    const mm = compareReport(expected, r);
    if (mm.length) { bad++; console.log('CASE', name, JSON.stringify(spec), mm.length, JSON.stringify(mm.slice(0, 4))); if (name === 'c005') console.log('CASE', JSON.stringify(r.cox.terms), JSON.stringify(expected.cox.terms)); }
  }
  console.log('CASE bad', bad);
});
