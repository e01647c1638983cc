/** Which shards changed between two manifests: what to download, keep and delete. */
import type { Manifest, ShardEntry } from './format';

/** Identity of a shard's content: its files' hashes. */
export function shardKey(s: ShardEntry): string {
  return `${s.items.sha256}:${s.embeddings?.sha256 ?? ''}`;
}

export interface ManifestDiff {
  /**
   * False when embeddings from `old` cannot be reused at all (different model id, dim or
   * encoding): every shard of `next` is then in `changed`.
   */
  compatible: boolean;
  /** Shards of `next` whose content is not in `old` (fetch these), with their index in next. */
  changed: { index: number; shard: ShardEntry }[];
  /** Shards of `next` identical to one in `old` (keep these), index in next → index in old. */
  unchanged: { index: number; oldIndex: number; shard: ShardEntry }[];
  /** Shards of `old` that `next` no longer has (drop these). */
  removed: { oldIndex: number; shard: ShardEntry }[];
  /** File names `next` needs that `old` did not have: exactly what to download. */
  filesToFetch: string[];
  /** File names of `old` that `next` no longer references: safe to delete. */
  filesToDelete: string[];
}

/** Which shards changed between two manifests (old may be null: everything is new). */
export function diffManifests(old: Manifest | null, next: Manifest): ManifestDiff {
  const compatible = old !== null && old.modelId === next.modelId && old.dim === next.dim && old.encoding === next.encoding;
  const oldByKey = new Map<string, number>();
  if (compatible) old.shards.forEach((s, i) => oldByKey.set(shardKey(s), i));
  const changed: ManifestDiff['changed'] = [];
  const unchanged: ManifestDiff['unchanged'] = [];
  const used = new Set<number>();
  next.shards.forEach((shard, index) => {
    const oldIndex = oldByKey.get(shardKey(shard));
    if (oldIndex !== undefined && !used.has(oldIndex)) {
      used.add(oldIndex);
      unchanged.push({ index, oldIndex, shard });
    } else changed.push({ index, shard });
  });
  const removed = (old?.shards ?? []).map((shard, oldIndex) => ({ oldIndex, shard })).filter((r) => !used.has(r.oldIndex));
  const filesOf = (m: Manifest | null) => new Set((m?.shards ?? []).flatMap((s) => [s.items.file, ...(s.embeddings ? [s.embeddings.file] : [])]));
  const oldFiles = filesOf(old);
  const newFiles = filesOf(next);
  return {
    compatible,
    changed,
    unchanged,
    removed,
    filesToFetch: [...newFiles].filter((f) => !compatible || !oldFiles.has(f)),
    filesToDelete: [...oldFiles].filter((f) => !newFiles.has(f)),
  };
}
