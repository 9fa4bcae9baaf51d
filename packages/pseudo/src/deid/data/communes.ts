/**
 * The largest French communes (metropolitan and overseas, about 30,000 inhabitants and more, INSEE legal
 * populations), typed for this package: a city written alone in a note ("Lyon, le 12 mars", "né à Roubaix") is
 * recognised from this list; any other city is recognised after a postcode or when it is the patient's own.
 */
export const COMMUNES: readonly string[] = [
  'Paris', 'Marseille', 'Lyon', 'Toulouse', 'Nice', 'Nantes', 'Montpellier', 'Strasbourg', 'Bordeaux', 'Lille',
  'Rennes', 'Reims', 'Toulon', 'Saint-Étienne', 'Le Havre', 'Grenoble', 'Dijon', 'Angers', 'Villeurbanne',
  'Saint-Denis', 'Nîmes', 'Clermont-Ferrand', 'Le Mans', 'Aix-en-Provence', 'Brest', 'Tours', 'Amiens', 'Limoges',
  'Annecy', 'Perpignan', 'Boulogne-Billancourt', 'Metz', 'Besançon', 'Orléans', 'Argenteuil', 'Rouen', 'Montreuil',
  'Mulhouse', 'Caen', 'Saint-Paul', 'Nancy', 'Tourcoing', 'Roubaix', 'Nanterre', 'Vitry-sur-Seine', 'Avignon',
  'Créteil', 'Poitiers', 'Dunkerque', 'Aubervilliers', 'Versailles', 'Aulnay-sous-Bois', 'Asnières-sur-Seine',
  'Colombes', 'Saint-Pierre', 'Courbevoie', 'Fort-de-France', 'Cherbourg-en-Cotentin', 'Rueil-Malmaison',
  'Champigny-sur-Marne', 'Le Tampon', 'Pau', 'Béziers', 'La Rochelle', 'Saint-Maur-des-Fossés', 'Calais', 'Cannes',
  'Antibes', 'Drancy', 'Ajaccio', 'Mérignac', 'Saint-Nazaire', 'Colmar', 'Issy-les-Moulineaux', 'Noisy-le-Grand',
  'Évry-Courcouronnes', 'Vénissieux', 'Cergy', 'Levallois-Perret', 'Valence', 'Bourges', 'Pessac', 'Cayenne',
  'Ivry-sur-Seine', 'Quimper', 'La Seyne-sur-Mer', 'Antony', "Villeneuve-d'Ascq", 'Clichy', 'Troyes', 'Montauban',
  'Neuilly-sur-Seine', 'Pantin', 'Niort', 'Chambéry', 'Sarcelles', 'Le Blanc-Mesnil', 'Lorient', 'Saint-André',
  'Beauvais', 'Maisons-Alfort', 'Meaux', 'Narbonne', 'Chelles', 'Villejuif', 'Hyères', 'Épinay-sur-Seine',
  'La Roche-sur-Yon', 'Bobigny', 'Cholet', 'Saint-Quentin', 'Les Abymes', 'Vannes', 'Bondy', 'Fréjus', 'Arles',
  'Clamart', 'Sartrouville', 'Évreux', 'Saint-Louis', 'Grasse', 'Laval', 'Belfort', 'Bayonne', 'Albi', 'Vincennes',
  'Saint-Ouen-sur-Seine', 'Blois', 'Corbeil-Essonnes', 'Brive-la-Gaillarde', 'Montrouge', 'Martigues',
  'Chalon-sur-Saône', 'Charleville-Mézières', 'Châteauroux', 'Saint-Malo', 'Massy', 'Suresnes', 'Carcassonne',
  'Compiègne', 'Aubagne', 'Saint-Germain-en-Laye', 'Meudon', 'Alfortville', 'Valenciennes', 'Mantes-la-Jolie',
  'Noisy-le-Sec', 'Saint-Brieuc', 'Livry-Gargan', 'Rosny-sous-Bois', 'Gennevilliers', 'Castres', 'Choisy-le-Roi',
  'Puteaux', 'Bourg-en-Bresse', 'Melun', 'Sète', 'Vaulx-en-Velin', 'Tarbes', 'Rezé', 'Arras', 'Bastia', 'Istres',
  'Caluire-et-Cuire', 'Salon-de-Provence', 'Angoulême', 'Garges-lès-Gonesse', 'Boulogne-sur-Mer', 'Alès', 'Talence',
  'Thionville', 'Douai', 'Wattrelos', 'Gap', 'Bagneux', 'Le Cannet', 'Anglet', 'Chartres', 'Montélimar',
  'Draguignan', 'Marcq-en-Barœul', 'Saint-Priest', 'Colomiers', 'Villefranche-sur-Saône', 'Poissy', 'Échirolles',
  'Joué-lès-Tours', 'Châlons-en-Champagne', 'Nevers', 'Saint-Herblain', 'Montluçon', 'Saint-Chamond', 'Dieppe',
  'Saint-Laurent-du-Maroni', 'Pontault-Combault', 'Tremblay-en-France', 'Creil', 'Auxerre', 'Mâcon',
  'Romans-sur-Isère', 'Roanne', 'Villepinte', 'Agen', 'Lens', 'Cagnes-sur-Mer', 'Périgueux', 'Saint-Raphaël',
  'Sotteville-lès-Rouen', 'Le Lamentin', 'Vienne', 'Dreux', 'Six-Fours-les-Plages', 'Bron', 'Herblay-sur-Seine',
  'Mont-de-Marsan', 'Savigny-sur-Orge', "Saint-Martin-d'Hères", 'Nogent-sur-Marne', 'Cambrai', 'Épinal',
  'Conflans-Sainte-Honorine', 'Saint-Benoît', 'Blagnac', 'Le Perreux-sur-Marne', 'Sainte-Geneviève-des-Bois',
  'Châtillon', 'Vigneux-sur-Seine', 'Palaiseau', 'Illkirch-Graffenstaden', 'Montigny-le-Bretonneux', 'Bagnolet',
  'Saint-Dié-des-Vosges', 'Haguenau', 'Stains', 'Schiltigheim', 'Orange', 'Gagny', 'Bezons', 'Lunel', 'Frontignan',
  'Vierzon', 'Saint-Laurent-du-Var', 'Lanester', 'Rillieux-la-Pape', 'Meyzieu', 'Décines-Charpieu', 'Oullins',
  'Sainte-Foy-lès-Lyon', 'Saint-Genis-Laval', 'Pierre-Bénite', 'Bourgoin-Jallieu', 'Voiron', 'Annemasse',
  'Thonon-les-Bains', 'Aix-les-Bains', 'Le Puy-en-Velay', 'Aurillac', 'Rodez', 'Cahors', 'Auch', 'Foix', 'Dax',
  'Biarritz', 'Bergerac', 'Libourne', 'Saintes', 'Rochefort', 'Cognac', 'Sens', 'Dole', 'Montbéliard', 'Vesoul',
  'Moulins', 'Vichy', 'Tulle', 'Guéret', 'Châtellerault', 'Saumur', 'Alençon', 'Lisieux', 'Saint-Lô', 'Fougères',
  'Vitré', 'Lannion', 'Morlaix', 'Concarneau', 'Pontivy', 'Les Sables-d\'Olonne', 'Vendôme', 'Montargis', 'Vernon',
  'Abbeville', 'Soissons', 'Laon', 'Épernay', 'Chaumont', 'Saint-Dizier', 'Sedan', 'Verdun', 'Bar-le-Duc',
  'Lunéville', 'Forbach', 'Sarreguemines', 'Saverne', 'Sélestat', 'Mende', 'Privas', 'Digne-les-Bains', 'Manosque',
  'Carpentras', 'Cavaillon', 'La Ciotat', 'Menton', 'Porto-Vecchio', 'Millau', 'Pamiers', 'Lourdes', 'Mamoudzou',
  'Pointe-à-Pitre', 'Basse-Terre', 'Saint-Joseph', 'Sainte-Marie', 'Le Port', 'Schœlcher', 'Matoury', 'Koungou',
  'Nouméa', 'Papeete', 'Sainte-Anne', 'Villeneuve-Saint-Georges', 'Villeneuve-sur-Lot', 'Fontenay-sous-Bois',
  'Saint-Cloud', 'Sèvres', 'Chatou', 'Houilles', 'Plaisir', 'Trappes', 'Les Mureaux', 'Guyancourt', 'Élancourt',
  'Saint-Médard-en-Jalles', 'Bègles', 'Villenave-d\'Ornon', 'Le Bouscat', 'Gradignan', 'Tournefeuille', 'Muret',
  'Castelnau-le-Lez', 'Lattes', 'Agde', 'Vallauris', 'Mandelieu-la-Napoule', 'Saint-Tropez',
  'Miramas', 'Vitrolles', 'Marignane', 'Gardanne', 'Orvault', 'Saint-Sébastien-sur-Loire', 'Vertou',
  'Bourg-la-Reine', 'Sceaux', 'Fontenay-aux-Roses', 'Le Kremlin-Bicêtre', 'Cachan', 'Arcueil', 'Gentilly',
  'Charenton-le-Pont', 'Saint-Mandé', 'Villiers-sur-Marne', 'Torcy', 'Lagny-sur-Marne', 'Brunoy', 'Yerres',
  'Draveil', 'Ris-Orangis', 'Grigny', 'Les Ulis', 'Orsay', 'Rambouillet', 'Étampes', 'Fontainebleau', 'Provins',
  'Nemours', 'Montereau-Fault-Yonne', 'Saint-Amand-les-Eaux', 'Armentières', 'Hazebrouck', 'Maubeuge', 'Liévin',
  'Hénin-Beaumont', 'Béthune', 'Saint-Omer', 'Le Creusot', 'Beaune', 'Autun', 'Oyonnax', 'Cluses', 'Sallanches',
  'Albertville', 'Montbrison', 'Firminy', 'Rive-de-Gier', 'Villefontaine',
];

/**
 * Communes whose name is also a common word or a given name (French or English): recognised alone only after
 * "à", "de", "sur", a postcode or before ", le <date>", never on capitalisation alone.
 */
export const AMBIGUOUS_COMMUNES: readonly string[] = [
  'Nice', 'Orange', 'Sens', 'Tours', 'Lens', 'Laval', 'Gap', 'Antony', 'Vienne', 'Valence', 'Grasse', 'Dole', 'Sedan',
  'Vernon', 'Saintes', 'Moulins', 'Stains', 'Plaisir', 'Torcy', 'Creil', 'Agen', 'Dax', 'Foix', 'Auch', 'Pau',
  'Tulle', 'Vichy', 'Le Port', 'Sainte-Marie', 'Saint-Louis', 'Saint-Pierre', 'Saint-Paul', 'Saint-Joseph',
  'Sainte-Anne', 'Saint-André', 'Saint-Denis', 'Saint-Benoît', 'Lourdes', 'Cognac',
  'Millau', 'Mende', 'Vitré', 'Marignane',
];
