import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@parcours/core';
import { deidentifyText, type PatientIdentifiers, type Pseudonymizer } from '@parcours/pseudo';

/** One note's text (and title) to clean, with what is known of its patient. */
export interface NoteJob {
  readonly text: string;
  readonly title: string | undefined;
  readonly identifiers: PatientIdentifiers | undefined;
  readonly offset: number;
}

/**
 * What a worker receives: the jobs, with each patient's identifiers sent once per batch under a number that stays
 * the same for the same identifiers object, so that the worker prepares a patient's identifiers once, not per note.
 */
export interface NoteBatch {
  readonly batch: number;
  readonly jobs: readonly { readonly text: string; readonly title: string | undefined; readonly record: number; readonly offset: number }[];
  readonly records: readonly (readonly [number, PatientIdentifiers])[];
}

export interface NoteResults {
  readonly batch: number;
  readonly texts: readonly string[];
  readonly titles: readonly (string | undefined)[];
}

export type NoteDone = (text: string, title: string | undefined) => void;

/**
 * De-identifies note texts, inline or in worker threads. Results are handed back through `deliver()`, on the
 * caller's schedule, because their callbacks write rows and rows must not be added while a batch is being flushed.
 */
export interface NoteDeidentifier {
  submit(job: NoteJob, done: NoteDone): void;
  /** Run the callbacks of the jobs that have finished. */
  deliver(): void;
  /** Let finished work in (workers' messages arrive between event-loop turns), then deliver it. */
  settle(): Promise<void>;
  /** Wait for every job, then deliver. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The texts of notes per message to a worker, and the batches the workers may hold before the mapping thread helps:
 * up to ~8,000 notes (~10–20 MB) queued, so that notes read early are cleaned while the mapping thread goes on with
 * other records, and memory stays bounded whatever the export's size.
 */
const BATCH = 32;
const BATCHES_IN_FLIGHT_PER_WORKER = 256;

/**
 * The de-identifier a load uses. De-identification costs far more per record than mapping (a note is about half a
 * millisecond), so with placeholders it runs in worker threads beside the mapping — one per spare core — when the
 * compiled worker script is there (the build); consistent surrogates need the pseudonymizer, whose key never leaves
 * this thread, so they run inline, as does everything when running from TypeScript sources (tests).
 */
export function createNoteDeidentifier(pseudonymizer: Pseudonymizer, surrogates: boolean): NoteDeidentifier {
  const script = new URL('./deid-worker.js', import.meta.url);
  // One worker per core beside the mapping thread's (up to 4); two workers on two cores measured slower (each
  // warms up the de-identifier's dictionaries and JIT on its own).
  const workers = Math.max(1, Math.min(4, availableParallelism() - 1));
  if (!surrogates && script.protocol === 'file:' && existsSync(fileURLToPath(script))) return new WorkerNoteDeidentifier(script, workers);
  return new InlineNoteDeidentifier(pseudonymizer, surrogates);
}

export class InlineNoteDeidentifier implements NoteDeidentifier {
  private readonly pseudonymizer: Pseudonymizer;
  private readonly surrogates: boolean;

  constructor(pseudonymizer: Pseudonymizer, surrogates: boolean) {
    this.pseudonymizer = pseudonymizer;
    this.surrogates = surrogates;
  }

  submit(job: NoteJob, done: NoteDone): void {
    const options = { replacement: this.surrogates ? ('surrogate' as const) : ('placeholder' as const), dateShiftDays: job.offset, pseudonymizer: this.pseudonymizer };
    done(deidentifyText(job.text, job.identifiers, options).text, job.title === undefined ? undefined : deidentifyText(job.title, job.identifiers, options).text);
  }

  deliver(): void {}

