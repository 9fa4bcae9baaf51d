/**
 * Common French first names, written for this generator (no list copied): roughly ordered from the most to the less
 * frequent among people born between 1930 and 2010, so that a Zipf-like weight by rank gives a plausible spread.
 * Older-generation names come first because most cancer patients were born before 1970.
 */
export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Marie', 'Jeanne', 'Françoise', 'Monique', 'Catherine', 'Nathalie', 'Isabelle', 'Sylvie', 'Martine', 'Christine',
  'Jacqueline', 'Anne', 'Nicole', 'Michèle', 'Danielle', 'Brigitte', 'Chantal', 'Sandrine', 'Valérie', 'Véronique',
  'Patricia', 'Christiane', 'Josiane', 'Colette', 'Madeleine', 'Simone', 'Denise', 'Yvette', 'Suzanne', 'Odette',
  'Geneviève', 'Paulette', 'Germaine', 'Marguerite', 'Hélène', 'Annie', 'Dominique', 'Évelyne', 'Joëlle', 'Claudine',
  'Bernadette', 'Marcelle', 'Huguette', 'Renée', 'Lucienne', 'Yvonne', 'Andrée', 'Josette', 'Ginette', 'Arlette',
  'Céline', 'Stéphanie', 'Laurence', 'Corinne', 'Florence', 'Pascale', 'Karine', 'Agnès', 'Béatrice', 'Caroline',
  'Élisabeth', 'Frédérique', 'Muriel', 'Sophie', 'Virginie', 'Aurélie', 'Émilie', 'Julie', 'Audrey', 'Laetitia',
  'Mélanie', 'Elodie', 'Séverine', 'Delphine', 'Carole', 'Magali', 'Cécile', 'Claire', 'Hélèna', 'Myriam',
  'Laure', 'Fabienne', 'Gisèle', 'Mireille', 'Lucie', 'Camille', 'Sarah', 'Laura', 'Marion', 'Pauline',
  'Manon', 'Léa', 'Chloé', 'Emma', 'Inès', 'Clara', 'Jade', 'Louise', 'Alice', 'Lina',
  'Anaïs', 'Mathilde', 'Océane', 'Justine', 'Charlotte', 'Margaux', 'Juliette', 'Zoé', 'Eva', 'Romane',
  'Fatima', 'Nadia', 'Samira', 'Leila', 'Yasmina', 'Malika', 'Karima', 'Naïma', 'Aïcha', 'Sonia',
  'Maria', 'Ana', 'Rosa', 'Carmen', 'Teresa', 'Paola', 'Giulia', 'Ngoc', 'Linh', 'Aminata',
  'Solange', 'Thérèse', 'Raymonde', 'Micheline', 'Jocelyne', 'Liliane', 'Marie-Claude', 'Marie-France', 'Marie-Thérèse', 'Anne-Marie',
  'Marie-Christine', 'Marie-Hélène', 'Marie-Pierre', 'Régine', 'Viviane', 'Ghislaine', 'Maryse', 'Noëlle', 'Edith', 'Henriette',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Alain', 'Bernard', 'Jacques', 'Daniel', 'Christian',
  'Patrick', 'Gérard', 'Claude', 'René', 'Louis', 'Marcel', 'Roger', 'Robert', 'Henri', 'Georges',
  'François', 'Paul', 'Serge', 'Jean-Pierre', 'Jean-Claude', 'Jean-Louis', 'Jean-Marie', 'Jean-Paul', 'Jean-Michel', 'Jean-François',
  'Dominique', 'Gilles', 'Didier', 'Thierry', 'Éric', 'Pascal', 'Frédéric', 'Laurent', 'Christophe', 'Stéphane',
  'Olivier', 'Nicolas', 'David', 'Sébastien', 'Vincent', 'Franck', 'Bruno', 'Yves', 'Guy', 'Maurice',
  'Raymond', 'Lucien', 'Roland', 'Jackie', 'Joseph', 'Gilbert', 'Marc', 'Guy', 'Hervé', 'Denis',
  'Jérôme', 'Emmanuel', 'Cédric', 'Fabrice', 'Ludovic', 'Julien', 'Mickaël', 'Guillaume', 'Romain', 'Alexandre',
  'Antoine', 'Maxime', 'Thomas', 'Kevin', 'Anthony', 'Jonathan', 'Florian', 'Mathieu', 'Benjamin', 'Damien',
  'Lucas', 'Hugo', 'Théo', 'Nathan', 'Enzo', 'Louis', 'Gabriel', 'Raphaël', 'Arthur', 'Jules',
  'Léo', 'Adam', 'Noah', 'Tom', 'Mathis', 'Ethan', 'Baptiste', 'Clément', 'Quentin', 'Valentin',
  'Mohamed', 'Ahmed', 'Karim', 'Rachid', 'Mustapha', 'Abdel', 'Youssef', 'Said', 'Mehdi', 'Samir',
  'José', 'Manuel', 'Antonio', 'Carlos', 'Giuseppe', 'Mario', 'Francesco', 'Duc', 'Minh', 'Mamadou',
  'Albert', 'Fernand', 'Émile', 'Gaston', 'Léon', 'Armand', 'Édouard', 'Jean-Luc', 'Jean-Jacques', 'Jean-Yves',
  'Régis', 'Joël', 'Lionel', 'Xavier', 'Arnaud', 'Sylvain', 'Cyril', 'Fabien', 'Yannick', 'Gaël',
  'Loïc', 'Erwan', 'Yann', 'Ronan', 'Hubert', 'Bertrand', 'Benoît', 'Grégoire', 'Rémi', 'Tristan',
];
