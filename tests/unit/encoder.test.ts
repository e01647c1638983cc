// Unit tests for the shipped trained encoder (alcove-mini-v3; vitest
// runs them in seconds in CI, no data sets needed):
//  - tokenizer parity: @huggingface/tokenizers and transformers.js AutoTokenizer give the
//    golden ids of the Python reference for the pruned vocabulary of alcove-mini-v3;
//  - every shipped variant (config.json alcove.variants) agrees with the fp32 PyTorch
//    reference embeddings (cosine >= 0.999), alone and inside a padded batch (WASM in Node).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from 'vitest';
import { Tokenizer } from '@huggingface/tokenizers';
import { AutoTokenizer, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-web';

interface GoldenCase {
  label: string;
  text: string;
  text_pair?: string;
  input_ids: number[];
  token_type_ids: number[];
}
interface RefCase {
  text: string;
  input_ids: number[];
  embedding: number[];
}

const NAME = 'alcove-mini-v3';
const modelsDir = fileURLToPath(new URL('../../public/models/', import.meta.url));
const modelDir = `${modelsDir}${NAME}/`;
const fixtures = fileURLToPath(new URL('../fixtures/encoder/', import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const golden = (readJson(`${fixtures}tokenizer-golden.json`) as { cases: GoldenCase[] }).cases;
const ref = readJson(`${fixtures}reference.json`) as { embedding_dim: number; min_cosine: number; cases: RefCase[] };
const config = readJson(`${modelDir}config.json`) as {
  alcove: { trained: boolean; pooling: string; embedding_dim: number; variants: Record<string, string> };
};

describe(`${NAME} config`, () => {
  it('is the trained, model-pooled encoder', () => {
    expect(config.alcove).toMatchObject({ trained: true, pooling: 'model', embedding_dim: ref.embedding_dim });
    expect(Object.keys(config.alcove.variants).sort()).toEqual(['wasm', 'webgpu']);
  });
});

describe(`${NAME} tokenizer matches the Python reference`, () => {
  const tokenizer = new Tokenizer(readJson(`${modelDir}tokenizer.json`) as object, readJson(`${modelDir}tokenizer_config.json`) as object);
  it.each(golden.map((c) => [c.label, c] as const))('@huggingface/tokenizers: %s', (_label, c) => {
    const enc = tokenizer.encode(c.text, { text_pair: c.text_pair ?? null, return_token_type_ids: true });
    expect(enc.ids).toEqual(c.input_ids);
    expect(enc.token_type_ids).toEqual(c.token_type_ids);
  });

  let auto: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = modelsDir;
    auto = await AutoTokenizer.from_pretrained(NAME);
  });
  it('transformers.js AutoTokenizer gives the golden ids', () => {
    for (const c of golden) {
      const enc = auto(c.text, { text_pair: c.text_pair ?? null, return_tensor: false }) as { input_ids: number[] };
      expect({ label: c.label, ids: enc.input_ids }).toEqual({ label: c.label, ids: c.input_ids });
    }
  });
});

describe(`${NAME} variants agree with fp32 (cosine >= ${ref.min_cosine})`, () => {
  ort.env.wasm.numThreads = 1;
  const dim = ref.embedding_dim;
  const feeds = (rows: number[][]) => {
    const w = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(rows.length * w);
    const mask = new BigInt64Array(rows.length * w);
    rows.forEach((r, b) => r.forEach((v, j) => ((ids[b * w + j] = BigInt(v)), (mask[b * w + j] = 1n))));
    return { input_ids: new ort.Tensor('int64', ids, [rows.length, w]), attention_mask: new ort.Tensor('int64', mask, [rows.length, w]) };
  };
  const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let d = 0, na = 0, nb = 0;
    for (let k = 0; k < a.length; k++) {
      d += a[k]! * b[k]!;
      na += a[k]! * a[k]!;
      nb += b[k]! * b[k]!;
    }
    return d / Math.sqrt(na * nb);
  };
  // Each variant runs every case alone on 1 WASM thread: seconds, more on a busy machine.
  it.each(Object.entries(config.alcove.variants))('%s: %s', async (_backend, file) => {
    const session = await ort.InferenceSession.create(readFileSync(`${modelDir}${file}`), { executionProviders: ['wasm'] });
    const batch = (await session.run(feeds(ref.cases.map((c) => c.input_ids))))['sentence_embedding']!.data as Float32Array;
    for (const [i, c] of ref.cases.entries()) {
      const alone = (await session.run(feeds([c.input_ids])))['sentence_embedding']!.data as Float32Array;
      expect(cosine(alone, c.embedding)).toBeGreaterThanOrEqual(ref.min_cosine);
      expect(cosine(batch.subarray(i * dim, (i + 1) * dim), c.embedding)).toBeGreaterThanOrEqual(ref.min_cosine);
    }
    await session.release();
  }, 60_000);
});
