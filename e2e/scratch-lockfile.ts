/**
 * A package-lock.json for a scratch project that installs the packed Alcove tarball: the
 * package's dependency tree, copied from this repository's lockfile (same versions, resolved
 * URLs and integrity). With it `npm install --offline ./alcove-x.tgz` needs only the tarballs
 * in the npm cache, which `npm install` here filled; the cache has no registry metadata
 * (packuments) for them, so without a lock an offline install cannot resolve version ranges.
 */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Where Node would find `name` from the package at `from` (a lockfile path, '' = root). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/** The lockfile entries of `dependencies` and everything they need, at the repository's paths. */
export function dependencyTree(repoLock: Lockfile, dependencies: Record<string, string>): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean) => {
    const path = locate(repoLock.packages, from, name);
    if (!path) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${name} (needed by ${from || 'alcove'})`);
    }
    if (out[path]) return;
    const { dev: _dev, devOptional: _devOptional, ...entry } = repoLock.packages[path]!;
    out[path] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) visit(path, dep, entry.peerDependenciesMeta?.[dep]?.optional === true);
  };
  for (const name of Object.keys(dependencies)) visit('', name, false);
  return out;
}

/** A lockfile for a project named `name` holding only Alcove's dependency tree (not yet Alcove). */
export function scratchLockfile(name: string, repoLock: Lockfile, dependencies: Record<string, string>): object {
  return {
    name,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name }, ...dependencyTree(repoLock, dependencies) },
  };
}
