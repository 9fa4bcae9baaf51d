// Notes are written line by line with the `t.line` tagged template (NoteText), whose calls are statements.
/* eslint-disable @typescript-eslint/no-unused-expressions */
import type { BiomarkerResult, ClinicalNote, ImagingExam, PrimaryCancer, SiteProfile, SyntheticPatient } from '../model/synthetic-patient.js';
import { LAST_NAMES } from '../model/data/last-names.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from '../model/data/first-names.js';
import { addDays, ageOn } from '../random/iso-date.js';
import type { Rng } from '../random/rng.js';
import { anyFrenchDate, frenchDate } from './french-dates.js';
import { hospitalLetterhead } from './hospital-letterhead.js';
import { id, NoteText, type Identifier } from './note-text.js';

/** At most this many notes of each kind per patient, so that note volume stays proportional to patients. */
const MAX_PER_KIND = { pathology: 2, molecular: 2, imaging: 3 } as const;

interface Doctor {
  readonly firstName: string;
  readonly lastName: string;
  readonly specialty: string;
}

const upper = (s: string): string => s.toLocaleUpperCase('fr-FR');

/** The NIR as people write it: '2 58 03 75 123 456 78' or compact. */
function formatNir(nir: string, random: Rng): string {
  const c = nir.replace(/\s+/g, '');
  if (random.bernoulli(0.3)) return c;
  return `${c.slice(0, 1)} ${c.slice(1, 3)} ${c.slice(3, 5)} ${c.slice(5, 7)} ${c.slice(7, 10)} ${c.slice(10, 13)} ${c.slice(13)}`;
}

/** A phone number as given, compact or with dots. */
function formatPhone(phone: string, random: Rng): string {
  const digits = phone.replace(/\D/g, '');
  const u = random.uniform();
  return u < 0.6 ? phone : u < 0.8 ? digits : digits.replace(/(\d{2})(?=\d)/g, '$1.');
}

/** Everything a note of one patient needs, drawn once. */
class NoteContext {
  readonly patient: SyntheticPatient;
  readonly random: Rng;
  readonly site: SiteProfile;
  readonly doctors: readonly Doctor[];
  readonly gp: Doctor;
  private sequence = 0;

  constructor(patient: SyntheticPatient, random: Rng, site: SiteProfile) {
    this.patient = patient;
    this.random = random;
    this.site = site;
    this.doctors = patient.doctors.length > 0 ? patient.doctors : [this.inventDoctor('oncologie médicale')];
    this.gp = this.inventDoctor('médecine générale');
  }

