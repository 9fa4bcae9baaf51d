import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '@parcours/core';
import type { Pseudonymizer } from './pseudonymizer.js';

/**
 * Patients who objected to the research use of their data (GDPR art. 21; CNIL référentiel "entrepôts de données de
 * santé"). One source identifier per line: an IPP or a NIR, optionally qualified by its identifier system
 * (`http://hospital/ipp|12345678`). Blank lines and `#` comments are ignored. A bare value matches that value in
 * any system; the NIR (nationally unique) is the safest entry.
 */
export class OppositionList {
  private readonly bare = new Set<string>();
  private readonly qualified = new Set<string>();

  private constructor(entries: readonly string[]) {
    for (const e of entries) {
      const bar = e.lastIndexOf('|');
      if (bar > 0) this.qualified.add(`${e.slice(0, bar)}|${normaliseIdentifier(e.slice(bar + 1))}`);
      else this.bare.add(normaliseIdentifier(e));
    }
  }

  static empty(): OppositionList {
    return new OppositionList([]);
  }

  /** Parse the text of an opposition file; a malformed line is an error located by file and line (without its value). */
  static parse(text: string, fileName = 'opposition list'): OppositionList {
    const entries: string[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.replace(/#.*$/, '').trim();
      if (line === '') return;
      const value = line.slice(line.lastIndexOf('|') + 1).trim();
      if (value === '' || /[\s,;]/.test(value.replace(/ /g, '')) || value.length > 128) {
        throw new AppError('invalid_input', 'an opposition entry must be one identifier per line (IPP or NIR, optionally SYSTEM|VALUE)', {
          details: { file: fileName, line: i + 1 },
        });
      }
      entries.push(line);
    });
    return new OppositionList(entries);
  }

  static async fromFile(path: string): Promise<OppositionList> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new AppError('not_found', 'cannot read the opposition file', { cause, details: { file: basename(path) } });
    }
    return OppositionList.parse(text, basename(path));
  }

  get size(): number {
    return this.bare.size + this.qualified.size;
  }

  /** Whether a patient identifier (value, and its system when known) is on the list. */
  matches(value: string, system?: string): boolean {
    const v = normaliseIdentifier(value);
    return this.bare.has(v) || (system !== undefined && this.qualified.has(`${system}|${v}`));
  }

  /**
   * The keyed pseudonyms under which the warehouse may know these patients (`parcours_person_key`): bare values as
   * IPP and NIR, qualified values as patient keys. Used to remove, at the next load, patients loaded before they
   * objected.
   */
  personKeyPseudonyms(pseudonymizer: Pseudonymizer): string[] {
    const out: string[] = [];
    for (const v of this.bare) out.push(pseudonymizer.pseudonym('ipp', v), pseudonymizer.pseudonym('nir', v));
    for (const q of this.qualified) out.push(pseudonymizer.pseudonym('patient', q), pseudonymizer.pseudonym('ipp', q.slice(q.lastIndexOf('|') + 1)));
    return out;
  }
}

/** Identifiers compare without spaces (NIRs are written "1 58 03 69 123 456 78"). */
export function normaliseIdentifier(value: string): string {
  return value.replace(/\s+/g, '');
}
