/**
 * `alcove fit-search`: fits the search fusion (how keyword and dense evidence combine, and the
 * no-match floor) on a merchant's judged search log, through the engine's own candidate stage
 * (src/engine/search.ts queryCandidates) on the browser's encoder, and writes it beside the model
 * (search-fusion.json) or into a catalog manifest (its `searchFusion`, which the engine prefers).
 *
 *   alcove fit-search --catalog items.jsonl --judgments log.csv --out FILE [--model DIR]
 *                     [--select judgments.csv] [--cache DIR] [--id NAME]
 *
 * Without --select, the judged queries are split 70/30 by a hash of the query: the fusion is
 * fitted on the 70% and chosen (among a few settings and keyword-first) on the 30%.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DEFAULT_SETTINGS, fitSearchFusion, KEYWORD_LED_FROM, keywordNdcg, pickNoMatchThreshold, type FusionQuery } from '../core/fit-search-fusion';
import { hashText } from '../core/hash';
import { itemText } from '../core/item-text';
import { searchFusionFile, type SearchFusion, type SearchFusionFile } from '../core/search-fusion';
import { MANIFEST_FORMAT } from '../core/catalog/format';
import { decodeManifest, encodeManifest } from '../core/catalog/manifest';
import type { CatalogItem } from '../core/types';
import { CatalogIndex } from '../engine/catalog-index';
import { queryCandidates, type SearchContext } from '../engine/search';
import type { Encoder } from '../model/encoder';
import { loadEncoder } from './build-catalog';
import { embedCatalog } from './embed-cache';
import { readSearchSet, type SearchCase } from './search-set';

export const FIT_SEARCH_USAGE = `usage: alcove fit-search --catalog <items.jsonl|csv|json> --judgments <log.csv> --out <file> [--model <dir>]
         [--select <judgments.csv>] [--cache <dir>] [--id <name>]

  --catalog <file>    the catalog (id, title, optional text/description, category, brand, price)
  --judgments <file>  judged searches: CSV header query,item,relevance (graded gain, 0 = not relevant)
  --out <file>        a catalog manifest.json (written into its searchFusion) or a fusion file
                      (e.g. <model dir>/search-fusion.json, which the engine reads at init)
  --model <dir>       the encoder the browser runs (default public/models/alcove-mini-v3)
  --select <file>     judged queries to choose the fit on (default: 30% of --judgments by query hash)
  --cache <dir>       keep the catalog embeddings there between runs`;

/** Strings no catalog should match: the no-match floor is placed between them and real queries. */
export function nonsenseQueries(count: number): string[] {
  const out = ['xqzv blorf'];
  for (let i = 0; out.length < count; i++) {
    const h = createHash('md5').update(`nonsense${i}`).digest();
    const word = (o: number, n: number) => Array.from({ length: n }, (_, k) => 'bcdfghjklmnpqrstvwxzqxz'[h[o + k]! % 23]).join('');
    out.push(h[15]! % 2 ? word(0, 4 + (h[14]! % 3)) : `${word(0, 4)} ${word(6, 5)}`);
  }
  return out;
}

/** Which part a judged query falls in without --select: 70% fit, 30% select, by md5 of the query. */
export const isSelectQuery = (query: string) => parseInt(createHash('md5').update(query).digest('hex').slice(0, 8), 16) % 10 >= 7;

type CandidateCtx = Pick<SearchContext, 'encoder' | 'catalog'>;

/** Each judged query through the engine's candidate stage, as the fitter reads it. */
export async function fusionQueries(ctx: CandidateCtx, cases: readonly SearchCase[]): Promise<{ queries: FusionQuery[]; noKeyword: { bestCos: number; gain: boolean }[] }> {
  const queries: FusionQuery[] = [];
  const noKeyword: { bestCos: number; gain: boolean }[] = [];
  for (const c of cases) {
    const r = await queryCandidates(ctx, c.query);
    const gains = Float32Array.from(r.candidates, (i) => c.gains.get(i) ?? 0);
    queries.push({ features: r.features, n: r.candidates.length, gains, judged: [...c.gains.values()], keyword: Float32Array.from(r.hits, (h) => h?.raw ?? 0) });
    if (r.keywordHits === 0) {
      const top = [...r.cos.keys()].sort((a, b) => r.cos[b]! - r.cos[a]!).slice(0, 10);
      noKeyword.push({ bestCos: r.bestCos, gain: top.some((k) => gains[k]! > 0) });
    }
  }
  return { queries, noKeyword };
}

export interface FitSearchReport {
  fusion: SearchFusion;
  file: SearchFusionFile;
  fitQueries: number;
  selectQueries: number;
}

