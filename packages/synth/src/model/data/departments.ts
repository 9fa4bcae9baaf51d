/**
 * French departments the synthetic hospitals draw their patients from, with a few real communes and their postcodes
 * (facts, from La Poste's public postcode base), and the first digits of landline numbers in the region (ARCEP
 * numbering plan: 01 Île-de-France, 02 north-west, 03 north-east, 04 south-east, 05 south-west).
 */
export interface Department {
  /** INSEE department code: '01'…'95', '2A', '2B', '971'… */
  readonly code: string;
  readonly name: string;
  readonly phoneZone: '01' | '02' | '03' | '04' | '05';
  /** [postcode, city]; the first is the prefecture. */
  readonly communes: readonly (readonly [postcode: string, city: string])[];
}

export const DEPARTMENTS: readonly Department[] = [
  { code: '75', name: 'Paris', phoneZone: '01', communes: [['75013', 'Paris'], ['75015', 'Paris'], ['75018', 'Paris'], ['75020', 'Paris'], ['75011', 'Paris'], ['75005', 'Paris']] },
  { code: '92', name: 'Hauts-de-Seine', phoneZone: '01', communes: [['92000', 'Nanterre'], ['92100', 'Boulogne-Billancourt'], ['92130', 'Issy-les-Moulineaux'], ['92200', 'Neuilly-sur-Seine'], ['92160', 'Antony']] },
  { code: '93', name: 'Seine-Saint-Denis', phoneZone: '01', communes: [['93000', 'Bobigny'], ['93200', 'Saint-Denis'], ['93100', 'Montreuil'], ['93600', 'Aulnay-sous-Bois']] },
  { code: '94', name: 'Val-de-Marne', phoneZone: '01', communes: [['94000', 'Créteil'], ['94800', 'Villejuif'], ['94400', 'Vitry-sur-Seine'], ['94300', 'Vincennes']] },
  { code: '78', name: 'Yvelines', phoneZone: '01', communes: [['78000', 'Versailles'], ['78100', 'Saint-Germain-en-Laye'], ['78200', 'Mantes-la-Jolie']] },
  { code: '91', name: 'Essonne', phoneZone: '01', communes: [['91000', 'Évry-Courcouronnes'], ['91300', 'Massy'], ['91120', 'Palaiseau']] },
  { code: '77', name: 'Seine-et-Marne', phoneZone: '01', communes: [['77000', 'Melun'], ['77100', 'Meaux'], ['77300', 'Fontainebleau']] },
  { code: '95', name: "Val-d'Oise", phoneZone: '01', communes: [['95000', 'Cergy'], ['95100', 'Argenteuil'], ['95200', 'Sarcelles']] },
  { code: '69', name: 'Rhône', phoneZone: '04', communes: [['69003', 'Lyon'], ['69008', 'Lyon'], ['69100', 'Villeurbanne'], ['69200', 'Vénissieux'], ['69500', 'Bron'], ['69400', 'Villefranche-sur-Saône']] },
  { code: '01', name: 'Ain', phoneZone: '04', communes: [['01000', 'Bourg-en-Bresse'], ['01100', 'Oyonnax'], ['01200', 'Valserhône']] },
  { code: '42', name: 'Loire', phoneZone: '04', communes: [['42000', 'Saint-Étienne'], ['42300', 'Roanne'], ['42600', 'Montbrison']] },
  { code: '38', name: 'Isère', phoneZone: '04', communes: [['38000', 'Grenoble'], ['38200', 'Vienne'], ['38300', 'Bourgoin-Jallieu']] },
  { code: '71', name: 'Saône-et-Loire', phoneZone: '03', communes: [['71000', 'Mâcon'], ['71100', 'Chalon-sur-Saône'], ['71200', 'Le Creusot']] },
  { code: '26', name: 'Drôme', phoneZone: '04', communes: [['26000', 'Valence'], ['26200', 'Montélimar'], ['26100', 'Romans-sur-Isère']] },
  { code: '33', name: 'Gironde', phoneZone: '05', communes: [['33000', 'Bordeaux'], ['33700', 'Mérignac'], ['33600', 'Pessac'], ['33500', 'Libourne'], ['33120', 'Arcachon']] },
  { code: '24', name: 'Dordogne', phoneZone: '05', communes: [['24000', 'Périgueux'], ['24100', 'Bergerac'], ['24200', 'Sarlat-la-Canéda']] },
  { code: '40', name: 'Landes', phoneZone: '05', communes: [['40000', 'Mont-de-Marsan'], ['40100', 'Dax']] },
  { code: '47', name: 'Lot-et-Garonne', phoneZone: '05', communes: [['47000', 'Agen'], ['47300', 'Villeneuve-sur-Lot']] },
  { code: '17', name: 'Charente-Maritime', phoneZone: '05', communes: [['17000', 'La Rochelle'], ['17100', 'Saintes'], ['17300', 'Rochefort']] },
  { code: '59', name: 'Nord', phoneZone: '03', communes: [['59000', 'Lille'], ['59100', 'Roubaix'], ['59200', 'Tourcoing'], ['59140', 'Dunkerque'], ['59300', 'Valenciennes'], ['59650', "Villeneuve-d'Ascq"]] },
  { code: '62', name: 'Pas-de-Calais', phoneZone: '03', communes: [['62000', 'Arras'], ['62300', 'Lens'], ['62100', 'Calais'], ['62200', 'Boulogne-sur-Mer']] },
  { code: '80', name: 'Somme', phoneZone: '03', communes: [['80000', 'Amiens'], ['80100', 'Abbeville']] },
  { code: '02', name: 'Aisne', phoneZone: '03', communes: [['02000', 'Laon'], ['02100', 'Saint-Quentin'], ['02200', 'Soissons']] },
  { code: '44', name: 'Loire-Atlantique', phoneZone: '02', communes: [['44000', 'Nantes'], ['44600', 'Saint-Nazaire'], ['44400', 'Rezé'], ['44800', 'Saint-Herblain']] },
  { code: '49', name: 'Maine-et-Loire', phoneZone: '02', communes: [['49000', 'Angers'], ['49300', 'Cholet'], ['49400', 'Saumur']] },
  { code: '85', name: 'Vendée', phoneZone: '02', communes: [['85000', 'La Roche-sur-Yon'], ['85100', 'Les Sables-d\'Olonne'], ['85300', 'Challans']] },
  { code: '35', name: 'Ille-et-Vilaine', phoneZone: '02', communes: [['35000', 'Rennes'], ['35400', 'Saint-Malo'], ['35300', 'Fougères'], ['35500', 'Vitré']] },
  { code: '56', name: 'Morbihan', phoneZone: '02', communes: [['56000', 'Vannes'], ['56100', 'Lorient'], ['56300', 'Pontivy']] },
  { code: '29', name: 'Finistère', phoneZone: '02', communes: [['29000', 'Quimper'], ['29200', 'Brest'], ['29600', 'Morlaix']] },
  { code: '22', name: "Côtes-d'Armor", phoneZone: '02', communes: [['22000', 'Saint-Brieuc'], ['22300', 'Lannion'], ['22100', 'Dinan']] },
  { code: '13', name: 'Bouches-du-Rhône', phoneZone: '04', communes: [['13005', 'Marseille'], ['13009', 'Marseille'], ['13013', 'Marseille'], ['13100', 'Aix-en-Provence'], ['13200', 'Arles'], ['13500', 'Martigues']] },
  { code: '83', name: 'Var', phoneZone: '04', communes: [['83000', 'Toulon'], ['83300', 'Draguignan'], ['83400', 'Hyères'], ['83600', 'Fréjus']] },
  { code: '84', name: 'Vaucluse', phoneZone: '04', communes: [['84000', 'Avignon'], ['84200', 'Carpentras'], ['84300', 'Cavaillon']] },
  { code: '06', name: 'Alpes-Maritimes', phoneZone: '04', communes: [['06000', 'Nice'], ['06400', 'Cannes'], ['06600', 'Antibes'], ['06500', 'Menton'], ['06130', 'Grasse']] },
  { code: '2A', name: 'Corse-du-Sud', phoneZone: '04', communes: [['20000', 'Ajaccio'], ['20137', 'Porto-Vecchio'], ['20100', 'Sartène']] },
  { code: '2B', name: 'Haute-Corse', phoneZone: '04', communes: [['20200', 'Bastia'], ['20250', 'Corte'], ['20260', 'Calvi']] },
  { code: '31', name: 'Haute-Garonne', phoneZone: '05', communes: [['31000', 'Toulouse'], ['31400', 'Toulouse'], ['31700', 'Blagnac'], ['31100', 'Toulouse'], ['31800', 'Saint-Gaudens']] },
  { code: '81', name: 'Tarn', phoneZone: '05', communes: [['81000', 'Albi'], ['81100', 'Castres']] },
  { code: '82', name: 'Tarn-et-Garonne', phoneZone: '05', communes: [['82000', 'Montauban'], ['82100', 'Castelsarrasin']] },
  { code: '32', name: 'Gers', phoneZone: '05', communes: [['32000', 'Auch'], ['32500', 'Fleurance']] },
  { code: '65', name: 'Hautes-Pyrénées', phoneZone: '05', communes: [['65000', 'Tarbes'], ['65100', 'Lourdes']] },
  { code: '67', name: 'Bas-Rhin', phoneZone: '03', communes: [['67000', 'Strasbourg'], ['67200', 'Strasbourg'], ['67500', 'Haguenau'], ['67100', 'Strasbourg'], ['67600', 'Sélestat']] },
  { code: '68', name: 'Haut-Rhin', phoneZone: '03', communes: [['68000', 'Colmar'], ['68100', 'Mulhouse'], ['68300', 'Saint-Louis']] },
  { code: '57', name: 'Moselle', phoneZone: '03', communes: [['57000', 'Metz'], ['57100', 'Thionville'], ['57200', 'Sarreguemines']] },
  { code: '54', name: 'Meurthe-et-Moselle', phoneZone: '03', communes: [['54000', 'Nancy'], ['54500', 'Vandœuvre-lès-Nancy'], ['54400', 'Longwy']] },
  { code: '34', name: 'Hérault', phoneZone: '04', communes: [['34000', 'Montpellier'], ['34500', 'Béziers'], ['34200', 'Sète'], ['34300', 'Agde']] },
  { code: '30', name: 'Gard', phoneZone: '04', communes: [['30000', 'Nîmes'], ['30100', 'Alès'], ['30200', 'Bagnols-sur-Cèze']] },
  { code: '11', name: 'Aude', phoneZone: '04', communes: [['11000', 'Carcassonne'], ['11100', 'Narbonne']] },
  { code: '66', name: 'Pyrénées-Orientales', phoneZone: '04', communes: [['66000', 'Perpignan'], ['66100', 'Perpignan'], ['66140', 'Canet-en-Roussillon']] },
  { code: '21', name: "Côte-d'Or", phoneZone: '03', communes: [['21000', 'Dijon'], ['21200', 'Beaune'], ['21300', 'Chenôve']] },
  { code: '25', name: 'Doubs', phoneZone: '03', communes: [['25000', 'Besançon'], ['25200', 'Montbéliard'], ['25300', 'Pontarlier']] },
  { code: '63', name: 'Puy-de-Dôme', phoneZone: '04', communes: [['63000', 'Clermont-Ferrand'], ['63100', 'Clermont-Ferrand'], ['63200', 'Riom']] },
  { code: '87', name: 'Haute-Vienne', phoneZone: '05', communes: [['87000', 'Limoges'], ['87100', 'Limoges'], ['87200', 'Saint-Junien']] },
  { code: '37', name: 'Indre-et-Loire', phoneZone: '02', communes: [['37000', 'Tours'], ['37100', 'Tours'], ['37400', 'Amboise']] },
  { code: '45', name: 'Loiret', phoneZone: '02', communes: [['45000', 'Orléans'], ['45200', 'Montargis']] },
  { code: '76', name: 'Seine-Maritime', phoneZone: '02', communes: [['76000', 'Rouen'], ['76600', 'Le Havre'], ['76200', 'Dieppe']] },
  { code: '14', name: 'Calvados', phoneZone: '02', communes: [['14000', 'Caen'], ['14100', 'Lisieux'], ['14400', 'Bayeux']] },
  { code: '51', name: 'Marne', phoneZone: '03', communes: [['51100', 'Reims'], ['51000', 'Châlons-en-Champagne'], ['51200', 'Épernay']] },
  { code: '86', name: 'Vienne', phoneZone: '05', communes: [['86000', 'Poitiers'], ['86100', 'Châtellerault']] },
  { code: '971', name: 'Guadeloupe', phoneZone: '05', communes: [['97110', 'Pointe-à-Pitre'], ['97100', 'Basse-Terre']] },
  { code: '974', name: 'La Réunion', phoneZone: '02', communes: [['97400', 'Saint-Denis'], ['97410', 'Saint-Pierre']] },
];

/** Countries of birth abroad, as the INSEE country codes the NIR uses ('99' + 3 digits). */
export const BIRTH_COUNTRIES: readonly (readonly [insee: string, name: string])[] = [
  ['99350', 'Maroc'], ['99352', 'Algérie'], ['99351', 'Tunisie'], ['99139', 'Portugal'], ['99127', 'Italie'],
  ['99134', 'Espagne'], ['99109', 'Allemagne'], ['99131', 'Belgique'], ['99243', 'Viêt Nam'], ['99341', 'Sénégal'],
];
