import { describe, expect, it } from 'vitest';
import { Cart } from '../../src/demo/cart';

function memoryStorage(): Map<string, string> & Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const m = new Map<string, string>() as Map<string, string> & Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  m.getItem = (k) => m.get(k) ?? null;
  m.setItem = (k, v) => void m.set(k, v);
  m.removeItem = (k) => void m.delete(k);
  return m;
}

describe('demo cart', () => {
  it('keeps lines with quantities in storage, so a new Cart on the same storage (a reload) sees them', () => {
    const storage = memoryStorage();
    const cart = new Cart(storage, 'k');
    cart.add('a');
    cart.add('b');
    cart.add('a');
    const again = new Cart(storage, 'k');
    expect(again.lines()).toEqual([{ itemId: 'a', quantity: 2 }, { itemId: 'b', quantity: 1 }]);
    expect(again.count()).toBe(3);
    again.remove('a');
    expect(new Cart(storage, 'k').lines()).toEqual([{ itemId: 'b', quantity: 1 }]);
  });

  it('clear() removes the key (nothing left behind for "Forget me")', () => {
    const storage = memoryStorage();
    const cart = new Cart(storage, 'k');
    cart.add('a');
    cart.clear();
    expect(storage.has('k')).toBe(false);
    expect(cart.count()).toBe(0);
  });

  it('drops what it did not write: malformed JSON, other shapes, bad quantities', () => {
    const storage = memoryStorage();
    for (const junk of ['{', '"x"', '{"itemId":"a"}', JSON.stringify([{ itemId: 'a', quantity: 0 }, { itemId: 3, quantity: 1 }, { itemId: 'ok', quantity: 2 }, null])]) {
      storage.set('k', junk);
      expect(new Cart(storage, 'k').lines()).toEqual(junk.includes('"ok"') ? [{ itemId: 'ok', quantity: 2 }] : []);
    }
  });

  it('keeps working in memory for the visit when storage refuses writes', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const cart = new Cart(storage, 'k');
    cart.add('a');
    cart.add('a');
    expect(cart.lines()).toEqual([{ itemId: 'a', quantity: 2 }]);
    cart.clear();
    expect(cart.count()).toBe(0);
  });
});
