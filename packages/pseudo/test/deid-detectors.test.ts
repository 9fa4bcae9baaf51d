import { describe, expect, it } from 'vitest';
import { deidentifyText, isValidNir, nirKey, type IdentifierType, type PatientIdentifiers } from '../src/index.js';

/** The detected pieces of a text, as [type, text] pairs in order. */
function found(text: string, patient?: PatientIdentifiers): [IdentifierType, string][] {
  return deidentifyText(text, patient).spans.map((s) => [s.type, text.slice(s.start, s.end)]);
}

/** The texts detected, whatever their type. */
function removed(text: string, patient?: PatientIdentifiers): string[] {
  return found(text, patient).map(([, t]) => t);
}

describe('names', () => {
  it.each([
    ['Vu par le Dr Martin ce jour.', 'Martin'],
    ['Docteur Jean MARTIN\noncologie', 'Jean MARTIN'],
    ['Demandeur : Dr J. Martin', 'J. Martin'],
    ['Relecture : Pr Leroy', 'Leroy'],
    ['Dr. Robert Hayes, primary care', 'Robert Hayes'],
    ["Dear Mrs O'Connor,", "O'Connor"],
    ['Copie à Madame le Docteur Sophie Bernard.', 'Sophie Bernard'],
    ['Signé Pr Jean-Yves PELLETIER, chef de service', 'Jean-Yves PELLETIER'],
    ['Dr N\'DIAYE (radiologie)', "N'DIAYE"],
  ])('finds a name after a title: %s', (text, name) => {
    expect(removed(text)).toContain(name);
  });

  it('types a name after a doctor title DOCTOR_NAME and after a civil title PATIENT_NAME', () => {
    expect(found('Dr Martin a vu Mme Dupont.')).toEqual([
      ['DOCTOR_NAME', 'Martin'],
      ['PATIENT_NAME', 'Dupont'],
    ]);
  });

  it('reads lists after plural titles', () => {
    expect(removed('Présents : Drs Moreau, Girard et Lefebvre.')).toEqual(['Moreau', 'Girard', 'Lefebvre']);
  });

  it.each([
    ['Cas discuté avec Jean DUPONT hier.', 'Jean DUPONT'],
    ['Cas discuté avec DUPONT Jean hier.', 'DUPONT Jean'],
    ['Avis de J. Dupont demandé.', 'J. Dupont'],
    ['Patient vu avec Hélène Dubreuil, interne.', 'Hélène Dubreuil'],
    ['Patient vu avec Claire MARTIN, interne.', 'Claire MARTIN'],
    ['IDE : Karine / Sébastien', 'Karine'],
    ['avis de Chantal Le Floch', 'Chantal Le Floch'],
  ])('finds names from the dictionaries: %s', (text, name) => {
    expect(removed(text)).toContain(name);
  });

  it('finds names after labels and birth names', () => {
    expect(found('NOM : DURAND    PRÉNOM : MICHEL')).toEqual([
      ['PATIENT_NAME', 'DURAND'],
      ['PATIENT_NAME', 'MICHEL'],
    ]);
    expect(removed('Mme Odile ROUX, née PERRIN le 12/03/1958')).toEqual(['Odile ROUX', 'PERRIN', '12/03/1958']);
  });

  it("matches the patient's names from the record whatever the case, accents and spacing", () => {
    const patient = { names: ['Thérèse', 'Maillard-Colas'] };
    expect(removed('appel de mme maillard colas (THERESE)', patient)).toEqual(['maillard colas', 'THERESE']);
    expect(found('Mme Thérèse MAILLARD-COLAS', patient)).toEqual([['PATIENT_NAME', 'Thérèse MAILLARD-COLAS']]);
  });

  it('keeps ordinary words that are also names unless they are written as names', () => {
    const patient = { names: ['Rose', 'Blanc'] };
    const text = 'Mme Rose BLANC, teint rose, globules blancs normaux, lésions blanc nacré ; adressée par le Dr Masse pour une masse abdominale.';
    expect(removed(text, patient)).toEqual(['Rose BLANC', 'Masse']);
  });

  it.each([
    'Score de Gleason 4+3, stade A de Binet, score de Lee 2, grade Elston-Ellis 2, indice de Breslow 2 mm.',
    'Courbes de Kaplan-Meier et modèle de Cox. Critères de Lugano.',
    'Traitement par Kardégic 75 mg et Xérial 10.',
    'Le Dr a vu la patiente. Vu en RCP. Service de pneumologie.',
    'Claire amélioration. Pierre angulaire du traitement. Constant depuis 2019.',
    'Glycémie 5,5 mmol/L. INR 1,2. Vitamine D. Sérologie négative.',
    'She may need a dose reduction; we will mark the lesion and follow up in March.',
  ])('leaves clinical text alone: %s', (text) => {
    expect(removed(text)).toEqual([]);
  });
});