  private inventDoctor(specialty: string): Doctor {
    const female = this.random.bernoulli(0.5);
    return { firstName: this.random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES), lastName: this.random.pick(LAST_NAMES), specialty };
  }

  nextId(): string {
    return `${this.patient.site}-${this.patient.ipp}-note-${++this.sequence}`;
  }

  /**
   * The doctor of a specialty when the record has one (matched loosely); otherwise a clinician for letters (not the
   * radiologist or pathologist), or any treating doctor.
   */
  doctor(specialty: RegExp): Doctor {
    return this.doctors.find((d) => specialty.test(d.specialty)) ?? this.doctors.find((d) => !/radio|imag|patho|biol/i.test(d.specialty)) ?? this.random.pick(this.doctors);
  }

  /** 'Dr Martin', 'Docteur Jean MARTIN', 'Dr J. Martin', 'Pr Martin': the name part is the span. */
  doctorName(d: Doctor): (string | Identifier)[] {
    const u = this.random.uniform();
    if (u < 0.4) return ['Dr ', id('DOCTOR_NAME', d.lastName)];
    if (u < 0.65) return ['Docteur ', id('DOCTOR_NAME', `${d.firstName} ${upper(d.lastName)}`)];
    if (u < 0.9) return ['Dr ', id('DOCTOR_NAME', `${d.firstName.slice(0, 1)}. ${d.lastName}`)];
    return ['Pr ', id('DOCTOR_NAME', d.lastName)];
  }

  date(iso: string): Identifier {
    return id('DATE', anyFrenchDate(iso, this.random));
  }

  title(short: boolean): string {
    const f = this.patient.identity.sex === 'F';
    return short ? (f ? 'Mme' : 'M.') : f ? 'Madame' : 'Monsieur';
  }

  /** The patient's name in one of the ways notes write it. */
  patientName(): Identifier {
    const { firstName, lastName } = this.patient.identity;
    const u = this.random.uniform();
    return id('PATIENT_NAME', u < 0.4 ? `${firstName} ${upper(lastName)}` : u < 0.7 ? `${upper(lastName)} ${firstName}` : u < 0.9 ? lastName : `${firstName} ${lastName}`);
  }

  /** The letterhead, place and date, and the identity block that opens every French hospital document. */
  header(t: NoteText, service: string, date: string, nda: string | null): void {
    const h = hospitalLetterhead(this.site);
    const who = this.patient.identity;
    t.line`${id('HOSPITAL', h.name)}`;
    t.line`${service}`;
    t.line`${id('ADDRESS', h.street)} - ${id('POSTCODE', h.postcode)} ${id('CITY', h.city)}`;
    t.line`Tél. secrétariat : ${id('PHONE', h.phone)} - ${id('URL', h.website)}`;
    t.blank();
    t.line`${id('CITY', h.city)}, le ${id('DATE', frenchDate(date, this.random.bernoulli(0.5) ? 'long' : 'numeric'))}`;
    t.blank();
    const born = who.sex === 'F' ? 'née' : 'né';
    if (who.birthName !== undefined && who.birthName !== who.lastName) {
      t.line`Patient : ${this.title(false)} ${id('PATIENT_NAME', `${who.firstName} ${upper(who.lastName)}`)}, ${born} ${id('PATIENT_NAME', upper(who.birthName))} le ${id('BIRTH_DATE', frenchDate(who.birthDate, 'numeric'))}`;
    } else {
      t.line`Patient : ${this.title(false)} ${id('PATIENT_NAME', `${upper(who.lastName)} ${who.firstName}`)}, ${born} le ${id('BIRTH_DATE', frenchDate(who.birthDate, 'numeric'))}`;
    }
    if (nda !== null && this.random.bernoulli(0.7)) t.line`IPP : ${id('IPP', this.patient.ipp)} - N° de séjour : ${id('NDA', nda)}`;
    else t.line`IPP ${id('IPP', this.patient.ipp)}`;
    if (this.random.bernoulli(0.6)) t.line`NIR : ${id('NIR', formatNir(who.nir, this.random))}`;
    if (this.random.bernoulli(0.7)) t.line`Adresse : ${id('ADDRESS', who.address.line)}, ${id('POSTCODE', who.address.postcode)} ${id('CITY', who.address.city)}`;
    if (this.random.bernoulli(0.6)) {
      t.add('Tél. ', id('PHONE', formatPhone(who.phone, this.random)));
      if (this.random.bernoulli(0.5)) t.add(' - Courriel : ', id('EMAIL', who.email));
      t.add('\n');
    }
    t.blank();
  }

  signature(t: NoteText, d: Doctor): void {
    t.blank();
    t.add(...this.doctorName(d), `\n${d.specialty}\n`);
  }

  note(kind: ClinicalNote['kind'], title: string, date: string, t: NoteText): ClinicalNote {
    return { id: this.nextId(), date, kind, title, language: 'fr', text: t.text, spans: t.spans };
  }
}

function tnmText(c: PrimaryCancer): string {
  const tnm = c.tnm === null ? '' : `c${c.tnm.t} ${c.tnm.n} ${c.tnm.m}`;
  const stage = c.stageGroup === null ? '' : `stade ${c.stageGroup}`;
  return [tnm, stage].filter((s) => s !== '').join(', ') || 'stade non précisé';
}

