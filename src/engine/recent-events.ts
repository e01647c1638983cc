/**
 * The shopper's most recent events, read from IndexedDB once and then kept in step in memory:
 * every search and recommendation reads them, and an IndexedDB read costs milliseconds (5 ms with
 * 10,000 stored events, measured in e2e/scale.spec.ts). IndexedDB stays the source of truth:
 * a write from another tab (another worker) is announced on a BroadcastChannel and drops this
 * copy; without BroadcastChannel nothing is cached.
 */
import type { StoredEvent } from '../core/types';

export class RecentEvents {
  private cache: StoredEvent[] | null = null;
  private readonly channel: BroadcastChannel | null;

  constructor(
    private readonly size: number,
    dbName: string,
  ) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`alcove-events:${dbName}`) : null;
    if (this.channel) this.channel.onmessage = () => (this.cache = null);
  }

  /** The last `size` events, oldest first; `read` fetches them from the store on a miss. */
  async get(read: (limit: number) => Promise<StoredEvent[]>): Promise<StoredEvent[]> {
    if (this.cache) return this.cache;
    const rows = await read(this.size);
    if (this.channel) this.cache = rows;
    return rows;
  }

  /** This tab stored `event`. */
  appended(event: StoredEvent): void {
    if (this.cache) {
      this.cache = [...this.cache, event];
      if (this.cache.length > this.size) this.cache = this.cache.slice(-this.size);
    }
    this.channel?.postMessage('appended');
  }

  /** This tab changed the history otherwise (forget me). */
  invalidate(): void {
    this.cache = null;
    this.channel?.postMessage('invalidated');
  }

  close(): void {
    this.channel?.close();
  }
}
