/**
 * Ordinary words of French and English clinical text that are also family names, given names or communes
 * ("une masse tumorale", "globules blancs", "teint rose", "ancien marin"). A name from the patient's record that is
 * one of these words is matched only when capitalised; the name dictionaries never take them on their own.
 */
export const COMMON_WORDS: readonly string[] = [
  // colours and shapes
  'blanc', 'blanche', 'blancs', 'noir', 'noire', 'rouge', 'rose', 'roses', 'vert', 'verte', 'brun', 'brune', 'gris',
  'grise', 'bleu', 'roux', 'rousse', 'violet', 'violette', 'jaune', 'mauve', 'olive', 'ambre', 'jade', 'perle',
  'petit', 'petite', 'grand', 'grande', 'gros', 'grosse', 'long', 'longue', 'court', 'courte', 'gras', 'fort', 'forte',
  'leger', 'legere', 'doux', 'douce', 'sage', 'bon', 'bonne', 'beau', 'belle', 'franc', 'juste', 'constant',
  'clement', 'claire', 'clair', 'vidal', 'carre', 'rond', 'ronde', 'droit', 'droite', 'haut', 'haute', 'bas', 'basse',
  // body, clinic and hospital words
  'masse', 'masses', 'bras', 'main', 'mains', 'pied', 'pieds', 'dos', 'cou', 'col', 'cote', 'cotes', 'porte', 'rate',
  'foie', 'coeur', 'sein', 'seins', 'tete', 'nez', 'bouche', 'gorge', 'ventre', 'jambe', 'genou', 'hanche', 'plante',
  'paume', 'os', 'peau', 'sang', 'lit', 'salle', 'chambre', 'service', 'centre', 'page', 'moulin', 'pont', 'mer',
  'lac', 'bois', 'champ', 'champs', 'vallee', 'roche', 'pierre', 'fontaine', 'riviere', 'marin', 'marine', 'marais',
  'noel', 'paques', 'roi', 'baron', 'cousin', 'boucher', 'boulanger', 'berger', 'meunier', 'marchand', 'chevalier',
  'marechal', 'breton', 'bonnet', 'barre', 'poulain', 'gay', 'colin', 'renard', 'mercier', 'page', 'charpentier',
  'leduc', 'martel', 'lecomte', 'parent', 'voisin', 'sauvage', 'vaillant', 'hardy', 'aimable', 'prudent', 'modeste',
  'victoire', 'aurore', 'iris', 'lilas', 'capucine', 'constance', 'prudence', 'patience', 'france', 'rosa', 'long',
  // English
  'will', 'mark', 'bill', 'grace', 'hope', 'joy', 'faith', 'may', 'june', 'april', 'august', 'frank', 'jack', 'guy',
  'carol', 'dawn', 'eve', 'ruby', 'lily', 'daisy', 'poppy', 'white', 'brown', 'green', 'gray', 'grey', 'young',
  'long', 'king', 'hill', 'wood', 'cook', 'baker', 'price', 'ward', 'reed', 'ross', 'rose', 'hayes', 'bennett',
  'nice', 'orange', 'sens', 'tours', 'lens', 'gap', 'sedan', 'le', 'la', 'les', 'de', 'du', 'des', 'da', 'di', 'van',
  'jean', 'max', 'tom', 'lou', 'ange', 'celeste', 'desire', 'aime', 'fidele', 'prosper', 'line',
];

/**
 * Capitalised words of clinical documents that are not a person's name: headings and document vocabulary, titles,
 * months and days, hospital and street words, drugs and tests written with a capital, and the eponyms of scores,
 * classifications and signs ("Gleason", "Breslow", "Binet", "Karnofsky"), so that "score de Lee" or "stade A de
 * Binet" stay in the text.
 */
