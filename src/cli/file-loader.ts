/** The engine's FileLoader for Node tools: Node's fetch cannot read file: URLs, so those are read from disk. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FileLoader } from '../model/fetch-bytes';

export const loadFile: FileLoader = async (url) => {
  if (!url.startsWith('file:')) return fetch(url);
  const bytes = await readFile(fileURLToPath(url));
  return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength), 'content-type': 'application/octet-stream' } });
};
