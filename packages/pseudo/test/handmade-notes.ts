// The hand-made notes: sources written as marked-up text (`{{TYPE:text}}` around every identifier), turned into
// text + spans by `parseMarkup`; `annotations.json` holds the result, which the bench reads.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDENTIFIER_TYPES, type IdentifierType, type PatientIdentifiers, type TypedSpan } from '../src/index.js';

export const HANDMADE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'handmade-notes');
export const ANNOTATIONS_FILE = path.join(HANDMADE_DIR, 'annotations.json');

export interface HandmadeNote {
  readonly id: string;
  /** Written after the de-identifier was frozen and first run blind (notes 21-28). */
  readonly heldOut?: boolean;
  readonly language: string;
  readonly kind: string;
  readonly patient?: PatientIdentifiers;
  readonly text: string;
  readonly spans: readonly TypedSpan[];
}

const MARK = /\{\{([A-Z_]+):([^{}]*)\}\}/g;

/**
 * Text and spans from marked-up text.
 * @example parseMarkup('Dr {{DOCTOR_NAME:Martin}}') // { text: 'Dr Martin', spans: [{ start: 3, end: 9, type: 'DOCTOR_NAME' }] }
 */
export function parseMarkup(markup: string): { text: string; spans: TypedSpan[] } {
  let text = '';
  const spans: TypedSpan[] = [];
  let at = 0;
  for (const m of markup.matchAll(MARK)) {
    const type = m[1] as IdentifierType;
    if (!IDENTIFIER_TYPES.includes(type)) throw new Error(`unknown identifier type ${type}`);
    text += markup.slice(at, m.index);
    const start = text.length;
    text += m[2];
    spans.push({ start, end: text.length, type });
    at = m.index + m[0].length;
  }
  text += markup.slice(at);
  if (text.includes('{{') || text.includes('}}')) throw new Error('unbalanced markup');
  return { text, spans };
}

/** The notes parsed from their marked-up sources (`NN-name.txt`: a JSON header line, `---`, the note). */
export function readHandmadeSources(): HandmadeNote[] {
  return readdirSync(HANDMADE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const source = readFileSync(path.join(HANDMADE_DIR, f), 'utf8');
      const sep = source.indexOf('\n---\n');
      if (sep < 0) throw new Error(`${f}: missing --- after the header`);
      const header = JSON.parse(source.slice(0, sep)) as Omit<HandmadeNote, 'text' | 'spans'>;
      return { ...header, ...parseMarkup(source.slice(sep + 5)) };
    });
}

export function loadHandmadeNotes(): HandmadeNote[] {
  return JSON.parse(readFileSync(ANNOTATIONS_FILE, 'utf8')) as HandmadeNote[];
}
