/**
 * The shipped model through transformers.js as a developer would load it in a page: offline
 * (our own files under /models/), AutoTokenizer + AutoModel, int8 variant, WASM on `threads`.
 */
import { AutoModel, AutoTokenizer, env } from '@huggingface/transformers';

export async function loadTransformersEncoder(model: string, threads: number): Promise<(texts: string[]) => Promise<Float32Array>> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true; // off by default in browsers
  env.localModelPath = '/models/';
  env.useBrowserCache = false;
  const onnx = env.backends.onnx as { wasm: { wasmPaths?: string; numThreads?: number } };
  onnx.wasm.wasmPaths = '/node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist/';
  onnx.wasm.numThreads = threads;
  const tok = await AutoTokenizer.from_pretrained(model);
  const m = await AutoModel.from_pretrained(model, { dtype: 'int8', device: 'wasm' });
  return async (texts) => ((await m(tok(texts, { padding: true, truncation: true, max_length: 128 }))) as Record<string, { data: Float32Array }>)['sentence_embedding']!.data;
}
