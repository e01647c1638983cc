/** loadSearchFusion over real HTTP: a valid file is used; missing or invalid ones fall back to the blend, saying why. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordFirstWeights } from '../../src/core/fit-search-fusion';
import { searchFusionFile } from '../../src/core/search-fusion';
import { loadSearchFusion } from '../../src/model/search-fusion-loader';

const valid = searchFusionFile({ id: 'shop-fit', modelId: 'm', weights: keywordFirstWeights(), covered: keywordFirstWeights(), keywordLedFrom: 0.5, noMatchBelow: 0.4 });
const files: Record<string, string> = {
  '/good/search-fusion.json': JSON.stringify(valid),
  '/bad/search-fusion.json': JSON.stringify({ ...valid, weights: [1, 2] }),
  '/garbled/search-fusion.json': '{ not json',
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(body ?? 'missing');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('loadSearchFusion', () => {
  it('uses a valid search-fusion.json beside the model', async () => {
    const r = await loadSearchFusion(`${base}/good/`, null);
    expect(r.fusion?.id).toBe('shop-fit');
    expect(r.note).toMatch(/^fitted fusion shop-fit/);
  });
  it('falls back to the ranker blend when the file is missing, invalid or not JSON', async () => {
    expect(await loadSearchFusion(`${base}/none/`, null)).toEqual({ fusion: null, note: 'ranker blend: the model has no search-fusion.json' });
    const bad = await loadSearchFusion(`${base}/bad/`, null);
    expect(bad.fusion).toBeNull();
    expect(bad.note).toMatch(/is invalid \(search fusion needs \d+ finite weights\)/);
    const garbled = await loadSearchFusion(`${base}/garbled/`, null);
    expect(garbled.fusion).toBeNull();
    expect(garbled.note).toMatch(/^ranker blend: .*not valid JSON/);
  });
});
