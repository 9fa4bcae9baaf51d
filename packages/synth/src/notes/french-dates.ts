import type { Rng } from '../random/rng.js';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'] as const;

/** The ways French clinical notes write a date. */
export const FRENCH_DATE_STYLES = ['numeric', 'long', 'short'] as const;
export type FrenchDateStyle = (typeof FRENCH_DATE_STYLES)[number];

/**
 * An ISO date as a French note writes it.
 * @example frenchDate('2021-03-12', 'numeric') // '12/03/2021'
 * @example frenchDate('2021-03-01', 'long')    // '1er mars 2021'
 * @example frenchDate('2021-04-03', 'short')   // '3/4/21'
 */
export function frenchDate(iso: string, style: FrenchDateStyle): string {
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  switch (style) {
    case 'numeric':
      return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${year}`;
    case 'long':
      return `${day === 1 ? '1er' : day} ${MONTHS[month - 1] ?? ''} ${year}`;
    case 'short':
      return `${day}/${month}/${year.slice(2)}`;
  }
}

/** A date in a style drawn at random, mostly numeric as in real notes. */
export function anyFrenchDate(iso: string, random: Rng): string {
  const u = random.uniform();
  return frenchDate(iso, u < 0.6 ? 'numeric' : u < 0.85 ? 'long' : 'short');
}