function biomarkerText(b: BiomarkerResult): string {
  const what =
    b.alteration === 'fusion'
      ? `fusion ${b.partner === undefined ? b.gene : `${b.partner}::${b.gene}`}`
      : b.alteration === 'mutation'
        ? `mutation ${b.gene}${b.variant === undefined ? '' : ` ${b.variant}`}`
        : b.alteration === 'amplification'
          ? `amplification ${b.gene}`
          : `${b.gene}${b.value === undefined ? '' : ` ${b.value} ${b.unit ?? ''}`.trimEnd()}`;
  const result = { positive: 'positif', negative: 'négatif', equivocal: 'équivoque', failed: 'non contributif' }[b.result];
  return `${what} (${b.method}) : ${result}`;
}

function regimenAfter(p: SyntheticPatient, date: string): string | undefined {
  return p.truth.lines.find((l) => l.start >= date)?.regimen;
}

function ecogOn(p: SyntheticPatient, date: string): number | undefined {
  let value: number | undefined;
  for (const e of p.ecog) if (e.date <= date) value = e.value;
  return value ?? p.ecog[0]?.value;
}

const SMOKING_FR = { never: 'non-fumeuse', former: 'ancienne fumeuse', current: 'fumeuse active', unknown: 'tabagisme non renseigné' } as const;

function smokingText(p: SyntheticPatient): string {
  const s = SMOKING_FR[p.smoking];
  return p.identity.sex === 'M' ? s.replace('fumeuse', 'fumeur') : s;
}

function consultation(ctx: NoteContext, cancer: PrimaryCancer, date: string, followUp: boolean): ClinicalNote {
  const p = ctx.patient;
  const t = new NoteText();
  const oncologist = ctx.doctor(/onco|pneumo|gyn|dermato|hémato|chir|pédiatr|urolog|ORL/i);
  const nda = p.stays.find((s) => s.start <= date && s.end >= date)?.nda ?? null;
  ctx.header(t, "Service d'oncologie médicale", date, nda);
  t.line`Objet : ${followUp ? 'consultation de suivi' : 'première consultation'} du ${ctx.date(date)}`;
  t.blank();
  t.add('Cher confrère ', ...ctx.doctorName(ctx.gp), ',\n\n');
  const age = ageOn(p.identity.birthDate, date);
  t.line`J'ai revu ce jour en consultation ${ctx.title(true)} ${ctx.patientName()}, âgé${p.identity.sex === 'F' ? 'e' : ''} de ${age} ans, ${smokingText(p)}.`;
  t.line`Antécédents : ${cancer.histology} (${cancer.icd10}, ${cancer.morphology}) diagnostiqué le ${ctx.date(cancer.diagnosisDate)}, ${tnmText(cancer)}.`;
  const mets = cancer.metastases.filter((m) => m.date <= date);
  if (mets.length > 0) t.add('Localisations secondaires : ', mets.map((m) => m.site).join(', '), '.\n');
  const ecog = ecogOn(p, date);
  if (ecog !== undefined) t.line`Sur le plan clinique, état général conservé, PS ECOG ${ecog}.`;
  const markers = p.biomarkers.filter((b) => b.date <= date);
  if (markers.length > 0) t.add('Biologie moléculaire : ', markers.map(biomarkerText).join(' ; '), '.\n');
  if (followUp) {
    const progression = p.progressions.find((x) => x.date <= date);
    if (progression !== undefined) t.line`L'imagerie du ${ctx.date(progression.date)} montre une progression de la maladie.`;
  }
  const regimen = regimenAfter(p, date);
  if (regimen !== undefined) t.line`Conduite à tenir : traitement par ${regimen}, après validation en RCP.`;
  else t.line`Conduite à tenir : surveillance clinique et radiologique.`;
  t.line`Prochain rendez-vous dans trois mois. Je ne manquerai pas de vous tenir au courant de son évolution.`;
  t.line`Bien confraternellement,`;
  ctx.signature(t, oncologist);
  return ctx.note('consultation', followUp ? 'Consultation de suivi' : "Consultation d'oncologie", date, t);
}

