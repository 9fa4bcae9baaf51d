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

export interface NoteBatch {
  readonly batch: number;
  readonly jobs: readonly NoteJob[];
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
  /** Whether enough work is queued that the caller should wait (`whenReady`) before giving more. */
  readonly busy: boolean;
  whenReady(): Promise<void>;
  /** Run the callbacks of the jobs that have finished. */
  deliver(): void;
  /** Wait for every job, then deliver. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** The texts of notes per message to a worker, and the batches a worker may hold: bounds memory and latency. */
const BATCH = 32;
const BATCHES_IN_FLIGHT_PER_WORKER = 4;

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
  readonly busy = false;
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

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  deliver(): void {}

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
  private queueDone: NoteDone[] = [];
  private batchId = 0;
  private readonly inFlight = new Map<number, NoteDone[]>();
  private readonly finished: { readonly done: readonly NoteDone[]; readonly results: NoteResults }[] = [];
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

  get busy(): boolean {
    return this.inFlight.size >= BATCHES_IN_FLIGHT_PER_WORKER * this.workers.length;
  }

  submit(job: NoteJob, done: NoteDone): void {
    this.queue.push(job);
    this.queueDone.push(done);
    if (this.queue.length >= BATCH) this.send();
  }

  async whenReady(): Promise<void> {
    while (this.busy && this.failure === undefined) await this.nextMessage();
  }

  deliver(): void {
    if (this.failure !== undefined) throw new AppError('internal', 'note de-identification failed in a worker thread: nothing was written', { cause: this.failure });
    for (const f of this.finished) for (let i = 0; i < f.done.length; i++) f.done[i]!(f.results.texts[i]!, f.results.titles[i]);
    this.finished.length = 0;
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
    const message: NoteBatch = { batch, jobs: this.queue };
    this.workers[this.nextWorker++ % this.workers.length]!.postMessage(message);
    this.queue = [];
    this.queueDone = [];
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
