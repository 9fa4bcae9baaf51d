import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Characters gathered in memory per file before they are handed to the file stream (one folder may hold 40 files). */
const CHUNK_CHARS = 1 << 18;

/**
 * An append-only text file written in large chunks with back-pressure: `add` gathers text synchronously (cheap in a
 * hot loop), `drain` hands full chunks to the stream and waits when the disk is behind, so memory stays bounded
 * whatever the size of the output.
 *
 * @example
 * const w = new LineFileWriter('out/Patient.ndjson');
 * w.add('{"resourceType":"Patient"}\n'); await w.drain(); await w.close();
 */
export class LineFileWriter {
  readonly path: string;
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private pending = 0;
  /** Text units written (lines when the caller adds one line at a time). */
  lines = 0;

  constructor(path: string) {
    this.path = path;
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  add(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    this.lines++;
  }

  /** Write the gathered text if there is enough of it (or `force`), waiting for the stream to drain. */
  async drain(force = false): Promise<void> {
    if (this.pending === 0 || (!force && this.pending < CHUNK_CHARS)) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.drain(true);
    this.stream.end();
    await once(this.stream, 'finish');
  }

  /** Close without caring about errors (after another failure). */
  destroy(): void {
    this.stream.destroy();
  }
}
