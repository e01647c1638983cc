// Writes the untrained seed ranker (public/ranker/seed-v0/): the founding formulation with
// principled initial weights, until the trained ranker (its own issue) replaces it.
//   W = [I | I], b = 0   ->  s = cᵀ(q + p): the shopper's affinity to the query and the item
//   D: W1 small seeded noise, W2 = 0, b2 = 0  ->  D([q; p; c]) = 0 until trained
// Usage: npx tsx tools/ranker/init-seed-ranker.ts [--dim 192] [--hidden 64]
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rng } from '../../tests/unit/fixtures/core-rng';

const { values } = parseArgs({ options: { dim: { type: 'string', default: '192' }, hidden: { type: 'string', default: '64' }, out: { type: 'string', default: 'public/ranker/seed-v0' } } });
const dim = Number(values.dim);
const hidden = Number(values.hidden);

// Seeded, so the file is byte-for-byte reproducible.
const rand = rng(42);

const W = new Float32Array(dim * 2 * dim);
for (let i = 0; i < dim; i++) {
  W[i * 2 * dim + i] = 1;
  W[i * 2 * dim + dim + i] = 1;
}
const limit = Math.sqrt(6 / (3 * dim + hidden)); // Glorot-uniform
const W1 = Float32Array.from({ length: hidden * 3 * dim }, () => (rand() * 2 - 1) * limit);
const parts = { W, b: new Float32Array(dim), W1, b1: new Float32Array(hidden), W2: new Float32Array(hidden), b2: new Float32Array(1) };
const shapes: Record<keyof typeof parts, number[]> = { W: [dim, 2 * dim], b: [dim], W1: [hidden, 3 * dim], b1: [hidden], W2: [hidden], b2: [1] };

const tensors: Record<string, { offset: number; shape: number[] }> = {};
let offset = 0;
for (const [name, arr] of Object.entries(parts)) {
  tensors[name] = { offset, shape: shapes[name as keyof typeof parts] };
  offset += arr.length;
}
const all = new Float32Array(offset);
for (const [name, arr] of Object.entries(parts)) all.set(arr, tensors[name]!.offset);

const manifest = {
  format: 'alcove-seed-ranker',
  version: 1,
  id: 'seed-v0',
  dim,
  hidden,
  trained: false,
  untrained: ['W, b (set to [I | I], 0)', 'D (output layer zero)', 'mix weights (hand-set)', 'C(u) event weights and half-life (hand-set)'],
  mix: { relevance: 1, lexical: 0.5, cross: 0.25, dnn: 1 },
  tensors,
};
mkdirSync(values.out, { recursive: true });
writeFileSync(`${values.out}/ranker.json`, JSON.stringify(manifest, null, 2) + '\n');
writeFileSync(`${values.out}/weights.bin`, Buffer.from(all.buffer));
console.log(`wrote ${values.out}: dim ${dim}, hidden ${hidden}, ${all.byteLength} bytes`);