/** Fits a fusion for `items` from judged `fit` and `select` cases (the CLI's work, callable from tools). */
export async function fitSearch(
  opts: { encoder: Encoder; items: readonly CatalogItem[]; matrix: Float32Array; fit: readonly SearchCase[]; select: readonly SearchCase[]; id: string; source: string },
  log: (s: string) => void = () => undefined,
): Promise<FitSearchReport> {
  const { encoder, items, matrix } = opts;
  const catalog = new CatalogIndex(items, items.map((it) => hashText(itemText(it))), matrix, encoder.info.dim, 'fit-search', opts.source);
  const ctx: CandidateCtx = { encoder, catalog };
  log(`candidates for ${opts.fit.length} fit and ${opts.select.length} selection queries ...`);
  const fit = await fusionQueries(ctx, opts.fit);
  const select = await fusionQueries(ctx, opts.select);
  const result = fitSearchFusion(fit.queries, select.queries, DEFAULT_SETTINGS, log);
  // The no-match floor: nonsense (when the catalog has no keyword for it) and judged queries with
  // no keyword match and no gain in the dense top 10 should be flagged; the rest should not.
  const nonsense = await fusionQueries(ctx, nonsenseQueries(100).map((query) => ({ query, gains: new Map() })));
  const noKeyword = [...select.noKeyword, ...fit.noKeyword];
  const flag = [...nonsense.noKeyword.map((x) => x.bestCos), ...noKeyword.filter((x) => !x.gain).map((x) => x.bestCos)];
  const keep = noKeyword.filter((x) => x.gain).map((x) => x.bestCos);
  const noMatchBelow = pickNoMatchThreshold(flag, keep);
  const fusion: SearchFusion = { id: opts.id, modelId: encoder.info.modelId, weights: result.weights, covered: result.covered, keywordLedFrom: KEYWORD_LED_FROM, noMatchBelow };
  const r4 = (x: number) => +x.toFixed(4);
  const file = searchFusionFile(fusion, {
    on: opts.source,
    fitQueries: opts.fit.length,
    selectQueries: opts.select.length,
    chosen: result.chosen,
    queries: result.counts,
    selectNdcg10: r4(result.selectNdcg),
    selectKeywordNdcg10: r4(result.keywordSelect),
    selectNdcg10ByChoice: Object.fromEntries(Object.entries(result.select).map(([part, m]) => [part, Object.fromEntries(Object.entries(m).map(([k, v]) => [k, r4(v)]))])),
    fitKeywordNdcg10: r4(keywordNdcg(fit.queries)),
    noMatch: { nonsenseWithoutKeywordMatch: nonsense.noKeyword.length, judgedWithoutKeywordMatch: noKeyword.length, flagged: flag.length, kept: keep.length },
  });
  return { fusion, file, fitQueries: opts.fit.length, selectQueries: opts.select.length };
}

/** Writes the fusion into a catalog manifest (its searchFusion) or as a fusion file. */
export async function writeFusion(out: string, file: SearchFusionFile): Promise<'manifest' | 'file'> {
  if (existsSync(out)) {
    const text = await readFile(out, 'utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: overwritten below as a fusion file
    }
    if ((json as { format?: unknown } | null)?.format === MANIFEST_FORMAT) {
      const manifest = decodeManifest(json);
      await writeFile(out, encodeManifest({ ...manifest, searchFusion: file }));
      return 'manifest';
    }
  }
  await writeFile(out, `${JSON.stringify(file, null, 1)}\n`);
  return 'file';
}

function flagsOf(argv: readonly string[]): Record<string, string> {
  const known = ['catalog', 'judgments', 'out', 'model', 'select', 'cache', 'id'];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith('--') ? a.slice(2).split('=', 1)[0]! : '';
    if (!known.includes(name)) throw new RangeError(`unknown argument ${a}`);
    const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
    if (v === undefined) throw new RangeError(`--${name} needs a value`);
    flags[name] = v;
  }
  for (const need of ['catalog', 'judgments', 'out']) if (!flags[need]) throw new RangeError(`--${need} is required`);
  return flags;
}

export async function fitSearchMain(argv: readonly string[], io: { out: { write(s: string): unknown }; err: { write(s: string): unknown } }): Promise<number> {
  let flags: Record<string, string>;
  try {
    flags = flagsOf(argv);
  } catch (e) {
    io.err.write(`alcove fit-search: ${e instanceof Error ? e.message : String(e)}\n${FIT_SEARCH_USAGE}\n`);
    return 2;
  }
  try {
    const log = (s: string) => io.err.write(`${s}\n`);
    const { items, cases } = await readSearchSet(flags['catalog']!, flags['judgments']!);
    const select = flags['select'] ? (await readSearchSet(flags['catalog']!, flags['select'])).cases : cases.filter((c) => isSelectQuery(c.query));
    const fit = flags['select'] ? cases : cases.filter((c) => !isSelectQuery(c.query));
    if (fit.length === 0 || select.length === 0) throw new RangeError(`need judged queries to fit and to select on (got ${fit.length} and ${select.length})`);
    const modelDir = resolve(flags['model'] ?? 'public/models/alcove-mini-v3');
    const encoder = await loadEncoder(modelDir);
    const matrix = flags['cache'] ? await embedCatalog(encoder, items, resolve(flags['cache']), log) : (await encoder.embed(items.map(itemText))).vectors;
    const report = await fitSearch({ encoder, items, matrix, fit, select, id: flags['id'] ?? `fit-${basename(flags['judgments']!).replace(/\..*$/, '')}`, source: flags['judgments']! }, log);
    const where = await writeFusion(flags['out']!, report.file);
    io.out.write(`${JSON.stringify({ out: flags['out'], wroteInto: where, ...report.file })}\n`);
    return 0;
  } catch (e) {
    io.err.write(`alcove fit-search: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
