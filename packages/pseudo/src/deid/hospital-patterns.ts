import { PRIORITY, type Candidate } from './candidate.js';
import { PhraseIndex } from './phrase-index.js';
import { readProperName } from './proper-name.js';
import type { WordToken } from './word-tokens.js';

/*
 * Hospitals: a keyword ("Centre hospitalier", "CHU", "Hôpital", "Clinique", "Institut"…) and the name after it,
 * English names ending in "Hospital", "Medical Centre", "NHS Foundation Trust", and well-known cancer centres.
 */

const HOSPITAL_KEYWORD = new RegExp(
  '(?<![\\p{L}\\p{N}])(?<kw>' +
    [
      '[Cc]entres?[ \\t]+[Hh]ospitali(?:er|ère)s?(?:[ \\t]+(?:[Uu]niversitaires?|[Rr]égional(?:[ \\t]+[Uu]niversitaire)?|[Ii]ntercommunal|[Gg]énéral|[Ss]pécialisé|[Dd]épartemental))?',
      'CENTRES?[ \\t]+HOSPITALIERS?(?:[ \\t]+(?:UNIVERSITAIRES?|RÉGIONAL|INTERCOMMUNAL))?',
      '[Gg]roupe(?:ment)?[ \\t]+[Hh]ospitalier',
      '[Mm]aison[ \\t]+de[ \\t]+[Ss]anté',
      '[Pp]ôle[ \\t]+[Ss]anté',
      'Centre|CENTRE',
      'CHU|CHRU|CHR|CHI|CHG|CHS|CH|CLCC|GHU|GH',
      'Hôpital|Hopital|HÔPITAL|HOPITAL|Hôpitaux|HÔPITAUX',
      'Hospices|HOSPICES',
      'Polyclinique|POLYCLINIQUE|Clinique|CLINIQUE',
      'Institut|INSTITUT',
      'Fondation|FONDATION',
    ].join('|') +
    ')(?![\\p{L}\\p{N}])',
  'uy',
);
/** First words of the hospital keywords (a cheap test before the sticky regex). */
const HOSPITAL_FIRST_WORDS = new Set(['centre', 'centres', 'groupe', 'groupement', 'maison', 'pole', 'chu', 'chru', 'chr', 'chi', 'chg', 'chs', 'ch', 'clcc', 'ghu', 'gh', 'hopital', 'hopitaux', 'hospices', 'polyclinique', 'clinique', 'institut', 'fondation']);
/** English hospitals end with one of these words: "Wythenshawe Hospital", "Didsbury Medical Centre", "The Christie NHS Foundation Trust". */
const EN_HOSPITAL_LAST_WORDS = new Set(['hospital', 'clinic', 'infirmary', 'trust', 'centre', 'center']);
const EN_HOSPITAL_BEFORE = /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}'’.-]*[ \t]+){1,6}$/u;
const EN_CENTRE_QUALIFIER = /(?:Medical|Cancer|Health)[ \t]+$/u;

/** Well-known cancer centres and hospitals named without a keyword. */
const KNOWN_HOSPITALS = new PhraseIndex([
  'Gustave Roussy', 'Institut Gustave Roussy', 'Institut Curie', 'Hospices Civils de Lyon', 'Centre Léon Bérard', 'Léon Bérard',
  'Institut Bergonié', 'Bergonié', 'Institut Paoli-Calmettes', 'Paoli-Calmettes', 'Oscar Lambret', 'François Baclesse',
  'Claudius Regaud', 'Pitié-Salpêtrière', 'Georges Pompidou', 'Hôtel-Dieu', 'Jean Godinot', 'Antoine Lacassagne',
  'Jean Perrin', 'Henri Becquerel', 'Eugène Marquis', 'Paul Strauss', 'Georges-François Leclerc', 'Lucien Neuwirth',
  'The Christie', 'Royal Marsden', 'MD Anderson', 'Memorial Sloan Kettering', 'Mayo Clinic', 'Dana-Farber',
  'Assistance Publique', 'Assistance Publique-Hôpitaux de Paris',
]);

const HOSPITAL_DESCRIPTORS = new Set([
  'hospitalier', 'hospitaliere', 'universitaire', 'universitaires', 'regional', 'regionale', 'intercommunal', 'intercommunale',
  'departemental', 'general', 'generale', 'prive', 'privee', 'specialise', 'mutualiste', 'militaire', 'instruction', 'armees',
  'medical', 'medicale', 'chirurgical', 'chirurgicale', 'oncologique', 'cancerologie', 'lutte', 'contre', 'cancer', 'psychiatrique',
  'pediatrique', 'catholique', 'protestant', 'protestante', 'europeen', 'europeenne', 'civils', 'biologie', 'pathologie',
  'radiotherapie', 'oncologie', 'sante', 'soins', 'suite', 'readaptation', 'reeducation', 'convalescence', 'geriatrie', 'gerontologie',
  'dialyse', 'palliatifs',
]);

export function findHospitals(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.capitalised) continue;
    if (HOSPITAL_FIRST_WORDS.has(t.folded)) {
      HOSPITAL_KEYWORD.lastIndex = t.start;
      const m = HOSPITAL_KEYWORD.exec(text);
      if (m !== null) {
        const name = readProperName(text, t.start + m[0].length, { descriptors: HOSPITAL_DESCRIPTORS, maxWords: 8 });
        if (name.proper > 0) out.push({ start: t.start, end: name.end, type: 'HOSPITAL', priority: PRIORITY.pattern });
      }
    }
    if (EN_HOSPITAL_LAST_WORDS.has(t.folded)) {
      const slice = text.slice(Math.max(0, t.start - 90), t.start);
      const before = EN_HOSPITAL_BEFORE.exec(slice);
      const centre = t.folded === 'centre' || t.folded === 'center';
      if (before !== null && (!centre || EN_CENTRE_QUALIFIER.test(slice)) && (t.folded !== 'trust' || /(?:NHS|Foundation)[ \t]+$/u.test(slice))) {
        out.push({ start: t.start - before[0].length, end: t.end, type: 'HOSPITAL', priority: PRIORITY.pattern });
      }
    }
    if (!KNOWN_HOSPITALS.startsWith(t.folded)) continue;
    const k = KNOWN_HOSPITALS.matchAt(text, tokens, i);
    if (k === 0) continue;
    out.push({ start: t.start, end: tokens[i + k - 1]!.end, type: 'HOSPITAL', priority: PRIORITY.pattern });
    i += k - 1;
  }
}
