import cliProgress from 'cli-progress';
import type { CliContext } from '../context.js';

/**
 * A progress bar on stderr when it is a terminal; nothing otherwise (so pipes, logs and --json stay clean).
 * @example const bar = progressBar(ctx, '{file} [{bar}] {percentage}% | {rows} rows | {eta_formatted}')
 */
export function progressBar(ctx: CliContext, format: string): cliProgress.SingleBar | undefined {
  const stream = ctx.stderr as NodeJS.WriteStream;
  if (!stream.isTTY || ctx.json) return undefined;
  return new cliProgress.SingleBar({ stream, format, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
}
