/**
 * The `alcove` command line (merchant side). Usage:
 *
 *   alcove fit-search ...   (src/cli/fit-search.ts: fits the search fusion on a judged search log)
 *
 *   alcove build-catalog <catalog.jsonl|csv|json> --out <dir> [--model <dir>]
 *                        [--shard-size 4096] [--encoding int8|f16] [--format jsonl|csv|json]
 *                        [--batch-size 32] [--events <log.csv|jsonl>] [--ranker <dir>] [--keep-stale] [--json]
 *
 * Exit codes: 0 all rows valid; 1 some rows rejected (the valid ones were written);
 * 2 usage error or nothing could be built.
 */
import { buildCatalog, type BuildSummary, type Rejection } from './build-catalog';
import { FIT_SEARCH_USAGE, fitSearchMain } from './fit-search';

const USAGE = `usage: alcove build-catalog <catalog.jsonl|csv|json> --out <dir> [--model <dir>]
         [--shard-size 4096] [--encoding int8|f16] [--format jsonl|csv|json] [--batch-size 32]
         [--events <log.csv|jsonl>] [--ranker <dir>] [--keep-stale] [--json]

  --model <dir>     model folder as the browser loads it (config.json, tokenizer.json, onnx/);
                    without it the catalog is text-only and browsers embed it themselves
  --out <dir>       output folder: manifest.json + content-hashed shard files
  --shard-size N    target items per shard (content-defined boundaries, N/4 .. 4N)
  --encoding E      int8 (per-vector scale, default) or f16
  --events <file>   aggregate interaction log (columns user, item, timestamp[, type]): writes the
                    item co-occurrence table the trained ranker reads, and (with --model) fits
                    how "for you" mixes the ranker, item-kNN and popularity on held-out shoppers
                    of this log; only the aggregate table, the weights and a best-seller list ship
  --ranker <dir>    trained ranker for that fit (default: <model>/../../ranker/alcove-dcn-v2)
  --keep-stale      keep shard files the new manifest no longer references
  --json            print the summary as one JSON object

${FIT_SEARCH_USAGE}`;

export class UsageError extends Error {}

export interface CliArgs {
  command: string;
  input: string;
  out: string;
  model?: string;
  shardSize: number;
  encoding: 'int8' | 'f16';
  format?: 'jsonl' | 'csv' | 'json';
  batchSize: number;
  events?: string;
  ranker?: string;
  keepStale: boolean;
  json: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'build-catalog') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (name === 'keep-stale' || name === 'json') flags[name] = true;
    else if (['out', 'model', 'shard-size', 'encoding', 'format', 'batch-size', 'events', 'ranker'].includes(name)) {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = v;
    } else throw new UsageError(`unknown option --${name}`);
  }
  if (positional.length !== 1) throw new UsageError('give exactly one catalog file');
  if (typeof flags['out'] !== 'string') throw new UsageError('--out <dir> is required');
  const int = (name: string, dflt: number) => {
    const v = flags[name];
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
    return n;
  };
  const encoding = (flags['encoding'] ?? 'int8') as string;
  if (encoding !== 'int8' && encoding !== 'f16') throw new UsageError('--encoding must be int8 or f16');
  const format = flags['format'] as string | undefined;
  if (format !== undefined && !['jsonl', 'csv', 'json'].includes(format)) throw new UsageError('--format must be jsonl, csv or json');
  return {
    command,
    input: positional[0]!,
    out: flags['out'],
    model: typeof flags['model'] === 'string' ? flags['model'] : undefined,
    shardSize: int('shard-size', 4096),
    encoding,
    format: format as CliArgs['format'],
    batchSize: int('batch-size', 32),
    events: typeof flags['events'] === 'string' ? flags['events'] : undefined,
    ranker: typeof flags['ranker'] === 'string' ? flags['ranker'] : undefined,
    keepStale: flags['keep-stale'] === true,
    json: flags['json'] === true,
  };
}

export function formatRejection(file: string, r: Rejection): string {
  return `${file}:${r.line}: ${r.field}: ${r.message}${r.id !== undefined && r.field !== 'id' ? ` (id "${r.id}")` : ''}`;
}

