/**
 * The catalog's aggregate co-occurrence table (core/cooc.ts): fetched with the manifest that
 * lists it (hash-checked), kept in IndexedDB's `aggregates` store beside the catalog so a reload
 * needs no network, and attached to the in-memory catalog for the trained ranker.
 */
import { AlcoveError, errorMessage } from '../core/errors';
import { decodeCooc } from '../core/cooc';
import type { Manifest } from '../core/catalog/format';
import type { FileLoader } from '../model/fetch-bytes';
import { StoreError, type AlcoveStore } from '../store';
import type { CatalogIndex } from './catalog-index';
import { fetchShardFile } from './shard-ingest';

const KEY = 'cooc';

/** Brings `index`'s table in line with `manifest`: fetch a new one, or drop one no longer listed. */
export async function syncCooc(manifest: Manifest, manifestUrl: string, index: CatalogIndex, store: AlcoveStore, load?: FileLoader): Promise<void> {
  const entry = manifest.cooc;
  if (!entry) {
    index.setCooc(null, null);
    await store.deleteAggregate(KEY).catch(() => undefined);
    return;
  }
  const extra = { ...(manifest.recommend ? { recommend: manifest.recommend } : {}), ...(manifest.popular ? { popular: manifest.popular } : {}) };
  if (index.coocSha256 === entry.sha256 && JSON.stringify([index.recommendFit, index.popular]) === JSON.stringify([manifest.recommend ?? null, manifest.popular ?? []])) return;
  const bytes = await fetchShardFile(manifestUrl, entry, load);
  try {
    index.setCooc(decodeCooc(bytes), entry.sha256, manifest.recommend ?? null, manifest.popular ?? []);
  } catch (e) {
    throw new AlcoveError('invalid_catalog', `the co-occurrence table ${entry.file} is invalid: ${errorMessage(e)}`);
  }
  try {
    await store.putAggregate(KEY, { catalogVersion: manifest.catalogVersion, sha256: entry.sha256, bytes: bytes.slice().buffer, ...extra });
  } catch (e) {
    // A rebuildable cache: without room it lives in memory for this visit.
    if (!(e instanceof StoreError && e.code === 'quota')) throw e;
  }
}

/** On start-up: the stored table of the restored catalog version, if any. */
export async function restoreCooc(index: CatalogIndex, store: AlcoveStore): Promise<void> {
  const rec = await store.getAggregate(KEY);
  if (!rec || rec.catalogVersion !== index.version) return;
  try {
    index.setCooc(decodeCooc(new Uint8Array(rec.bytes)), rec.sha256, rec.recommend ?? null, rec.popular ?? []);
  } catch {
    await store.deleteAggregate(KEY); // damaged: the next ingest of the manifest fetches it again
  }
}