export const NOT_NAMES: readonly string[] = [
  // document vocabulary
  'objet', 'copie', 'date', 'conclusion', 'conclusions', 'examen', 'examens', 'indication', 'indications', 'technique',
  'resultat', 'resultats', 'histoire', 'antecedents', 'atcd', 'traitement', 'traitements', 'biologie', 'patient',
  'patiente', 'patients', 'docteur', 'docteurs', 'professeur', 'madame', 'monsieur', 'mademoiselle', 'mme', 'mlle',
  'dr', 'pr', 'prof', 'mr', 'mrs', 'ms', 'miss', 'service', 'centre', 'hopital', 'clinique', 'institut', 'chu', 'ch',
  'cher', 'chere', 'bien', 'confrere', 'consoeur', 'amicalement', 'cordialement', 'poids', 'taille', 'stade',
  'grade', 'score', 'cycle', 'cycles', 'ligne', 'protocole', 'consultation', 'compte', 'rendu', 'scanner', 'imagerie',
  'radiologie', 'oncologie', 'oncologue', 'hematologie', 'pneumologie', 'chirurgie', 'anesthesie', 'pathologie',
  'radiotherapie', 'chimiotherapie', 'immunotherapie', 'hormonotherapie', 'evaluation', 'evolution', 'synthese',
  'motif', 'diagnostic', 'diagnosis', 'plan', 'proposition', 'decision', 'discussion', 'question', 'reponse',
  'allergie', 'allergies', 'comorbidites', 'macroscopie', 'microscopie', 'immunohistochimie', 'prelevement',
  'renseignements', 'comparaison', 'thorax', 'abdomen', 'pelvis', 'os', 'foie', 'tel', 'tél', 'fax', 'poste', 'bip',
  'adresse', 'domicile', 'nom', 'prenom', 'prenoms', 'ne', 'nee', 'ddn', 'ipp', 'nda', 'nir', 'sexe', 'age', 'ans',
  'secretariat', 'rendez', 'vous', 'rdv', 'fiche', 'seance', 'participants', 'quorum', 'presente', 'medecin',
  'medecins', 'traitant', 'referent', 'demandeur', 'prescripteur', 'valide', 'validee', 'relecture', 'signe',
  'interne', 'externe', 'chef', 'cadre', 'ide', 'infirmiere', 'infirmier', 'aide', 'soignant', 'equipe', 'unite',
  'departement', 'pole', 'laboratoire', 'plateforme', 'reunion', 'concertation', 'pluridisciplinaire', 'rcp',
  'entree', 'sortie', 'hospitalisation', 'sejour', 'venue', 'urgences', 'reanimation', 'bloc', 'suivi', 'surveillance',
  'prochain', 'prochaine', 'aujourd', 'hui', 'ce', 'jour', 'la', 'le', 'les', 'un', 'une', 'des', 'du', 'de', 'et',
  'ou', 'au', 'aux', 'par', 'pour', 'avec', 'sans', 'sur', 'sous', 'dans', 'en', 'il', 'elle', 'ils', 'elles', 'on',
  'nous', 'je', 'j', 'pas', 'tres', 'plus', 'moins', 'apres', 'avant', 'depuis', 'lors', 'selon', 'soit', 'cf',
  'mais', 'donc', 'car', 'ni', 'oui', 'non', 'ras', 'nb', 'ps', 'ecog', 'oms', 'who', 'recist', 'ctcae', 'tnm', 'ajcc',
  'uicc', 'figo', 'isup', 'sbr', 'asa', 'nyha', 'gold', 'pa', 'hta', 'bpco', 'ald', 'had', 'hdj', 'mdph', 'apa',
  'tep', 'tdm', 'irm', 'ngs', 'ihc', 'fish', 'pcr', 'adn', 'arn', 'her', 'alk', 'ros', 'egfr', 'kras', 'braf', 'met',
  'ret', 'ntrk', 'brca', 'tp', 'pd', 'vaf', 'tps', 'cps', 'psa', 'ca', 'ace', 'crp', 'nfs', 'hb', 'pnn', 'ldh',
  'dear', 'yours', 'sincerely', 'regards', 'private', 'confidential', 'consultant', 'medical', 'oncologist',
  'outcome', 'follow', 'up', 'admission', 'discharge', 'attending', 'primary', 'care', 'summary', 'hospital',
  'clinic', 'course', 'labs', 'history', 'impression', 'assessment', 'the', 'and', 'of', 'in', 'on', 'at', 'to', 'for',
  'with', 'from', 'by', 'she', 'he', 'her', 'his', 'they', 'we', 'i', 'is', 'was', 'are', 'has', 'had', 'be', 'no',
  'yes', 'not', 'md', 'phd', 'mbbs', 'frcp', 'rn', 'np', 'pa', 'do', 're', 'cc', 'bcc', 'de', 'a', 'à', 'objet',
  // months and days
  'janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre',
  'decembre', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'january', 'february',
  'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday',
  'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  // places and streets
  'rue', 'avenue', 'boulevard', 'place', 'chemin', 'allee', 'impasse', 'quai', 'cours', 'route', 'square',
  'residence', 'batiment', 'saint', 'sainte', 'st', 'ste', 'cedex', 'france', 'street', 'road', 'lane', 'drive',
  'nord', 'sud', 'est', 'ouest',
  // eponyms of scores, classifications, signs and techniques
  'gleason', 'breslow', 'clark', 'binet', 'rai', 'matutes', 'gumprecht', 'karnofsky', 'lansky', 'charlson',
  'mallampati', 'lee', 'child', 'pugh', 'glasgow', 'apgar', 'elston', 'ellis', 'scarff', 'bloom', 'richardson',
  'nottingham', 'fuhrman', 'dukes', 'astler', 'coller', 'masaoka', 'ann', 'arbor', 'lugano', 'hodgkin', 'burkitt',
  'waldenstrom', 'kaposi', 'merkel', 'ewing', 'wilms', 'paget', 'bowen', 'spitz', 'krukenberg', 'virchow',
  'troisier', 'trousseau', 'horner', 'pancoast', 'cushing', 'addison', 'hashimoto', 'basedow', 'crohn', 'barrett',
  'lynch', 'cowden', 'li', 'fraumeni', 'recklinghausen', 'sezary', 'reed', 'sternberg', 'langerhans', 'castleman',
  'whipple', 'hartmann', 'miles', 'dixon', 'cockcroft', 'gault', 'mdrd', 'folstein', 'borg', 'doppler', 'holter',
  'seldinger', 'foley', 'redon', 'hounsfield', 'bethesda', 'papanicolaou', 'pap', 'ki', 'mib', 'douglas',
  'murphy', 'mcburney', 'babinski', 'lasegue', 'trendelenburg', 'valsalva', 'sokal', 'ipi', 'flipi', 'durie',
  'salmon', 'iss', 'cox', 'kaplan', 'meier', 'memorial', 'sloan', 'kettering', 'heng', 'motzer', 'oncotype', 'mammaprint', 'endopredict',
  'prosigna', 'guardant', 'foundation', 'foundationone', 'oncomine', 'ion', 'torrent', 'illumina', 'ventana',
  'dako', 'abbott', 'biocartis', 'idylla', 'cobas', 'xpert', 'port', 'cath', 'picc',
  // drugs and products written with a capital letter
  'kardegic', 'xerial', 'creon', 'iomeron', 'omnipaque', 'dexeryl', 'doliprane', 'dafalgan', 'efferalgan',
  'lovenox', 'innohep', 'fragmine', 'eliquis', 'xarelto', 'previscan', 'inexium', 'mopral', 'lyrica', 'neurontin',
  'skenan', 'actiskenan', 'oxycontin', 'oxynorm', 'durogesic', 'abstral', 'instanyl', 'zophren', 'emend',
  'primperan', 'vogalene', 'solupred', 'medrol', 'neulasta', 'granocyte', 'zarzio', 'aranesp', 'eprex',
  'keytruda', 'opdivo', 'tecentriq', 'imfinzi', 'herceptin', 'perjeta', 'kadcyla', 'enhertu', 'tagrisso',
  'alecensa', 'xalkori', 'lorviqua', 'ibrance', 'kisqali', 'verzenios', 'lynparza', 'zejula', 'avastin',
  'erbitux', 'vectibix', 'xeloda', 'taxotere', 'navelbine', 'gemzar', 'alimta', 'zometa', 'xgeva',
];