function mdtSummary(ctx: NoteContext, cancer: PrimaryCancer, date: string): ClinicalNote {
  const p = ctx.patient;
  const t = new NoteText();
  ctx.header(t, 'Réunion de concertation pluridisciplinaire (RCP) d’oncologie thoracique et générale', date, null);
  t.line`Fiche RCP du ${ctx.date(date)}`;
  const present = ctx.doctors.slice(0, 3);
  t.add('Médecins présents : ');
  present.forEach((d, i) => t.add(...(i > 0 ? [', '] : []), ...ctx.doctorName(d)));
  t.add('\n');
  t.line`Dossier présenté par ${ctx.title(true)} ${ctx.patientName()} - motif : décision thérapeutique initiale.`;
  t.line`Histologie : ${cancer.histology}, topographie ${cancer.topography}, morphologie ${cancer.morphology}.`;
  t.line`Bilan d'extension : ${tnmText(cancer)}.`;
  const markers = p.biomarkers.filter((b) => b.date <= date);
  t.add('Biomarqueurs : ', markers.length > 0 ? markers.map(biomarkerText).join(' ; ') : 'en attente', '.\n');
  const regimen = regimenAfter(p, date);
  t.line`Proposition de la RCP : ${regimen === undefined ? 'surveillance' : regimen}.`;
  t.line`${p.identity.sex === 'F' ? 'Patiente informée' : 'Patient informé'} de la proposition thérapeutique.`;
  return ctx.note('mdt-summary', 'Fiche RCP', date, t);
}

function pathologyReport(ctx: NoteContext, cancer: PrimaryCancer, specimen: SyntheticPatient['specimens'][number]): ClinicalNote {
  const t = new NoteText();
  const pathologist = ctx.doctor(/patho/i);
  const date = specimen.date;
  ctx.header(t, "Service d'anatomie et cytologie pathologiques", date, null);
  t.line`COMPTE RENDU ANATOMOPATHOLOGIQUE - prélèvement ${specimen.type === 'resection' ? 'opératoire' : 'biopsique'} reçu le ${ctx.date(date)}`;
  t.add('Médecin demandeur : ', ...ctx.doctorName(ctx.doctor(/onco|chir|pneumo/i)), '\n');
  t.line`Site : ${specimen.bodySite}.`;
  t.line`Examen macroscopique : fragments tissulaires fixés en formol, inclus en totalité.`;
  t.line`Examen microscopique : prolifération tumorale maligne compatible avec un ${cancer.histology}.`;
  t.line`Conclusion : ${cancer.histology} (code ADICAP/ICD-O-3 ${cancer.morphology}), ${cancer.tnm === null ? 'stade non évaluable sur ce prélèvement' : `p${cancer.tnm.t}`}.`;
  ctx.signature(t, pathologist);
  return ctx.note('pathology-report', 'Compte rendu anatomopathologique', date, t);
}

function molecularReport(ctx: NoteContext, date: string, markers: readonly BiomarkerResult[]): ClinicalNote {
  const t = new NoteText();
  ctx.header(t, 'Plateforme de génétique moléculaire des cancers', date, null);
  t.line`COMPTE RENDU DE BIOLOGIE MOLÉCULAIRE du ${ctx.date(date)}`;
  t.line`Technique : ${[...new Set(markers.map((m) => m.method))].join(', ')} ; panel tumoral ciblé.`;
  for (const m of markers) t.line`- ${biomarkerText(m)}`;
  const positive = markers.filter((m) => m.result === 'positive');
  t.line`Conclusion : ${positive.length > 0 ? `altération(s) d'intérêt thérapeutique : ${positive.map(biomarkerText).join(' ; ')}` : "absence d'altération ciblable détectée"}.`;
  ctx.signature(t, ctx.doctor(/patho|biol|gén/i));
  return ctx.note('molecular-report', 'Compte rendu de biologie moléculaire', date, t);
}

const MODALITY_FR: Readonly<Record<ImagingExam['modality'], string>> = {
  CT: 'Scanner (TDM)',
  MR: 'IRM',
  PT: 'TEP-TDM au 18F-FDG',
  MG: 'Mammographie',
  CR: 'Radiographie',
  US: 'Échographie',
};

