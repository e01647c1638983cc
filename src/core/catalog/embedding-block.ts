/**
 * An embedding block: one shard's vectors, int8 or f16 (little-endian).
 *
 *   offset 0   4 bytes  magic "ALCE"
 *   offset 4   u8       format version (1)
 *   offset 5   u8       encoding: 1 = int8, 2 = f16
 *   offset 6   u16      dim
 *   offset 8   u32      count (rows)
 *   offset 12  int8:    count × f32 scales, then count × dim int8 (row-major; kernels/int8.ts)
 *              f16:     count × dim IEEE binary16
 *
 * Bytes per item for dim 128: int8 132 B, f16 256 B (float32 would be 512 B).
 */
import { AlcoveError } from '../errors';
import { dequantizeInt8, quantizeInt8 } from '../kernels/int8';
import { fromF16, toF16 } from './f16';
import { corruptCatalog } from './format';

const MAGIC = [0x41, 0x4c, 0x43, 0x45]; // "ALCE"
const HEADER_BYTES = 12;
const ENCODING_CODE: Record<'int8' | 'f16', number> = { int8: 1, f16: 2 };

export interface EmbeddingBlock {
  encoding: 'int8' | 'f16';
  dim: number;
  count: number;
  /** int8 only: one scale per row. */
  scales?: Float32Array;
  /** int8 only: count × dim. */
  int8?: Int8Array;
  /** f16 only: count × dim raw binary16 bits. */
  f16?: Uint16Array;
}

/** Byte size of an embedding block. */
export function embeddingBlockBytes(encoding: 'int8' | 'f16', count: number, dim: number): number {
  return HEADER_BYTES + (encoding === 'int8' ? count * 4 + count * dim : count * dim * 2);
}

/** Encodes count × dim float32 rows as an embedding block. */
export function encodeEmbeddingBlock(matrix: Float32Array, count: number, dim: number, encoding: 'int8' | 'f16'): Uint8Array {
  if (matrix.length < count * dim) throw new AlcoveError('invalid_input', `matrix has ${matrix.length} values, expected ${count} × ${dim}`);
  if (dim < 1 || dim > 0xffff) throw new AlcoveError('invalid_input', `dim must be 1..65535, got ${dim}`);
  const out = new Uint8Array(embeddingBlockBytes(encoding, count, dim));
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint8(4, 1);
  view.setUint8(5, ENCODING_CODE[encoding]);
  view.setUint16(6, dim, true);
  view.setUint32(8, count, true);
  if (encoding === 'int8') {
    const { scales, int8 } = quantizeInt8(matrix, count, dim);
    for (let r = 0; r < count; r++) view.setFloat32(HEADER_BYTES + r * 4, scales[r]!, true);
    out.set(new Uint8Array(int8.buffer, int8.byteOffset, int8.byteLength), HEADER_BYTES + count * 4);
  } else {
    for (let i = 0; i < count * dim; i++) view.setUint16(HEADER_BYTES + i * 2, toF16(matrix[i]!), true);
  }
  return out;
}

/**
 * Parses an embedding block; throws a clear `invalid_catalog` error on a wrong magic, an
 * unknown encoding, a size that does not match the header (truncated) or a header that does
 * not match what the manifest expects. Returns copies aligned for typed-array use.
 */
export function decodeEmbeddingBlock(bytes: Uint8Array, expect?: { encoding?: 'int8' | 'f16'; dim?: number; count?: number }, file = 'embedding shard'): EmbeddingBlock {
  if (bytes.byteLength < HEADER_BYTES) throw corruptCatalog(`${file} is truncated: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`, { file });
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw corruptCatalog(`${file} is not an Alcove embedding block (bad magic)`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version !== 1) throw corruptCatalog(`${file} has block format version ${version}; this reader knows 1`, { file });
  const code = view.getUint8(5);
  const encoding = code === 1 ? 'int8' : code === 2 ? 'f16' : null;
  if (!encoding) throw corruptCatalog(`${file} has unknown encoding code ${code}`, { file });
  const dim = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  if (expect?.encoding && expect.encoding !== encoding) throw corruptCatalog(`${file} is ${encoding}; the manifest says ${expect.encoding}`, { file });
  if (expect?.dim !== undefined && expect.dim !== dim) throw corruptCatalog(`${file} has dim ${dim}; the manifest says ${expect.dim}`, { file });
  if (expect?.count !== undefined && expect.count !== count) throw corruptCatalog(`${file} has ${count} rows; the manifest says ${expect.count}`, { file });
  const want = embeddingBlockBytes(encoding, count, dim);
  if (bytes.byteLength !== want) {
    throw corruptCatalog(`${file} is ${bytes.byteLength < want ? 'truncated' : 'too long'}: ${bytes.byteLength} bytes, expected ${want} for ${count} × ${dim} ${encoding}`, { file });
  }
  // A copy, aligned at 0 whatever the input's offset (a Node Buffer's slice() would be a view).
  const body = new Uint8Array(bytes.subarray(HEADER_BYTES));
  if (encoding === 'int8') {
    const scales = new Float32Array(count);
    for (let r = 0; r < count; r++) scales[r] = view.getFloat32(HEADER_BYTES + r * 4, true);
    for (let r = 0; r < count; r++) {
      if (!Number.isFinite(scales[r]!) || scales[r]! < 0) throw corruptCatalog(`${file} row ${r} has an invalid scale`, { file, row: r });
    }
    return { encoding, dim, count, scales, int8: new Int8Array(body.buffer, count * 4, count * dim) };
  }
  const f16 = new Uint16Array(count * dim);
  for (let i = 0; i < count * dim; i++) f16[i] = view.getUint16(HEADER_BYTES + i * 2, true);
  return { encoding, dim, count, f16 };
}

/** The block as a float32 count × dim matrix (dequantised / widened). */
export function blockToFloat32(block: EmbeddingBlock, out = new Float32Array(block.count * block.dim)): Float32Array {
  if (block.encoding === 'int8') return dequantizeInt8(block.scales!, block.int8!, block.count, block.dim, out);
  for (let i = 0; i < block.count * block.dim; i++) out[i] = fromF16(block.f16![i]!);
  return out;
}
