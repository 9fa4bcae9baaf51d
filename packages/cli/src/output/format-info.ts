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
    `Vocabulary     ${formatVocabularies(info.vocabularies)}`,
    '',
  ];
  if (info.tables.length === 0) {
    lines.push('No OMOP tables here yet: run `parcours init` to create them.');
    return lines.join('\n');
  }
  const rows = info.tables.map((t) => [t.table, t.group, formatCount(t.rows)] as const);
  const total = info.tables.reduce((s, t) => s + t.rows, 0);
  lines.push(textTable(['table', 'group', 'rows'], rows));
  lines.push(`${info.tables.length} tables, ${formatCount(total)} rows`);
  return lines.join('\n');
}

/** 'release X: ATC 2024, ICD10 2019, …' — the "None" row holds the release of the whole vocabulary (OMOP convention). */
function formatVocabularies(vocabularies: WarehouseInfo['vocabularies']): string {
  if (vocabularies.length === 0) return '(none: run `parcours init` or `parcours vocab load`)';
  const release = vocabularies.find((v) => v.vocabulary_id === 'None')?.vocabulary_version;
  const versioned = vocabularies.filter((v) => v.vocabulary_id !== 'None' && v.vocabulary_version);
  const parts = versioned.map((v) => `${v.vocabulary_id} ${String(v.vocabulary_version)}`);
  return `${release ? `release ${release}; ` : ''}${vocabularies.length} vocabularies${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
