/** Opens (creating or upgrading) the Alcove database, translating every failure into a StoreError. */
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { StoreError, errorName } from './errors';
import type { AlcoveDB, Migration } from './schema';

export interface OpenDatabaseOptions {
  /** The IndexedDB to open it in (fake-indexeddb's in memory); default the global one. */
  indexedDB?: IDBFactory;
  name: string;
  version: number;
  /** migrations[v] upgrades from v-1 to v (see schema.ts). */
  migrations: readonly (Migration | undefined)[];
  /**
   * Called after the connection was closed because another context needs a newer version (or is
   * deleting the database).
   */
  onVersionChange?: () => void;
  /** Called after the browser closed the connection abnormally (e.g. storage cleared). */
  onTerminated?: () => void;
  /** How long to wait for other connections to close before giving up with 'blocked'. */
  blockedTimeoutMs: number;
}

/** The global IndexedDB, or undefined where there is none (Node, some sandboxed frames). */
export function globalIndexedDB(): IDBFactory | undefined {
  return typeof indexedDB === 'undefined' || indexedDB === null ? undefined : indexedDB;
}

/**
 * Runs migrations[from+1 .. to] in order. Synchronous migrations run back to back inside the
 * upgradeneeded event; an async one delays the rest until its IndexedDB work has settled.
 */
function runMigrations(
  migrations: readonly (Migration | undefined)[],
  from: number,
  to: number,
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
): void | Promise<void> {
  for (let v = from + 1; v <= to; v++) {
    const migrate = migrations[v];
    if (!migrate) throw new Error(`no migration to version ${v}`);
    const pending = migrate(db, tx);
    if (pending) return pending.then(() => runMigrations(migrations, v, to, db, tx));
  }
}

export function openDatabase(opts: OpenDatabaseOptions): Promise<IDBPDatabase<AlcoveDB>> {
  const factory = opts.indexedDB ?? globalIndexedDB();
  if (!factory) {
    return Promise.reject(new StoreError('unavailable', 'IndexedDB is not available here'));
  }

  return new Promise((resolve, reject) => {
    let settled = false;
    let blockedTimer: ReturnType<typeof setTimeout> | undefined;
    let migrationFailed = false;
    let migrationError: unknown;
    let db: IDBPDatabase<AlcoveDB> | undefined;

    const fail = (err: StoreError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(blockedTimer);
      reject(err);
    };

    const upgrade = (database: IDBPDatabase<unknown>, oldVersion: number, newVersion: number | null, transaction: IDBPTransaction<unknown, string[], 'versionchange'>): void => {
      // Observed here so an aborted upgrade is reported once, via the open request, not also
      // as an unhandled rejection of transaction.done.
      transaction.done.catch(() => undefined);
      const abort = (err: unknown): void => {
        migrationFailed = true;
        migrationError = err;
        try {
          transaction.abort();
        } catch {
          // Already finished or aborting: the open request fails either way.
        }
      };
      try {
        const pending = runMigrations(opts.migrations, oldVersion, newVersion ?? opts.version, database, transaction);
        if (pending) pending.catch(abort);
      } catch (err) {
        abort(err);
      }
    };

    // idb's openDB, on the IndexedDB passed in (openDB itself always uses the global one).
    let opening: Promise<IDBPDatabase<AlcoveDB>>;
    try {
      const request = factory.open(opts.name, opts.version);
      opening = wrap(request) as Promise<IDBPDatabase<AlcoveDB>>;
      request.addEventListener('upgradeneeded', (event) => {
        // The migrations see the database untyped (see Migration); same objects, older view.
        upgrade(wrap(request.result) as IDBPDatabase<unknown>, event.oldVersion, event.newVersion, wrap(request.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>);
      });
      request.addEventListener('blocked', () => {
        // Older connections elsewhere have not closed yet. Ours close on 'versionchange', so this
        // is normally brief; if one never does, fail instead of hanging the engine forever.
        blockedTimer ??= setTimeout(() => {
          fail(new StoreError('blocked', `opening "${opts.name}" is blocked by another open connection`));
        }, opts.blockedTimeoutMs);
      });
      opening.then((opened) => {
        opened.addEventListener('close', () => opts.onTerminated?.());
        opened.addEventListener('versionchange', () => {
          // Someone needs a newer version or a delete: get out of the way, let the engine reopen.
          opened.close();
          opts.onVersionChange?.();
        });
      }, () => undefined);
    } catch (err) {
      // indexedDB.open itself can throw synchronously (e.g. SecurityError in an opaque origin).
      fail(new StoreError('unavailable', `cannot open "${opts.name}"`, { cause: err }));
      return;
    }

    opening.then(
      (opened) => {
        db = opened;
        if (settled) {
          // We already reported 'blocked'; nobody will use this late connection.
          opened.close();
          return;
        }
        settled = true;
        clearTimeout(blockedTimer);
        resolve(opened);
      },
      (err: unknown) => {
        if (migrationFailed) {
          fail(new StoreError('upgrade', `migrating "${opts.name}" failed`, { cause: migrationError }));
        } else if (errorName(err) === 'VersionError') {
          fail(new StoreError('version', `"${opts.name}" on disk is newer than version ${opts.version}`, { cause: err }));
        } else if (errorName(err) === 'QuotaExceededError') {
          fail(new StoreError('quota', `no storage quota to open "${opts.name}"`, { cause: err }));
        } else {
          fail(new StoreError('unavailable', `cannot open "${opts.name}"`, { cause: err }));
        }
      },
    );
  });
}
