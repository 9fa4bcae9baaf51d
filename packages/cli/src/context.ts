import { EnvironmentKeyStore, DEFAULT_WAREHOUSE_URL, openWarehouse, type OpenWarehouseOptions, type Warehouse } from '@parcours/store';

/** What every command may need, resolved once from flags and the environment (the CLI's composition root). */
export interface CliContext {
  readonly warehouseUrl: string;
  /** True when --warehouse or PARCOURS_WAREHOUSE named the warehouse (false: the embedded default). */
  readonly warehouseGiven: boolean;
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Open the context's warehouse, or another URL, with the key store and crypto settings of the environment. */
  open(options?: Pick<OpenWarehouseOptions, 'create'> & { readonly url?: string }): Promise<Warehouse>;
}

export interface GlobalOptions {
  readonly warehouse?: string;
  readonly json?: boolean;
}

/** `--warehouse` wins over PARCOURS_WAREHOUSE, which wins over the embedded default. */
export function createContext(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
  io: { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream } = { stdout: process.stdout, stderr: process.stderr },
): CliContext {
  const given = options.warehouse ?? (env['PARCOURS_WAREHOUSE'] || undefined);
  const warehouseUrl = given ?? DEFAULT_WAREHOUSE_URL;
  const keyStore = new EnvironmentKeyStore(env);
  return {
    warehouseUrl,
    warehouseGiven: given !== undefined,
    json: options.json ?? false,
    env,
    stdout: io.stdout,
    stderr: io.stderr,
    open: ({ url, ...opts } = {}) =>
      openWarehouse(url ?? warehouseUrl, {
        ...opts,
        keyStore,
        allowBuiltInCrypto: env['PARCOURS_DUCKDB_ALLOW_BUILTIN_CRYPTO'] === '1',
      }),
  };
}
