import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '@parcours/core';

export interface FileDigest {
  readonly path: string;
  /** The name recorded in the warehouse (base name: directories may carry identifying text). */
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
  return { path, name: basename(path).slice(0, 255), sha256: hash.digest('hex'), bytes };
}
