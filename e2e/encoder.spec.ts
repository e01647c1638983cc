import { readFileSync } from 'node:fs';
import { expect, expectedBackend, settledStatus, test } from './fixtures';

/** Texts and their fp32 embeddings, committed by the encoder pipeline (training/encoder). */
const { cases } = JSON.parse(readFileSync('tests/fixtures/encoder/reference.json', 'utf8')) as { cases: { text: string; embedding: number[] }[] };
const reference = { texts: cases.map((c) => c.text), embeddings: cases.map((c) => c.embedding) };

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

test('the shipped variant for this backend agrees with fp32 and runs every node on that backend', async ({ openShop, page, backendParam }) => {
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await openShop('&ortlog=verbose');
  const s = await settledStatus(page, backendParam);
  expect(s.backend.name).toBe(expectedBackend(backendParam));

  const embeddings = await page.evaluate(
    (texts) => (window as unknown as { alcove: { embed(t: string[]): Promise<Float32Array[]> } }).alcove.embed(texts).then((vs) => vs.map((v) => Array.from(v))),
    reference.texts,
  );
  const cosines = embeddings.map((v, i) => cosine(v, reference.embeddings[i]!));
  expect(Math.min(...cosines), `${s.model?.url}: cosines ${cosines.map((c) => c.toFixed(5)).join(' ')}`).toBeGreaterThanOrEqual(0.999);

  // onnxruntime's verbose log lists node placement per execution provider, one node a line.
  const placed = new Map<string, string[]>();
  let ep = '';
  for (const line of logs) {
    const header = /Node\(s\) placed on \[(\w+)\]/.exec(line);
    const node = /VerifyEachNodeIsAssignedToAnEp\]\s+(\w+) \(/.exec(line);
    if (header) placed.set((ep = header[1]!), []);
    else if (node && ep) placed.get(ep)!.push(node[1]!);
  }
  if (s.backend.name === 'webgpu') {
    // (With a single execution provider, as on WASM, onnxruntime prints no placement.)
    expect(placed.size, 'onnxruntime printed no node placement; is verbose logging on?').toBeGreaterThan(0);
    // ORT deliberately keeps shape arithmetic on int64 (Shape, Gather on shapes, Concat…) on the
    // CPU; every compute node (MatMul, DequantizeLinear, attention, LayerNorm…) must be on WebGPU.
    const SHAPE_OPS = new Set(['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Slice', 'Cast', 'Range', 'Reshape', 'ConstantOfShape', 'Expand']);
    const cpu = placed.get('CPUExecutionProvider') ?? [];
    expect(cpu.filter((op) => !SHAPE_OPS.has(op))).toEqual([]);
    expect(placed.get('WebGpuExecutionProvider')).toEqual(expect.arrayContaining(['MatMul']));
    test.info().annotations.push({ type: 'placement', description: `CPU (shape ops): ${cpu.length}, WebGPU: ${placed.get('WebGpuExecutionProvider')!.length}` });
  }
});

test('a first visit downloads only the graph variant its backend runs', async ({ openShop, page, backendParam }) => {
  const graphs: string[] = [];
  // Worker fetches are seen by the context (Cache Storage is empty in a fresh profile).
  page.context().on('request', (r) => {
    if (r.url().endsWith('.onnx') && r.url().includes('/models/')) graphs.push(new URL(r.url()).pathname.split('/models/')[1]!);
  });
  await openShop();
  const s = await settledStatus(page, backendParam);
  // auto on a WebGPU device times both on the first visit, so it needs both variants.
  const expected = backendParam === 'wasm' ? ['alcove-mini-v3/onnx/model_int8.onnx'] : ['alcove-mini-v3/onnx/model_int8.onnx', 'alcove-mini-v3/onnx/model_quantized.onnx'];
  expect(graphs.sort(), `backend ${s.backend.name}`).toEqual(expected);
});