  settle(): Promise<void> {
    return Promise.resolve();
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class WorkerNoteDeidentifier implements NoteDeidentifier {
  private readonly workers: Worker[];
  private nextWorker = 0;
  private queue: NoteJob[] = [];
  /** Numbers of identifiers objects (patients' records are replaced, never mutated, when they grow). */
  private readonly recordNumbers = new WeakMap<PatientIdentifiers, number>();
  private lastRecordNumber = 0;
  private queueDone: NoteDone[] = [];
  private batchId = 0;
  private readonly inFlight = new Map<number, NoteDone[]>();
  private readonly finished: { readonly done: readonly NoteDone[]; readonly results: NoteResults }[] = [];
  private readonly finishedHere: (() => void)[] = [];
  private waiters: (() => void)[] = [];
  private failure: unknown;
  private closing = false;

  constructor(script: URL, count: number) {
    this.workers = Array.from({ length: count }, () => {
      // A larger young generation: de-identification allocates many short-lived strings (fewer scavenges). No
      // inherited node flags: the worker is compiled code and resolves packages to their builds, whatever the parent
      // runs under (a test runner resolving them to TypeScript sources, for one).
      const worker = new Worker(script, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      worker.on('message', (r: NoteResults) => {
        const done = this.inFlight.get(r.batch);
        this.inFlight.delete(r.batch);
        if (done !== undefined) this.finished.push({ done, results: r });
        this.wake();
      });
      worker.on('error', (e) => {
        this.failure ??= e;
        this.wake();
      });
      worker.on('exit', (code) => {
        if (!this.closing) this.failure ??= new Error(`de-identification worker exited with code ${code}`);
        this.wake();
      });
      return worker;
    });
  }

  /** Whether the workers hold as many batches as they may (memory and latency bound). */
  private get saturated(): boolean {
    return this.inFlight.size >= BATCHES_IN_FLIGHT_PER_WORKER * this.workers.length;
  }

  /**
   * Queue a note for the workers — or, when they are saturated, de-identify it here: the mapping thread shares the
   * work instead of waiting, so every core stays busy and memory stays bounded.
   */
  submit(job: NoteJob, done: NoteDone): void {
    if (this.saturated) {
      const options = { replacement: 'placeholder' as const, dateShiftDays: job.offset };
      const text = deidentifyText(job.text, job.identifiers, options).text;
      const title = job.title === undefined ? undefined : deidentifyText(job.title, job.identifiers, options).text;
      this.finishedHere.push(() => done(text, title));
      return;
    }
    this.queue.push(job);
    this.queueDone.push(done);
    if (this.queue.length >= BATCH) this.send();
  }

  deliver(): void {
    if (this.failure !== undefined) throw new AppError('internal', 'note de-identification failed in a worker thread: nothing was written', { cause: this.failure });
    for (const f of this.finished) for (let i = 0; i < f.done.length; i++) f.done[i]!(f.results.texts[i]!, f.results.titles[i]);
    this.finished.length = 0;
    for (const d of this.finishedHere) d();
    this.finishedHere.length = 0;
  }

  /**
   * Workers' results arrive as messages, which are only handled between event-loop turns; a load that maps record
   * after record without leaving the loop would see the workers saturated for ever and do every note itself. While
   * they are saturated, give the loop one turn per record.
   */
  async settle(): Promise<void> {
    if (this.saturated) await new Promise<void>((resolve) => setImmediate(resolve));
    this.deliver();
  }

  async drain(): Promise<void> {
    this.send();
    while (this.inFlight.size > 0 && this.failure === undefined) await this.nextMessage();
    this.deliver();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(): void {
    if (this.queue.length === 0) return;
    const batch = ++this.batchId;
    this.inFlight.set(batch, this.queueDone);
    const records = new Map<number, PatientIdentifiers>();
    const jobs = this.queue.map((j) => ({ text: j.text, title: j.title, offset: j.offset, record: j.identifiers === undefined ? 0 : this.recordNumber(j.identifiers, records) }));
    const message: NoteBatch = { batch, jobs, records: [...records] };
    this.workers[this.nextWorker++ % this.workers.length]!.postMessage(message);
    this.queue = [];
    this.queueDone = [];
  }

  private recordNumber(identifiers: PatientIdentifiers, records: Map<number, PatientIdentifiers>): number {
    let n = this.recordNumbers.get(identifiers);
    if (n === undefined) {
      n = ++this.lastRecordNumber;
      this.recordNumbers.set(identifiers, n);
    }
    records.set(n, identifiers);
    return n;
  }

  private nextMessage(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
