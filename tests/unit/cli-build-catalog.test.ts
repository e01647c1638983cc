import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, loadEncoder } from '../../src/cli/build-catalog.js';
import { runCli as run } from './fixtures/run-cli';
import { formatOf, readRows } from '../../src/cli/read-rows.js';
import { itemText } from '../../src/core/item-text.js';
import { hashText } from '../../src/core/hash.js';
import { decodeCooc } from '../../src/core/cooc.js';
import { blockToFloat32, decodeEmbeddingBlock } from '../../src/core/catalog/embedding-block.js';
import { decodeItemsShard } from '../../src/core/catalog/items-shard.js';
import { decodeManifest } from '../../src/core/catalog/manifest.js';
import { diffManifests } from '../../src/core/catalog/manifest-diff.js';
import { validateCatalog } from '../../src/core/validate.js';
import type { Encoder } from '../../src/model/encoder.js';

const MODEL = 'public/models/alcove-mini-v3';
let dir: string;
let encoder: Encoder;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-cli-'));
  encoder = await loadEncoder(MODEL);
}, 60_000);
afterAll(async () => {
  await encoder?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('Encoder.embed', () => {
  it('returns the timings of its own call, also when calls overlap', async () => {
    const few = ['mug'];
    const many = Array.from({ length: 24 }, (_, i) => `stainless steel vacuum flask ${i}, keeps coffee hot`);
    // Runs are serialised inside the encoder: the second call's batches queue behind the first.
    const [a, b] = await Promise.all([encoder.embed(many, { batchSize: 8 }), encoder.embed(few)]);
    expect(a.vectors).toHaveLength(many.length * encoder.info.dim);
    expect(b.vectors).toHaveLength(encoder.info.dim);
    for (const t of [a.timings, b.timings]) {
      expect(t.inferenceMs).toBeGreaterThan(0);
      expect(t.tokenizeMs).toBeGreaterThanOrEqual(0);
    }
    // Three batches of 24 longer texts cost more inference than one single short one; a shared
    // side channel would report whichever call finished last for both.
    expect(a.timings.inferenceMs).toBeGreaterThan(b.timings.inferenceMs);
    expect(a.timings).not.toBe(b.timings);
  });
});


const BAD_JSONL = [
  '{"id":"a1","title":"Steel thermos bottle","price":"19.99","category":"Kitchen"}',
  '{"id":"a2","title":"Red boot","price":-3}',
  '{"title":"No id here"}',
  '{"id":"a1","title":"Duplicate of a1"}',
  '{"id":"a4","title":"   "}',
  'not json',
  `{"id":"a5","title":"Lamp","description":"${'x'.repeat(5001)}"}`,
  '',
  '{"id":"a6","title":"Fine lamp","price":"abc"}',
  '{"id":"a7","title":"Desk lamp","brand":"Lumo"}',
].join('\n');

describe('alcove build-catalog: validation', () => {
  it('names line and field of every bad row, keeps the valid ones, exits 1', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, BAD_JSONL);
    const out = join(dir, 'bad-out');
    const r = await run(['build-catalog', file, '--out', out]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual([
      `${file}:2: price: price must be a non-negative number at most 1000000000, not -3 (id "a2")`,
      `${file}:3: id: missing id`,
      `${file}:4: id: duplicate id "a1": line 1 has it already and is kept`,
      `${file}:5: title: missing or empty title (id "a4")`,
      expect.stringMatching(new RegExp(`^${file}:6: \\(row\\): not valid JSON`)),
      `${file}:7: description: description is 5001 characters; the limit is 5000 (id "a5")`,
      `${file}:9: price: price must be a number or a plain decimal string such as "12.50", not "abc" (id "a6")`,
      'alcove: 7 of 9 rows rejected (see above); the 2 valid rows were written',
    ]);
    expect(r.out).toMatch(/9 rows, 2 valid, 7 rejected/);
    const m = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(m.encoding).toBe('none');
    expect(m.itemCount).toBe(2);
    const items = decodeItemsShard(await readFile(join(out, m.shards[0]!.items.file)), 2);
    expect(items.map((i) => i.id)).toEqual(['a1', 'a7']);
    expect(items[0]!.price).toBe(19.99);
  });

  // Regression (issue 18): ids and prices follow the engine's one rule (core/item-id.ts, validate.ts).
  it('ids are kept exactly or refused with the reason, prices are never coerced, as in the engine', async () => {
    const file = join(dir, 'ids.csv');
    const long = 'L'.repeat(300);
    await writeFile(file, ['id,title,price', `${long}-first,Long one,1`, 'pad,Pad,2', '  pad  ,Padded,3', 'ab,AB,', 'x1,Hex,0x1F', 'x2,Blank, ', 'x3,Huge,1e308', 'x4,Fine,12.50', 'x4,Twice,1'].join('\n'));
    const out = join(dir, 'ids-out');
    const r = await run(['build-catalog', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([
      `${file}:2: id: id is 306 characters; the limit is 256`,
      `${file}:4: id: id has spaces at its start or end; ids are kept exactly, so trim them`,
      `${file}:6: price: price must be a number or a plain decimal string such as "12.50", not "0x1F" (id "x1")`,
      `${file}:7: price: price must be a number or a plain decimal string such as "12.50", not " " (id "x2")`,
      `${file}:8: price: price must be a number or a plain decimal string such as "12.50", not "1e308" (id "x3")`,
      `${file}:10: id: duplicate id "x4": line 9 has it already and is kept`,
      'alcove: 6 of 9 rows rejected (see above); the 3 valid rows were written',
    ]);
    const m = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    const items = decodeItemsShard(await readFile(join(out, m.shards[0]!.items.file)), 3);
    expect(items.map((i) => [i.id, i.price])).toEqual([['pad', 2], ['ab', undefined], ['x4', 12.5]]);
    // The event log's item ids go through the same rule: a padded id names no item.
    const events = join(dir, 'ids-events.csv');
    await writeFile(events, ['user,item,timestamp', 'u1,pad,1', 'u1,ab,2', 'u1,  pad  ,3'].join('\n'));
    const withEvents = await run(['build-catalog', file, '--out', out, '--events', events, '--json']);
    expect((JSON.parse(withEvents.out) as { cooc: { events: number; skipped: number } }).cooc).toMatchObject({ events: 2, skipped: 1 });
  });

  it('exits 2 on usage errors and on a catalog with no valid rows', async () => {
    expect((await run(['build-catalog', 'x.jsonl'])).code).toBe(2);
    expect((await run(['frobnicate'])).err).toMatch(/unknown command "frobnicate"/);
    expect((await run(['build-catalog', 'x.jsonl', '--out', dir, '--encoding', 'fp8'])).err).toMatch(/--encoding must be int8 or f16/);
    const file = join(dir, 'none.jsonl');
    await writeFile(file, '{"id":"x"}\n');
    const r = await run(['build-catalog', file, '--out', join(dir, 'none-out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no valid rows/);
    expect(existsSync(join(dir, 'none-out', 'manifest.json'))).toBe(false);
    expect((await run(['build-catalog', join(dir, 'missing.jsonl'), '--out', join(dir, 'm')])).code).toBe(2);
  });

  it('the installed bin returns the exit code to the shell', async () => {
    const file = join(dir, 'bad.jsonl');
    const res = await promisify(execFile)('node', ['src/cli/bin.mjs', 'build-catalog', file, '--out', join(dir, 'bin-out'), '--json']).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(res.code).toBe(1);
    const summary = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ rows: 9, valid: 2, rejected: 7 });
  }, 30_000);
});

describe('row readers', () => {
  it('CSV (quoted commas, quotes, multi-line fields) and JSON read the same rows with their lines', async () => {
    const csv = join(dir, 'c.csv');
    await writeFile(csv, 'id,title,price,description\r\n1,"Lamp, brass",12.5,"say ""hi""\nsecond line"\r\n2,Mug,,\n3,broken\n');
    const rows = [];
    for await (const r of readRows(csv, formatOf(csv))) rows.push(r);
    expect(rows).toEqual([
      { line: 2, value: { id: '1', title: 'Lamp, brass', price: '12.5', description: 'say "hi"\nsecond line' } },
      { line: 4, value: { id: '2', title: 'Mug', price: '', description: '' } },
      { line: 5, value: null, error: 'has 2 fields; the header has 4' },
    ]);
    const json = join(dir, 'c.json');
    await writeFile(json, '{"version":"x","meta":{"items":[1]},\n"items":[\n{"id":"1","title":"A {brace} \\"q\\""},\n 7,\n{"id":"2","title":"B","tags":["x",{"y":1}]}\n],"after":[{"id":"z"}]}');
    const jrows = [];
    for await (const r of readRows(json, 'json')) jrows.push(r);
    expect(jrows).toEqual([
      { line: 3, value: { id: '1', title: 'A {brace} "q"' } },
      { line: 4, value: null, error: 'row is not an object' },
      { line: 5, value: { id: '2', title: 'B', tags: ['x', { y: 1 }] } },
    ]);
    await writeFile(json, '[{"id":"1","title":"A"},{"id":"2","ti');
    await expect(async () => {
      for await (const _ of readRows(json, 'json'));
    }).rejects.toThrow(/truncated/);
  });
});

function catalogRows(n: number, edit?: { index: number; title: string }) {
  return Array.from({ length: n }, (_, i) => ({
    id: `sku-${i}`,
    title: edit?.index === i ? edit.title : `Product ${i} ${['kettle', 'boot', 'lamp', 'mug'][i % 4]}`,
    category: ['Kitchen', 'Footwear', 'Lighting'][i % 3],
    price: (i % 50) + 0.99,
  }));
}

describe('alcove build-catalog: shards and deltas', () => {
  it('re-running after one changed row rewrites only that row\'s shard and embeds only it', async () => {
    const file = join(dir, 'cat.jsonl');
    const out = join(dir, 'cat-out');
    const rows = catalogRows(400);
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const first = await buildCatalog({ input: file, out, encoder, model: MODEL, shardSize: 40 });
    expect(first).toMatchObject({ rows: 400, valid: 400, rejected: 0, embedded: 400, encoding: 'int8', dim: encoder.info.dim, shardsKept: 0 });
    expect(first.shards).toBeGreaterThan(4);
    expect(first.bytes.embeddingsPerItem).toBeCloseTo(encoder.info.dim + 4 + 12 * first.shards / 400, 1);
    const m1 = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    // The manifest's catalog version is the one the engine's ingest computes for these rows.
    const { items } = validateCatalog(rows);
    expect(m1.catalogVersion).toBe(hashText(items.map((it) => `${it.id}\u0000${hashText(itemText(it))}`).join('\u0001')));

    // Same input again: nothing embedded, nothing written.
    const again = await buildCatalog({ input: file, out, encoder, model: MODEL, shardSize: 40 });
    expect(again).toMatchObject({ embedded: 0, shardsWritten: 0, shardsKept: first.shards, filesWritten: [], filesDeleted: [] });

    // One row's title changes: one shard (items + embeddings) is new, the old pair is deleted.
    await writeFile(file, catalogRows(400, { index: 123, title: 'Brand new espresso machine' }).map((r) => JSON.stringify(r)).join('\n'));
    const edited = await buildCatalog({ input: file, out, encoder, model: MODEL, shardSize: 40 });
    const m2 = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    const diff = diffManifests(m1, m2);
    expect(diff.changed).toHaveLength(1);
    const changed = diff.changed[0]!.shard;
    const ids = decodeItemsShard(await readFile(join(out, changed.items.file))).map((i) => i.id);
    expect(ids).toContain('sku-123');
    expect(edited).toMatchObject({ shardsWritten: 1, shardsKept: first.shards - 1, embedded: changed.count });
    expect(edited.filesWritten.sort()).toEqual([changed.items.file, changed.embeddings!.file].sort());
    expect(edited.filesDeleted.sort()).toEqual(diff.filesToDelete.sort());
    expect(diff.filesToDelete).toHaveLength(2);
    const files = await readdir(out);
    expect(files).toHaveLength(1 + 2 * m2.shards.length);

    // Embeddings in the shard are the browser encoder's vectors (int8, cosine ≥ 0.999).
    const block = decodeEmbeddingBlock(await readFile(join(out, changed.embeddings!.file)), { dim: encoder.info.dim, count: changed.count });
    const vecs = blockToFloat32(block);
    const idx = ids.indexOf('sku-123');
    const { vectors: ref } = await encoder.embed([itemText(decodeItemsShard(await readFile(join(out, changed.items.file)))[idx]!)]);
    const d = encoder.info.dim;
    let dot = 0, nrm = 0;
    for (let j = 0; j < d; j++) {
      dot += ref[j]! * vecs[idx * d + j]!;
      nrm += vecs[idx * d + j]! ** 2;
    }
    expect(dot / Math.sqrt(nrm)).toBeGreaterThan(0.999);
  }, 120_000);

  it('inserting a row in the middle changes one shard, not every later one', async () => {
    const file = join(dir, 'ins.jsonl');
    const out = join(dir, 'ins-out');
    const rows = catalogRows(2000);
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const a = await buildCatalog({ input: file, out, shardSize: 64 });
    const m1 = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    rows.splice(500, 0, { id: 'new-1', title: 'Inserted item', category: 'Kitchen', price: 1 });
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const b = await buildCatalog({ input: file, out, shardSize: 64 });
    const m2 = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(a.shards).toBeGreaterThan(15);
    expect(b.shardsWritten).toBe(1);
    expect(diffManifests(m1, m2).changed).toHaveLength(1);
  });
});

describe('alcove build-catalog --events: the co-occurrence table', () => {
  it('writes the aggregate table from a log, in catalog order, listed in the manifest', async () => {
    const file = join(dir, 'cooc-cat.jsonl');
    const events = join(dir, 'events.csv');
    const out = join(dir, 'cooc-out');
    await writeFile(file, catalogRows(6).map((r) => JSON.stringify(r)).join('\n'));
    // Two shoppers buy sku-1 then sku-2; one views sku-1 then sku-5; a row for an unknown item.
    await writeFile(events, ['user,item,timestamp,type', 'u1,sku-1,1000,view', 'u1,sku-2,2000,purchase', 'u2,sku-2,2024-01-02T10:00:00Z,purchase',
      'u2,sku-1,2024-01-01T10:00:00Z,view', 'u3,sku-1,5,view', 'u3,sku-5,6,view', 'u3,gone,7,view'].join('\n'));
    const code = await run(['build-catalog', file, '--out', out, '--events', events, '--json']);
    expect(code.code).toBe(0);
    const summary = JSON.parse(code.out) as { cooc: { events: number; users: number; skipped: number; pairs: number; file: string } };
    expect(summary.cooc).toMatchObject({ events: 6, users: 3, skipped: 1 });
    const m = decodeManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(m.cooc?.file).toBe(summary.cooc.file);
    const t = decodeCooc(new Uint8Array(await readFile(join(out, m.cooc!.file))));
    expect(t.ids).toEqual(catalogRows(6).map((r) => r.id));
    const nbr = (id: string) => Array.from(t.neighbours.subarray(t.offsets[t.ids.indexOf(id)], t.offsets[t.ids.indexOf(id) + 1]), (k) => t.ids[k]);
    expect(nbr('sku-1')).toEqual(['sku-2', 'sku-5']); // 2 / sqrt(3 · 2) > 1 / sqrt(3 · 1)
    expect(nbr('sku-3')).toEqual([]);
    // Nothing per shopper in the file: no user ids, no timestamps.
    const text = new TextDecoder().decode(await readFile(join(out, m.cooc!.file)));
    expect(text).not.toMatch(/u1|u2|u3|2024-01/);
  });
});

describe('alcove build-catalog --events --model: the "for you" fit on the merchant\'s held-out shoppers', () => {
  it('ships the fitted mix, its held-out check and a best-seller list, and nothing about a shopper', async () => {
    const file = join(dir, 'fit-cat.jsonl');
    const events = join(dir, 'fit-events.csv');
    const out = join(dir, 'fit-out');
    const rows = catalogRows(12);
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    // 20 shoppers only buy sku-0 and its constant companion sku-7 (too short to hold out: they make
    // the table); 20 more view two items first, then do the same: held out, last purchase sku-7.
    const log = ['user,item,timestamp,type'];
    for (let u = 0; u < 40; u++) {
      const t = 1_700_000_000 + u * 1000;
      if (u >= 20) log.push(`shopper${u},sku-${1 + (u % 5)},${t},view`, `shopper${u},sku-${2 + (u % 4)},${t + 1},view`);
      log.push(`shopper${u},sku-0,${t + 2},purchase`, `shopper${u},sku-7,${t + 3},purchase`);
    }
    await writeFile(events, log.join('\n'));
    const r = await run(['build-catalog', file, '--out', out, '--model', MODEL, '--events', events, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { cooc: { fit: { kind: string; heldOut: { users: number; ndcg10: number; knnNdcg10: number } }; ranker: string } };
    expect(summary.cooc.ranker).toBe('alcove-dcn-v2');
    expect(summary.cooc.fit.heldOut.users).toBe(20);
    // sku-7 always follows sku-0: item-kNN finds it first, and the fit may not do worse than item-kNN.
    expect(summary.cooc.fit.heldOut.knnNdcg10).toBe(1);
    expect(summary.cooc.fit.heldOut.ndcg10).toBeGreaterThanOrEqual(summary.cooc.fit.heldOut.knnNdcg10);
    const text = await readFile(join(out, 'manifest.json'), 'utf8');
    const m = decodeManifest(text);
    expect(m.recommend).toEqual(summary.cooc.fit);
    expect(m.popular?.slice(0, 2)).toEqual(['sku-0', 'sku-7']);
    expect(text).not.toMatch(/shopper|1700000/);
  }, 120_000);
});
