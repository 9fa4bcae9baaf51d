// A score as a small table, for the tests' output and the README.
import { IDENTIFIER_TYPES, type DeidScore } from '../src/index.js';

const pct = (x: number): string => (Number.isNaN(x) ? '—' : `${(100 * x).toFixed(1)} %`);

export function scoreTable(title: string, score: DeidScore): string {
  const rows = IDENTIFIER_TYPES.filter((t) => score.byType[t].trueCount + score.byType[t].detectedCount > 0).map((t) => {
    const s = score.byType[t];
    return `${t.padEnd(13)} ${String(s.trueCount).padStart(6)} ${pct(s.recall).padStart(8)} ${String(s.detectedCount).padStart(6)} ${pct(s.precision).padStart(8)}`;
  });
  const o = score.overall;
  return [title, `${'type'.padEnd(13)} ${'true'.padStart(6)} ${'recall'.padStart(8)} ${'found'.padStart(6)} ${'precis.'.padStart(8)}`, ...rows, `${'overall'.padEnd(13)} ${String(o.trueCount).padStart(6)} ${pct(o.recall).padStart(8)} ${String(o.detectedCount).padStart(6)} ${pct(o.precision).padStart(8)}`].join('\n');
}
