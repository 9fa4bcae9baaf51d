import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openWarehouse, sql, type Warehouse } from '@parcours/store';

/**
 * The engines every behavioural test runs against. PostgreSQL runs when PARCOURS_TEST_PG names a database
 * (CI sets it); each warehouse gets its own schema so that runs never collide, dropped afterwards.
 */
export interface EngineUnderTest {
  readonly name: 'duckdb' | 'postgres';
  readonly available: boolean;
  readonly skipReason?: string;
  /** A fresh, empty warehouse of this engine. */
  open(): Promise<Warehouse & { readonly url: string }>;
  /** The URL of a fresh, empty warehouse that nobody holds open (for other processes), and how to remove it. */
  fresh(): Promise<{ readonly url: string; cleanup(): Promise<void> }>;
}

const pgUrl = process.env['PARCOURS_TEST_PG'];

export const ENGINES: readonly EngineUnderTest[] = [
  {
    name: 'duckdb',
    available: true,
    open: () => openFresh(freshDuckDb),
    fresh: freshDuckDb,
  },
  {
    name: 'postgres',
    available: pgUrl !== undefined && pgUrl !== '',
    skipReason: 'PostgreSQL suite SKIPPED: set PARCOURS_TEST_PG=postgres://postgres@127.0.0.1:5432/test to run it',
    open: () => openFresh(freshPostgres),
    fresh: freshPostgres,
  },
];

async function openFresh(fresh: () => Promise<{ url: string; cleanup(): Promise<void> }>): Promise<Warehouse & { readonly url: string }> {
  const target = await fresh();
  return withCleanup(await openWarehouse(target.url, { create: true }), target.url, () => target.cleanup());
}

async function freshDuckDb(): Promise<{ url: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-test-'));
  return { url: `duckdb:${path.join(dir, 'warehouse.duckdb')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A schema of its own per warehouse, so that runs never collide; dropped by cleanup. */
async function freshPostgres(): Promise<{ url: string; cleanup(): Promise<void> }> {
  const schema = `parcours_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const base = new URL(pgUrl!);
  base.searchParams.set('schema', schema);
  return {
    url: base.href,
    cleanup: async () => {
      const admin = await openWarehouse(pgUrl!, {});
      try {
        await admin.execute(sql`drop schema if exists ${sql.id(schema)} cascade`);
      } finally {
        await admin.close();
      }
    },
  };
}

function withCleanup(wh: Warehouse, url: string, cleanup: () => Promise<void>): Warehouse & { url: string } {
  const close = wh.close.bind(wh);
  return Object.assign(wh, {
    url,
    async close() {
      await close();
      await cleanup();
    },
    async [Symbol.asyncDispose]() {
      await close();
      await cleanup();
    },
  });
}

/** Announce skipped engines loudly; under CI a skipped PostgreSQL suite is a failure (see .ci/run). */
export function reportSkips(): void {
  for (const engine of ENGINES) {
    if (engine.available) continue;
    if (process.env['CI'] === 'true') throw new Error(`${engine.skipReason} (CI=true: a skipped suite fails the run)`);
    console.warn(`\n*** ${engine.skipReason} ***\n`);
  }
}
