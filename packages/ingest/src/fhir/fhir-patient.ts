const NO_DAY_MIN = 2 ** 31 - 1;
const NO_DAY_MAX = -(2 ** 31);

/**
 * What the load knows about one patient: their person_id, their date-shift offset, whether they are excluded
 * (opposition), the span of the dates loaded for them (their observation period), and — only while notes may still
 * come — the identifiers that de-identification needs to find them in free text. Identifiers live in memory only,
 * for the duration of the load; nothing here is written as such.
 */
export class FhirPatient {
  readonly personId: number;
  /** Days added to every date of the patient's records (0 without date shifting). */
  readonly offset: number;
  readonly excluded: boolean;
  /** Whether this load writes the person row (false: the person was already in the warehouse). */
  readonly isNew: boolean;
  minDay = NO_DAY_MIN;
  maxDay = NO_DAY_MAX;
  /** The first disease episode written for the patient in this load (parent of progressions without a focus). */
  firstEpisode: DiseaseEpisode | undefined;
  /** Identifiers for note de-identification; undefined when the load has no notes to de-identify. */
  identifiers: MutablePatientIdentifiers | undefined;

  constructor(personId: number, offset: number, options: { readonly excluded?: boolean; readonly isNew: boolean; readonly collectIdentifiers: boolean }) {
    this.personId = personId;
    this.offset = offset;
    this.excluded = options.excluded === true;
    this.isNew = options.isNew;
    this.identifiers = options.collectIdentifiers ? {} : undefined;
  }

  /** Widen the observation period to a (shifted) day. */
  see(day: number): void {
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
  }

  get hasDates(): boolean {
    return this.minDay <= this.maxDay;
  }

  /**
   * Remember an identifier value (IPP, NIR, NDA, accession number…) so that notes can be cleaned of it. The record
   * is replaced, not mutated: the de-identifier caches its preparation per record object, and a grown record must
   * not be served from the cache of the smaller one.
   */
  addIdentifier(value: string | undefined): void {
    if (this.identifiers === undefined || value === undefined || value.length < 2) return;
    this.identifiers = { ...this.identifiers, identifiers: [...(this.identifiers.identifiers ?? []), value] };
  }
}

export interface DiseaseEpisode {
  readonly episodeId: number;
  readonly objectConceptId: number;
}

/** @parcours/pseudo's PatientIdentifiers, filled as the patient's resources are read. */
export interface MutablePatientIdentifiers {
  names?: string[];
  identifiers?: string[];
  phones?: string[];
  emails?: string[];
  addressLines?: string[];
  postcodes?: string[];
  cities?: string[];
  birthDate?: string;
}