const kb = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`);

function fitLine(f: NonNullable<NonNullable<BuildSummary['cooc']>['fit']>, ranker: string | null): string {
  const h = f.heldOut;
  const m = f.mix;
  const mix = `item-kNN ${m.knn} (decay ${m.decay}) + popularity ${m.popularity} + interest ${m.text}`;
  const figures = `NDCG@10 ${h.ndcg10} on ${h.users} held-out shoppers (item-kNN alone ${h.knnNdcg10}, ranker alone ${h.rankerNdcg10})`;
  return f.kind === 'item-knn' ? `${mix}, without ${ranker ?? 'a ranker'}: ${figures}` : `${ranker} ${m.ranker} + ${mix}: ${figures}`;
}

export function formatSummary(s: BuildSummary): string {
  const lines = [
    `catalog   ${s.input}: ${s.rows} rows, ${s.valid} valid, ${s.rejected} rejected`,
    `model     ${s.modelId ?? '(none: text-only catalog, browsers embed it)'}${s.modelId ? `, dim ${s.dim}, ${s.encoding}` : ''}`,
    `shards    ${s.shards} (${s.shardsWritten} written, ${s.shardsKept} unchanged), ${s.embedded} items embedded in this run`,
    `files     ${s.filesWritten.length} written, ${s.filesDeleted.length} stale deleted, in ${s.out}`,
    `size      ${kb(s.bytes.total)} total: items ${kb(s.bytes.items)}, embeddings ${kb(s.bytes.embeddings)}; ${s.bytes.perItem} bytes/item (${s.bytes.embeddingsPerItem} of them embeddings)`,
    ...(s.cooc ? [`cooc      ${s.cooc.file}: ${s.cooc.pairs} neighbour pairs from ${s.cooc.events} events of ${s.cooc.users} users (${s.cooc.skipped} rows skipped), ${kb(s.cooc.bytes)}`] : []),
    ...(s.cooc?.fit ? [`for you   ${fitLine(s.cooc.fit, s.cooc.ranker)}`] : []),
    `version   ${s.catalogVersion}`,
    `time      ${(s.ms / 1000).toFixed(1)} s`,
  ];
  return lines.join('\n');
}

export interface CliIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown; isTTY?: boolean };
}

export async function main(argv: readonly string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  if (argv[0] === 'fit-search') return fitSearchMain(argv.slice(1), io);
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err.write(`alcove: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const tty = io.err.isTTY === true;
  let shown = 0;
  let lastDraw = 0;
  let drawn = false;
  const clear = () => {
    if (drawn) io.err.write('\r\x1b[K');
    drawn = false;
  };
  const t0 = Date.now();
  try {
    const summary = await buildCatalog({
      input: args.input,
      out: args.out,
      model: args.model,
      shardSize: args.shardSize,
      encoding: args.encoding,
      format: args.format,
      events: args.events,
      ranker: args.ranker,
      batchSize: args.batchSize,
      deleteStale: !args.keepStale,
      onReject: (r) => {
        if (shown++ < 200) {
          clear();
          io.err.write(`${formatRejection(args.input, r)}\n`);
        } else if (shown === 202) io.err.write('... (further rejections counted in the summary)\n');
      },
      onProgress: tty
        ? (p) => {
            const now = Date.now();
            if (now - lastDraw < 200) return;
            lastDraw = now;
            const rate = p.embedded > 0 ? `, ${Math.round(p.embedded / ((now - t0) / 1000))} items/s` : '';
            io.err.write(`\r\x1b[K${p.rows} rows read, ${p.valid} valid, ${p.embedded} embedded, ${p.shards} shards${rate}`);
            drawn = true;
          }
        : undefined,
    });
    clear();
    if (summary.valid === 0) {
      io.err.write(`alcove: ${args.input} has no valid rows (${summary.rejected} rejected); nothing written\n`);
      return 2;
    }
    io.out.write(args.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    if (summary.rejected > 0) {
      io.err.write(`alcove: ${summary.rejected} of ${summary.rows} rows rejected (see above); the ${summary.valid} valid rows were written\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    clear();
    io.err.write(`alcove: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
