import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppError } from '@parcours/core';

export interface FileDigest {
  readonly path: string;
  /**
   * The name recorded in the warehouse and in quarantine entries: the file with its parent folder
   * (`site-01/Patient.ndjson`), enough to tell one hospital's Bulk Data files from another's without recording
   * absolute paths.
   */
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** SHA-256 of a file's bytes, streamed: what makes "the same file" for the load ledger, whatever its name. */
export async function digestFile(path: string): Promise<FileDigest> {
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch (cause) {
    throw new AppError('not_found', 'input file not found', { cause, details: { file: basename(path) } });
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { path, name: `${basename(dirname(path))}/${basename(path)}`.slice(-255), sha256: hash.digest('hex'), bytes };
}