function imagingReport(ctx: NoteContext, exam: ImagingExam): ClinicalNote {
  const p = ctx.patient;
  const t = new NoteText();
  ctx.header(t, "Service d'imagerie médicale", exam.date, exam.nda);
  t.line`${MODALITY_FR[exam.modality]} - ${exam.description} - examen du ${ctx.date(exam.date)}`;
  t.add('Demandeur : ', ...ctx.doctorName(ctx.doctor(/onco|pneumo/i)), '\n');
  t.line`Indication : bilan ${p.cancers[0]?.histology ?? 'oncologique'}.`;
  const progression = p.progressions.some((x) => x.date === exam.date || x.imagingStudyUid === exam.studyUid);
  const earlier = p.imaging.find((e) => e.date < exam.date);
  if (earlier !== undefined) t.line`Comparaison avec l'examen du ${ctx.date(earlier.date)}.`;
  t.line`Résultat : ${progression ? 'apparition de nouvelles lésions et augmentation des lésions cibles' : 'lésions connues, sans élément nouveau'} (${exam.bodySite}).`;
  t.line`Conclusion : ${progression ? 'progression de la maladie selon RECIST 1.1' : 'maladie stable'}.`;
  ctx.signature(t, ctx.doctor(/radio|imag/i));
  return ctx.note('imaging-report', `Compte rendu d'imagerie - ${MODALITY_FR[exam.modality]}`, exam.date, t);
}

/** The last day a note can carry: nothing is written after death or last contact. */
function lastDay(p: SyntheticPatient): string {
  return p.deathDate ?? p.lastContactDate;
}

/**
 * French clinical notes for a patient, as a hospital record holds them: consultation letters, multidisciplinary
 * meeting (RCP) summaries, pathology, molecular and imaging reports. They mention the patient's real identifiers
 * (name, birth date, NIR, IPP, stay number, address, phone, e-mail), the doctors, the hospital and dates in the
 * formats French notes use; every identifier's span is recorded in `spans`, the ground truth for de-identification.
 * Deterministic given the random stream.
 *
 * @example
 * const [note] = clinicalNotes(patient, createStreamRng([seed, 1, 42, NOTE_STREAM]), site);
 * note.text.slice(note.spans[0].start, note.spans[0].end) // 'Hôpital Saint-Marcel'
 */
export function clinicalNotes(patient: SyntheticPatient, random: Rng, site?: SiteProfile): ClinicalNote[] {
  const ctx = new NoteContext(patient, random, site ?? { siteId: patient.site, name: 'Centre hospitalier', finess: '000000000', city: patient.identity.address.city, postcodePrefix: patient.identity.address.postcode.slice(0, 2) });
  const end = lastDay(patient);
  const notes: ClinicalNote[] = [];
  for (const cancer of patient.cancers) {
    if (cancer.diagnosisDate > end) continue;
    notes.push(consultation(ctx, cancer, cancer.diagnosisDate, false));
    const rcp = addDays(cancer.diagnosisDate, random.int(5, 21));
    if (rcp <= end) notes.push(mdtSummary(ctx, cancer, rcp));
  }
  const primary = patient.cancers[0];
  if (primary !== undefined) {
    for (const s of patient.specimens.filter((x) => x.type === 'biopsy' || x.type === 'resection').slice(0, MAX_PER_KIND.pathology)) {
      if (s.date <= end) notes.push(pathologyReport(ctx, primary, s));
    }
  }
  const byDate = new Map<string, BiomarkerResult[]>();
  for (const b of patient.biomarkers) byDate.set(b.date, [...(byDate.get(b.date) ?? []), b]);
  for (const [date, markers] of [...byDate].slice(0, MAX_PER_KIND.molecular)) if (date <= end) notes.push(molecularReport(ctx, date, markers));
  const progressionUids = new Set(patient.progressions.map((x) => x.imagingStudyUid));
  const exams = [...patient.imaging.slice(0, 1), ...patient.imaging.slice(1).filter((e) => progressionUids.has(e.studyUid))].slice(0, MAX_PER_KIND.imaging);
  for (const exam of exams) if (exam.date <= end) notes.push(imagingReport(ctx, exam));
  const progression = patient.progressions[0];
  if (primary !== undefined && progression !== undefined) {
    const visit = addDays(progression.date, random.int(3, 14));
    if (visit <= end) notes.push(consultation(ctx, primary, visit, true));
  }
  return notes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
