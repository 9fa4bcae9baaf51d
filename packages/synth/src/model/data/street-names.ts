/** Street types and names of French addresses, written for this generator (the names are the commonest ones). */
export const STREET_TYPES: readonly string[] = ['rue', 'rue', 'rue', 'rue', 'avenue', 'avenue', 'boulevard', 'place', 'chemin', 'allée', 'impasse', 'route', 'quai', 'cours'];

export const STREET_NAMES: readonly string[] = [
  'de la République', 'Victor Hugo', 'Jean Jaurès', 'Pasteur', 'du Général de Gaulle', 'Jules Ferry', 'de la Gare',
  'de l\'Église', 'du Moulin', 'des Écoles', 'de la Mairie', 'Gambetta', 'Voltaire', 'de la Liberté', 'des Lilas',
  'des Tilleuls', 'du Stade', 'de la Paix', 'Émile Zola', 'Carnot', 'Anatole France', 'du 8 Mai 1945',
  'du 11 Novembre', 'Louis Pasteur', 'Jean Moulin', 'Pierre Curie', 'Marie Curie', 'de Verdun', 'de la Fontaine',
  'des Acacias', 'des Peupliers', 'du Château', 'de Paris', 'Nationale', 'du Commerce', 'Saint-Martin',
  'des Roses', 'des Vignes', 'du Port', 'de la Libération', 'Foch', 'Clemenceau', 'Aristide Briand', 'Thiers',
  'Lamartine', 'Alsace-Lorraine', 'des Champs', 'du Bois', 'de Bretagne', 'Henri Barbusse', 'Paul Vaillant-Couturier',
  'Jean-Baptiste Clément', 'George Sand', 'Molière', 'Racine', 'des Cerisiers', 'des Marronniers', 'du Parc',
  'de la Forêt', 'des Prés', 'de Provence', 'Sainte-Catherine', 'de Strasbourg', 'de Lyon', 'Nationale 7',
];