describe('NIR', () => {
  it('computes the key (97 − n mod 97), Corsica 2A/2B read as 19/18', () => {
    expect(nirKey('2580369123456')).toBe('21');
    expect(nirKey('147112A045012')).toBe('22');
    expect(nirKey('147112B045012')).toBe(String(97n - (1471118045012n % 97n)).padStart(2, '0'));
    expect(isValidNir('2 58 03 69 123 456 21')).toBe(true);
    expect(isValidNir('2 58 03 69 123 456 12')).toBe(false);
    expect(isValidNir('1 47 11 2A 045 012 22')).toBe(true);
  });

  it.each(['258036912345621', '2 58 03 69 123 456 21', '2.58.03.69.123.456.21', '1 47 11 2A 045 012 22'])('finds a NIR with a valid key: %s', (nir) => {
    expect(found(`Assurée : ${nir}.`)).toEqual([['NIR', nir]]);
  });

  it('needs a NIR context for a number whose key is wrong', () => {
    expect(found('Référence 2 58 03 69 123 456 12.')).toEqual([]);
    expect(found('NIR : 2 58 03 69 123 456 12')).toEqual([['NIR', '2 58 03 69 123 456 12']]);
    expect(found('N° sécu : 258036912345612')).toEqual([['NIR', '258036912345612']]);
    expect(found('numéro de sécurité sociale 2580369123456')).toEqual([['NIR', '2580369123456']]);
  });
});

