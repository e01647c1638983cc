/**
 * `alcove fit-search` end to end on a small judged catalog with the shipped encoder: the fusion
 * goes into a built catalog's manifest (kept by later builds) or into a file, and bad input
 * exits 2 with a message.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './fixtures/run-cli';
import { nonsenseQueries } from '../../src/cli/fit-search.js';
import { parseSearchFusion } from '../../src/core/search-fusion.js';
import { decodeManifest } from '../../src/core/catalog/manifest';

const MODEL = 'public/models/alcove-mini-v3';
let dir: string;

const kinds = ['thermos', 'kettle', 'boot', 'lamp', 'trowel', 'mug'];
const items = kinds.flatMap((k, i) =>
  Array.from({ length: 5 }, (_, j) => ({ id: `${k}-${j}`, title: `${['Steel', 'Red', 'Oak', 'Blue', 'Glass'][j]} ${k}${j === 4 ? 's' : ''}`, category: ['Kitchen', 'Kitchen', 'Footwear', 'Lighting', 'Garden', 'Kitchen'][i] })),
);
// Judged searches: the items of the kind are relevant (the plural title by stem), one other kind judged 0.
const queries = kinds.flatMap((k, i) => [`${k}`, `${k}s`, `${['red', 'oak', 'blue'][i % 3]} ${k}`, `keep warm ${k}`].map((q) => [q, k, kinds[(i + 1) % kinds.length]!] as const));
const judgments = ['query,item,relevance', ...queries.flatMap(([q, k, other]) => [...[0, 1, 2, 3, 4].map((j) => `${q},${k}-${j},${j === 1 ? 2 : 1}`), `${q},${other}-0,0`])].join('\n');


beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-fit-'));
  await writeFile(join(dir, 'catalog.jsonl'), items.map((it) => JSON.stringify(it)).join('\n'));
  await writeFile(join(dir, 'judgments.csv'), judgments);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('alcove fit-search', () => {
  it('writes the fitted fusion into a built catalog manifest, and build-catalog keeps it', async () => {
    const out = join(dir, 'built');
    expect((await run(['build-catalog', join(dir, 'catalog.jsonl'), '--out', out, '--model', MODEL])).code).toBe(0);
    const r = await run(['fit-search', '--catalog', join(dir, 'catalog.jsonl'), '--judgments', join(dir, 'judgments.csv'), '--out', join(out, 'manifest.json'), '--model', MODEL, '--id', 'test-fit']);
    expect(r.err).not.toMatch(/alcove fit-search:/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { wroteInto: string; fitted: { selectNdcg10: number; selectKeywordNdcg10: number } };
    expect(report.wroteInto).toBe('manifest');
    expect(report.fitted.selectNdcg10).toBeGreaterThanOrEqual(report.fitted.selectKeywordNdcg10);
    const manifest = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    const fusion = parseSearchFusion(manifest.searchFusion);
    expect(fusion.id).toBe('test-fit');
    expect(fusion.modelId).toBe('alcove-mini-v3');
    expect(manifest.shards.length).toBeGreaterThan(0);
    // A later build of the same folder keeps the merchant's fusion.
    expect((await run(['build-catalog', join(dir, 'catalog.jsonl'), '--out', out, '--model', MODEL])).code).toBe(0);
    expect(decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8')).searchFusion?.id).toBe('test-fit');
  }, 120_000);

  it('writes a standalone fusion file elsewhere', async () => {
    const file = join(dir, 'search-fusion.json');
    const r = await run(['fit-search', '--catalog', join(dir, 'catalog.jsonl'), '--judgments', join(dir, 'judgments.csv'), '--out', file, '--model', MODEL]);
    expect(r.code).toBe(0);
    expect(parseSearchFusion(JSON.parse(await readFile(file, 'utf8'))).id).toBe('fit-judgments');
  }, 120_000);

  it('exits 2 with a message on missing flags, unknown items and unknown options', async () => {
    const r1 = await run(['fit-search', '--catalog', join(dir, 'catalog.jsonl')]);
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/--judgments is required/);
    await writeFile(join(dir, 'bad.csv'), 'query,item,relevance\nlamp,no-such-item,1\n');
    const r2 = await run(['fit-search', '--catalog', join(dir, 'catalog.jsonl'), '--judgments', join(dir, 'bad.csv'), '--out', join(dir, 'x.json'), '--model', MODEL]);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/"no-such-item" is not in the catalog/);
    expect((await run(['fit-search', '--frobnicate', 'x'])).err).toMatch(/unknown argument --frobnicate/);
  }, 60_000);

  it('nonsense strings are deterministic and distinct', () => {
    const a = nonsenseQueries(50);
    expect(a).toEqual(nonsenseQueries(50));
    expect(new Set(a).size).toBe(50);
    expect(a[0]).toBe('xqzv blorf');
  });
});
