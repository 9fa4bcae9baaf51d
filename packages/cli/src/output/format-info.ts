import type { WarehouseInfo } from '@parcours/store';
import { formatBytes, formatCount, textTable } from './text-table.js';

/** The human form of `parcours info`. */
export function formatInfo(info: WarehouseInfo): string {
  const source = info.cdmSource;
  const lines = [
    `Warehouse      ${info.url}`,
    `Engine         ${info.engine}, ${formatBytes(info.sizeBytes)}, schema version ${info.schemaVersion}`,
    source
      ? `CDM source     ${String(source['cdm_source_name'])} (${String(source['cdm_source_abbreviation'])}), OMOP CDM ${String(source['cdm_version'])}, released ${String(source['cdm_release_date'])}`
      : 'CDM source     (none: run `parcours init`)',
    `Vocabularies   ${info.vocabularies.length === 0 ? '(none)' : info.vocabularies.map((v) => (v.vocabulary_version ? `${v.vocabulary_id} ${v.vocabulary_version}` : v.vocabulary_id)).join('; ')}`,
    '',
  ];
  const rows = info.tables.map((t) => [t.table, t.group, formatCount(t.rows)] as const);
  const total = info.tables.reduce((s, t) => s + t.rows, 0);
  lines.push(textTable(['table', 'group', 'rows'], rows));
  lines.push(`${info.tables.length} tables, ${formatCount(total)} rows`);
  return lines.join('\n');
}
