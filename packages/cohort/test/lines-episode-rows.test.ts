import { AppError, WELL_KNOWN_CONCEPTS, isoDateToDayNumber, tableSpec } from '@parcours/core';
import { describe, expect, it } from 'vitest';
import { DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID, type DrugExposureEvent, deriveLinesOfTherapy, lineEpisodeRows } from '../src/index.js';

const day = isoDateToDayNumber;
const events: DrugExposureEvent[] = [
  { id: 501, drug: 'carboplatin', start: day('2024-01-08'), end: day('2024-01-08'), drugClass: 'chemotherapy' },
  { id: 502, drug: 'pemetrexed', start: day('2024-01-08'), end: day('2024-01-08'), drugClass: 'chemotherapy' },
  { id: 503, drug: 'pemetrexed', start: day('2024-01-29'), end: day('2024-01-29'), drugClass: 'chemotherapy' },
  { id: 504, drug: 'docetaxel', start: day('2024-06-03'), end: day('2024-06-03'), drugClass: 'chemotherapy' },
];

describe('lineEpisodeRows (OMOP CDM v5.4 EPISODE / EPISODE_EVENT)', () => {
  const lines = deriveLinesOfTherapy(events);
  const { episodes, episodeEvents } = lineEpisodeRows(lines, events, { personId: 7, firstEpisodeId: 100, diseaseEpisodeId: 99 });

  it('one Treatment Regimen episode per line, keyed by the CDM column names', () => {
    const columns = tableSpec('episode')!.columns.map((c) => c.name);
    for (const row of episodes) expect(Object.keys(row).sort()).toEqual([...columns].sort());
    expect(episodes).toEqual([
      {
        episode_id: 100,
        person_id: 7,
        episode_concept_id: WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen,
        episode_start_date: '2024-01-08',
        episode_start_datetime: null,
        episode_end_date: '2024-01-29',
        episode_end_datetime: null,
        episode_parent_id: 99,
        episode_number: 1,
        episode_object_concept_id: 0,
        episode_type_concept_id: WELL_KNOWN_CONCEPTS.EPISODE_TYPE.algorithmicallyDerivedFromEhr,
        episode_source_value: 'carboplatin + pemetrexed',
        episode_source_concept_id: 0,
      },
      expect.objectContaining({ episode_id: 101, episode_number: 2, episode_start_date: '2024-06-03', episode_source_value: 'docetaxel' }),
    ]);
    expect(episodes[0]!.episode_concept_id).toBe(32531);
    expect(episodes[0]!.episode_type_concept_id).toBe(32545);
  });

  it('one EPISODE_EVENT per drug exposure, pointing at drug_exposure.drug_exposure_id', () => {
    const columns = tableSpec('episode_event')!.columns.map((c) => c.name);
    expect(Object.keys(episodeEvents[0]!).sort()).toEqual([...columns].sort());
    expect(DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID).toBe(1147094);
    expect(episodeEvents.map((e) => [e.episode_id, e.event_id, e.episode_event_field_concept_id])).toEqual([
      [100, 501, 1147094],
      [100, 502, 1147094],
      [100, 503, 1147094],
      [101, 504, 1147094],
    ]);
  });

  it('a regimen concept when the caller has one; no parent when no disease episode is written', () => {
    const rows = lineEpisodeRows(lines, events, { personId: 7, firstEpisodeId: 1, regimenConceptId: (l) => (l.regimen === 'docetaxel' ? 2_000_000_001 : 0) });
    expect(rows.episodes.map((e) => [e.episode_object_concept_id, e.episode_parent_id])).toEqual([
      [0, null],
      [2_000_000_001, null],
    ]);
  });

  it('episode_source_value fits varchar(50)', () => {
    const long = ['cyclophosphamide', 'doxorubicin', 'etoposide', 'vincristine'].map((drug, k) => ({ id: k + 1, drug, start: 0, end: 0, drugClass: 'chemotherapy' as const }));
    const [episode] = lineEpisodeRows(deriveLinesOfTherapy(long), long, { personId: 1, firstEpisodeId: 1 }).episodes;
    expect(episode!.episode_source_value).toHaveLength(50);
    expect(episode!.episode_source_value.startsWith('cyclophosphamide + doxorubicin + etoposide + vinc')).toBe(true);
  });

  it('an exposure without drug_exposure_id cannot be linked', () => {
    const noIds = events.map(({ id: _, ...e }) => e);
    expect(() => lineEpisodeRows(deriveLinesOfTherapy(noIds), noIds, { personId: 7, firstEpisodeId: 1 })).toThrow(AppError);
  });
});
