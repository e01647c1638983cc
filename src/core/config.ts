/**
 * EngineConfig's defaults, in one place: the engine applies them once, at init; the store's
 * database name and the docs of the client and the widget are these values.
 */
import type { EngineConfig } from './api';

export const CONFIG_DEFAULTS = {
  backend: 'auto',
  retrieval: 'auto',
  dbName: 'alcove',
  cacheName: 'alcove-models-v1',
} as const satisfies Partial<EngineConfig>;

/** The trained ranker shipped beside the model folder: `<model>/../../ranker/alcove-dcn-v2/`. */
export function defaultRankerUrl(modelBaseUrl: string, pageUrl?: string): string {
  const base = modelBaseUrl.endsWith('/') ? modelBaseUrl : `${modelBaseUrl}/`;
  return new URL('../../ranker/alcove-dcn-v2/', new URL(base, pageUrl)).href;
}

/** The config with every default filled in; a key passed as undefined also takes its default. */
export type ResolvedConfig = EngineConfig & Required<Pick<EngineConfig, 'rankerUrl' | 'backend' | 'retrieval' | 'dbName'>> & { cacheName: string | null };

export function resolveConfig(config: EngineConfig, pageUrl?: string): ResolvedConfig {
  return {
    ...config,
    rankerUrl: config.rankerUrl ?? defaultRankerUrl(config.modelBaseUrl, pageUrl),
    backend: config.backend ?? CONFIG_DEFAULTS.backend,
    retrieval: config.retrieval ?? CONFIG_DEFAULTS.retrieval,
    dbName: config.dbName ?? CONFIG_DEFAULTS.dbName,
    cacheName: config.cacheName === undefined ? CONFIG_DEFAULTS.cacheName : config.cacheName,
  };
}
