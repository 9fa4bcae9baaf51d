import type { WarehouseTableName } from '@parcours/core';
import { departmentOfPostcode, type Pseudonymizer } from '@parcours/pseudo';
import type { AppendValue } from '@parcours/store';
import type { ColumnPlan } from './cdm-column-plan.js';

/** Rewrites, in place, the columns of a row that identify someone (patient or professional). */
export type RowScrubber = (row: AppendValue[]) => void;

/**
 * What each table's direct identifiers become (the person's own are handled with its keys, see ingest-omop.ts):
 * - location: street, city, postcode, free-text source value and coordinates removed; a French postcode becomes
 *   its département in `county`; elsewhere only the state (US) and country are kept.
 * - provider: name, NPI and DEA numbers removed; the source id becomes a keyed pseudonym (same provider, same value).
 * - device_exposure: the UDI and its production identifier (serial and lot numbers of an implant) → pseudonyms.
 * - specimen: the source system's specimen id → pseudonym; payer_plan_period: the family id → pseudonym (links
 *   relatives without naming them).
 * - image_occurrence: DICOM UIDs → `2.25.` pseudonym UIDs; WADO-RS URI and local path (they embed UIDs) removed.
 * Notes are de-identified separately (their text needs the patient's date shift).
 */
export function directIdentifierScrubber(table: WarehouseTableName, plan: ColumnPlan, pseudonymizer: Pseudonymizer): RowScrubber | undefined {
  const at = (column: string): number => plan.indexOf(column);
  const pseudonym = (column: string, prefix: string, domain: 'record' | 'specimen' = 'record'): RowScrubber => {
    const i = at(column);
    return (row) => {
      const v = row[i];
      if (typeof v === 'string') row[i] = pseudonymizer.pseudonym(domain, `${prefix}|${v}`);
    };
  };
  const remove = (...columns: string[]): RowScrubber => {
    const indexes = columns.map(at);
    return (row) => {
      for (const i of indexes) row[i] = null;
    };
  };
  const all = (...scrubbers: RowScrubber[]): RowScrubber => (row) => {
    for (const s of scrubbers) s(row);
  };
  switch (table) {
    case 'location':
      return all(locationToDepartment(plan), remove('address_1', 'address_2', 'city', 'zip', 'location_source_value', 'latitude', 'longitude'));
    case 'provider':
      return all(remove('provider_name', 'npi', 'dea'), pseudonym('provider_source_value', 'provider'));
    case 'device_exposure':
      return all(pseudonym('unique_device_id', 'udi'), pseudonym('production_id', 'udi-pi'));
    case 'specimen':
      return pseudonym('specimen_source_id', 'omop', 'specimen');
    case 'payer_plan_period':
      return pseudonym('family_source_value', 'family');
    case 'image_occurrence': {
      const uids = [at('image_study_uid'), at('image_series_uid')];
      return all((row) => {
        for (const i of uids) if (typeof row[i] === 'string') row[i] = pseudonymizer.dicomUid(row[i]);
      }, remove('wadors_uri', 'local_path'));
    }
    default:
      return undefined;
  }
}

const FRANCE = /^(fr|fra|france|250)$/i;
const ELSEWHERE = /^(?!fr$|fra$|france$|250$).+/i;
const DEPARTMENT = /^(\d{2}|2[ab]|97\d|98\d)$/i;

/**
 * `county` ← the département of a French postcode (69008 → 69); for an address outside France (a country other
 * than France, or a US-style state) the county is removed too, leaving state and country.
 */
function locationToDepartment(plan: ColumnPlan): RowScrubber {
  const zip = plan.indexOf('zip');
  const county = plan.indexOf('county');
  const state = plan.indexOf('state');
  const country = plan.indexOf('country_source_value');
  return (row) => {
    const countryText = typeof row[country] === 'string' ? row[country] : '';
    const abroad = ELSEWHERE.test(countryText) || (!FRANCE.test(countryText) && typeof row[state] === 'string' && /^[A-Za-z]{2}$/.test(row[state]));
    if (abroad) {
      row[county] = null;
      return;
    }
    const fromZip = typeof row[zip] === 'string' ? departmentOfPostcode(row[zip]) : undefined;
    const given = typeof row[county] === 'string' && DEPARTMENT.test(row[county]) ? row[county].toUpperCase() : undefined;
    row[county] = fromZip ?? given ?? null;
  };
}
