/**
 * Where secret keys come from. Secrets never live in the warehouse, in logs, in errors or in results: code asks the
 * key store for a key by name when it needs it and keeps it in memory only.
 *
 * Names: `warehouse` encrypts the DuckDB file at rest; `pseudonym` keys the HMAC pseudonyms.
 */
export type KeyName = 'warehouse' | 'pseudonym';

export interface KeyStore {
  /** The key's bytes, or undefined when no key of that name is configured. */
  getKey(name: KeyName): Promise<Uint8Array | undefined>;
}
