import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { AppError, type KeyStore } from '@parcours/core';

/**
 * What a pseudonym stands for. The domain is part of the HMAC input, so the same source value gives unrelated
 * pseudonyms in different domains (an IPP and a visit number that happen to be equal do not collide or link).
 */
export type PseudonymDomain =
  | 'patient'
  | 'ipp'
  | 'nir'
  | 'visit'
  | 'record'
  | 'specimen'
  | 'dicom-uid'
  | 'date-shift'
  | 'surrogate'
  | 'note';

/** Hex digits kept from the HMAC for a pseudonym: 160 bits, collision-free at any hospital's scale, fits VARCHAR(50). */
const PSEUDONYM_HEX_LENGTH = 40;
const MIN_KEY_BYTES = 16;

/**
 * Keyed pseudonyms (HMAC-SHA-256): stable across loads with the same key, unlinkable across keys, and not
 * reversible without the key. The key stays in a private field: it is never serialised, printed or logged
 * (`JSON.stringify` and `util.inspect` show `[Pseudonymizer]`).
 *
 * @example
 * const p = Pseudonymizer.fromKey(key);
 * p.pseudonym('ipp', '10000001') // '3f1c…' (40 hex digits), the same for the same key
 */
export class Pseudonymizer {
  readonly #key: Buffer;

  private constructor(key: Uint8Array) {
    if (key.length < MIN_KEY_BYTES) throw new AppError('invalid_argument', `the pseudonymization key must be at least ${MIN_KEY_BYTES} bytes`, { details: { field: 'key' } });
    this.#key = Buffer.from(key);
  }

  static fromKey(key: Uint8Array): Pseudonymizer {
    return new Pseudonymizer(key);
  }

  /** The `pseudonym` key of a key store (PARCOURS_KEY_PSEUDONYM or PARCOURS_KEY_PSEUDONYM_FILE). */
  static async fromKeyStore(keys: KeyStore): Promise<Pseudonymizer> {
    const key = await keys.getKey('pseudonym');
    if (key === undefined) {
      throw new AppError('invalid_argument', 'no pseudonymization key: give --key-file FILE or set PARCOURS_KEY_PSEUDONYM_FILE', { details: { field: 'key' } });
    }
    return new Pseudonymizer(key);
  }

  /**
   * A key file: its bytes, or one line of hex (or `base64:…`). The file's content never appears in an error.
   */
  static async fromKeyFile(path: string): Promise<Pseudonymizer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new AppError('not_found', 'cannot read the key file', { cause, details: { field: 'key-file' } });
    }
    const text = bytes.toString('utf8').trim();
    if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) return new Pseudonymizer(Buffer.from(text, 'hex'));
    if (text.startsWith('base64:')) return new Pseudonymizer(Buffer.from(text.slice(7), 'base64'));
    return new Pseudonymizer(bytes);
  }

  /** The full 32-byte HMAC of a value in a domain. */
  digest(domain: PseudonymDomain, value: string): Buffer {
    return createHmac('sha256', this.#key).update(domain).update('\0').update(value).digest();
  }

  /** A 40-hex-digit pseudonym of a source value. */
  pseudonym(domain: PseudonymDomain, value: string): string {
    return this.digest(domain, value).toString('hex', 0, PSEUDONYM_HEX_LENGTH / 2);
  }

  /**
   * A DICOM UID stand-in under the `2.25` root (UUID-derived UIDs, DICOM PS3.5 §B.2): 128 bits of the HMAC as a
   * decimal integer, at most 44 characters, stable for the same UID and key.
   */
  dicomUid(uid: string): string {
    const d = this.digest('dicom-uid', uid);
    return `2.25.${BigInt(`0x${d.toString('hex', 0, 16)}`).toString(10)}`;
  }

  /** A uniform integer in [0, n) derived from a value: for consistent surrogates and offsets. */
  integer(domain: PseudonymDomain, value: string, n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new AppError('invalid_argument', 'integer range must be 1..2^32', { details: { field: 'n' } });
    // 48 bits of the HMAC modulo n: the bias is below n / 2^48, negligible for the ranges used here.
    const d = this.digest(domain, value);
    return (d.readUIntBE(0, 6) % n) >>> 0;
  }

  /**
   * The patient's date-shift offset in days: uniform in [−maxDays, +maxDays] without 0, one per patient and key, so
   * that every date of a patient moves together and intervals are preserved.
   */
  dateShiftDays(patientKey: string, maxDays: number): number {
    if (!Number.isInteger(maxDays) || maxDays < 0 || maxDays > 3650) {
      throw new AppError('invalid_argument', 'the date shift must be a whole number of days between 0 and 3650', { details: { field: 'date-shift' } });
    }
    if (maxDays === 0) return 0;
    const k = this.integer('date-shift', patientKey, 2 * maxDays);
    return k < maxDays ? k - maxDays : k - maxDays + 1;
  }

  toJSON(): string {
    return '[Pseudonymizer]';
  }

  [inspect.custom](): string {
    return '[Pseudonymizer]';
  }
}
