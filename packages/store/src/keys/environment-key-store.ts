import { readFile } from 'node:fs/promises';
import { AppError, type KeyName, type KeyStore } from '@parcours/core';

/**
 * Keys from the environment: `PARCOURS_KEY_<NAME>` holds the key itself (hex, or base64 prefixed with `base64:`),
 * or `PARCOURS_KEY_<NAME>_FILE` names a file holding it (one line). A key shorter than 16 bytes is refused: short
 * keys can be guessed.
 *
 * @example PARCOURS_KEY_WAREHOUSE_FILE=/run/secrets/warehouse.key parcours info
 */
export class EnvironmentKeyStore implements KeyStore {
  private readonly env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.env = env;
  }

  async getKey(name: KeyName): Promise<Uint8Array | undefined> {
    const variable = `PARCOURS_KEY_${name.toUpperCase()}`;
    const inline = this.env[variable];
    const file = this.env[`${variable}_FILE`];
    if (inline !== undefined && inline !== '') return decodeKey(inline, variable);
    if (file !== undefined && file !== '') {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (cause) {
        throw new AppError('not_found', `cannot read the key file named by ${variable}_FILE`, { cause, details: { field: `${variable}_FILE` } });
      }
      return decodeKey(text.trim(), `${variable}_FILE`);
    }
    return undefined;
  }
}

/** A key store holding fixed keys, for tests and for embedding. */
export class StaticKeyStore implements KeyStore {
  private readonly keys: Partial<Record<KeyName, Uint8Array>>;

  constructor(keys: Partial<Record<KeyName, Uint8Array>>) {
    this.keys = keys;
  }

  async getKey(name: KeyName): Promise<Uint8Array | undefined> {
    return this.keys[name];
  }
}

function decodeKey(text: string, source: string): Uint8Array {
  let bytes: Uint8Array;
  if (text.startsWith('base64:')) bytes = Buffer.from(text.slice(7), 'base64');
  else if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) bytes = Buffer.from(text, 'hex');
  else throw new AppError('invalid_argument', 'the key must be hex, or base64 prefixed with "base64:"', { details: { field: source } });
  if (bytes.length < 16) throw new AppError('invalid_argument', 'the key must be at least 16 bytes (32 hex digits)', { details: { field: source } });
  return bytes;
}