describe('phones, e-mails, URLs', () => {
  it.each(['04 72 68 11 40', '04.72.68.11.40', '04-72-68-11-40', '0472681140', '+33 4 72 68 11 40', '+33 (0)4 72 68 11 40', '+44 20 7946 0958', '0161 446 3000', '(555) 201-3344'])(
    'finds the phone number %s',
    (phone) => {
      expect(found(`Tél. ${phone}, merci.`)).toEqual([['PHONE', phone]]);
    },
  );

  it('finds e-mails and URLs', () => {
    expect(found('Écrire à camille.besson@chu-grenoble.fr ou voir https://www.chu-grenoble.fr/onco, www.clb.fr.')).toEqual([
      ['EMAIL', 'camille.besson@chu-grenoble.fr'],
      ['URL', 'https://www.chu-grenoble.fr/onco'],
      ['URL', 'www.clb.fr'],
    ]);
    expect(found('Site : centre-leon-berard.fr')).toEqual([['URL', 'centre-leon-berard.fr']]);
  });

  it.each(['Docétaxel 75 mg/m2 et cisplatine 75 mg/m², 5-FU 2400 mg/m2 sur 46 h.', 'Plaquettes 150 000/mm3, PNN 1,6 G/L, Hb 12,1 g/dL, TA 128/76 mmHg.', 'Essai NCT04613596, version 2.1, EudraCT 2021-004512-33.'])(
    'leaves doses, lab values and trial numbers alone: %s',
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});

describe('addresses, postcodes, cities', () => {
  it.each([
    ['Domicile : 12 rue de la République, 69002 Lyon', ['12 rue de la République', '69002', 'Lyon']],
    ['Adresse : 14 bis, rue des Tanneurs à Brest', ['14 bis, rue des Tanneurs', 'Brest']],
    ['3 quai Claude Bernard – BP 307 – 69373 LYON CEDEX 08', ['3 quai Claude Bernard', 'BP 307', '69373', 'LYON CEDEX 08']],
    ['Boulevard de la Chantourne, 38700 La Tronche', ['Boulevard de la Chantourne', '38700', 'La Tronche']],
    ['Résidence Les Glycines, bâtiment C, 18 avenue Foch', ['Résidence Les Glycines, bâtiment C, 18 avenue Foch']],
    ['1820 North Oak Street, Apt 4B, Milwaukee, WI 53202', ['1820 North Oak Street, Apt 4B', 'Milwaukee', '53202']],
    ['14 Elmwood Road, Manchester M20 6RT', ['14 Elmwood Road', 'Manchester', 'M20 6RT']],
  ])('finds %s', (text, parts) => {
    expect(removed(text)).toEqual(parts);
  });

  it('finds a city alone from the commune list, an ambiguous one only in context', () => {
    expect(found('Lyon, le 12 mars 2019')).toEqual([
      ['CITY', 'Lyon'],
      ['DATE', '12 mars 2019'],
    ]);
    expect(removed('Elle part en vacances à Nice.')).toEqual(['Nice']);
    expect(removed('Nice to meet you. Tours de taille mesurés.')).toEqual([]);
  });

  it("finds the patient's own city, and its short form", () => {
    const patient = { cities: ['Chalon-sur-Saône'], postcodes: ['71100'] };
    expect(removed('Bilan au labo de ville à Chalon (71100).', patient)).toEqual(['Chalon', '71100']);
  });

  it.each(['Après 3 cours de chimiothérapie, mise en place de la chambre implantable.', 'Une nouvelle avenue thérapeutique.', 'Plaquettes 15000 G/L.'])(
    'leaves clinical text alone: %s',
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});

describe('dates', () => {
  it.each([
    '12/03/2019',
    '12.03.2019',
    '12-03-19',
    '3/4/21',
    '12 mars 2019',
    '1er janvier 2020',
    'mars 2019',
    'janv. 2023',
    '03/2019',
    '2019-03-12',
    'March 12, 2019',
    '12 March 2019',
    '6th March 2023',
    '11-Oct-2023',
  ])('finds %s', (date) => {
    expect(found(`Examen du ${date}, sans particularité.`)).toEqual([['DATE', date]]);
  });

  it('finds day and month alone only where a date is expected', () => {
    expect(found('adressé le 06/03 pour fièvre')).toEqual([['DATE', '06/03']]);
    expect(found('Obs. C4 (13/03) : RAS')).toEqual([['DATE', '13/03']]);
    expect(found('hémocultures (2/2 flacons), ganglions (1/18), 8/12 carottes, 1/2 comprimé')).toEqual([]);
  });

  it.each(['cT2 N0 M0, T2N0M0, stade IV, cycle 3, C34.1, 8140/3, RECIST 1.1, version 5.0.1, J1-J21, 75 mg/m2', 'PD-L1 50 %, Ki67 18 %, ALK, ROS1, KRAS G12C, HER2 3+'])(
    'leaves codes and scores alone: %s',
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );

  it("types the patient's birth date BIRTH_DATE, by value or by context", () => {
    expect(found('Vue le 14/06/1951 et le 02/09/2022.', { birthDate: '1951-06-14' })).toEqual([
      ['BIRTH_DATE', '14/06/1951'],
      ['DATE', '02/09/2022'],
    ]);
    expect(found('DDN : 12/05/1950')).toEqual([['BIRTH_DATE', '12/05/1950']]);
  });
});

describe('record numbers and hospitals', () => {
  it.each([
    ['IPP : 80231457', 'IPP', '80231457'],
    ['N° de séjour : 2023118745', 'NDA', '2023118745'],
    ['venue n° 23019876', 'NDA', '23019876'],
    ['MRN: 004417823', 'IPP', '004417823'],
    ['NHS No. 943 476 5919', 'IPP', '943 476 5919'],
    ["N° d'examen : H23-04187", 'IPP', 'H23-04187'],
    ['IPP chez nous CB-2231784', 'IPP', 'CB-2231784'],
    ['Patient ID 0042-017', 'IPP', '0042-017'],
  ])('finds %s', (text, type, value) => {
    expect(found(text)).toEqual([[type, value]]);
  });

  it("finds the record's identifiers anywhere, ignoring spaces", () => {
    expect(found('Réf. dossier papier : 80 23 14 57', { identifiers: ['80231457'] })).toEqual([['IPP', '80 23 14 57']]);
  });

  it.each([
    'Centre Léon Bérard',
    'CHU de Saint-Étienne',
    'Hôpital Saint-Antoine',
    'Institut Curie',
    'Gustave Roussy',
    'Hospices Civils de Lyon',
    'Centre hospitalier de Valence',
    'CENTRE HOSPITALIER DE LA MISÉRICORDE',
    'Institut de Cancérologie Lucien Neuwirth',
    'Wythenshawe Hospital',
    'The Christie NHS Foundation Trust',
  ])('finds the hospital %s', (name) => {
    expect(found(`Adressé par : ${name}\n`)).toEqual([['HOSPITAL', name]]);
  });

  it('leaves generic hospital words alone', () => {
    expect(found("Hospitalisation en hôpital de jour. Centre de la lésion nécrotique. L'Institut national du cancer recommande.")).toEqual([]);
  });
});

describe('spans', () => {
  it('are in input offsets, sorted, and never overlap (the longest, most specific wins)', () => {
    const text = 'Mme Geneviève ROUSSEL, 7 allée des Marronniers 38200 Vienne, tél. 04 74 53 21 90, NIR 2 51 06 38 185 012 27.';
    const { spans } = deidentifyText(text, { names: ['Geneviève', 'Roussel'], addressLines: ['7 allée des Marronniers'], cities: ['Vienne'] });
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Geneviève ROUSSEL', '7 allée des Marronniers', '38200', 'Vienne', '04 74 53 21 90', '2 51 06 38 185 012 27']);
  });
});
