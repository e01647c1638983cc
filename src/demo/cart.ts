/**
 * The demo shop's cart, kept in this browser's localStorage so it survives a reload. It is
 * the shopper's data like their history: "Forget me" empties it and the export includes it.
 * Only ids and quantities are stored; titles and prices come from the catalog when shown.
 */
export interface CartLine {
  itemId: string;
  quantity: number;
}

/** A cart over a Storage (localStorage in the page); one key per engine database. */
export class Cart {
  /** Set once storage refused a write: the cart then lives in memory for this visit. */
  private memory: CartLine[] | null = null;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
    private readonly key: string,
  ) {}

  lines(): CartLine[] {
    if (this.memory) return this.memory.map((l) => ({ ...l }));
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      // Whatever else is under the key (an old format, a hand edit) is dropped, not trusted.
      return Array.isArray(parsed)
        ? parsed.filter(
            (l): l is CartLine =>
              typeof l === 'object' && l !== null && typeof (l as CartLine).itemId === 'string' && Number.isInteger((l as CartLine).quantity) && (l as CartLine).quantity > 0,
          )
        : [];
    } catch {
      return [];
    }
  }

  count(): number {
    return this.lines().reduce((n, l) => n + l.quantity, 0);
  }

  add(itemId: string): void {
    const lines = this.lines();
    const line = lines.find((l) => l.itemId === itemId);
    if (line) line.quantity++;
    else lines.push({ itemId, quantity: 1 });
    this.save(lines);
  }

  remove(itemId: string): void {
    this.save(this.lines().filter((l) => l.itemId !== itemId));
  }

  clear(): void {
    this.memory = this.memory && [];
    try {
      this.storage.removeItem(this.key);
    } catch {
      // Nothing stored that could be removed.
    }
  }

  private save(lines: CartLine[]): void {
    if (this.memory) {
      this.memory = lines;
      return;
    }
    try {
      this.storage.setItem(this.key, JSON.stringify(lines));
    } catch {
      this.memory = lines; // storage full or refused (some private modes): keep it for this visit
    }
  }
}
