import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pictureLook } from '../../src/demo/picture';
import type { CatalogItem } from '../../src/core/types';

const items = (JSON.parse(readFileSync('public/catalog/demo-catalog.json', 'utf8')) as { items: CatalogItem[] }).items;
const byTitle = (title: string) => items.find((it) => it.title === title)!;

describe('demo product pictures', () => {
  it('take the colour named in the item, else its material', () => {
    expect(pictureLook(byTitle('Predovic Lavender Glass Thermos')).paint).toBe('#b59ddb');
    expect(pictureLook(byTitle('Predovic Lavender Glass Thermos')).finish).toBe('glass');
    const gold = items.find((it) => it.category?.startsWith('Jewellery') && / gold /i.test(` ${it.title} `) && !/rose gold/i.test(it.title))!;
    expect(pictureLook(gold).paint).toBe('#d4a82a');
  });

  it('draw what the thing is, not its material: a glass lamp is a lamp, a cast-iron pan a pan', () => {
    const lamp = items.find((it) => /Glass Floor Lamp/.test(it.title))!;
    const mug = items.find((it) => /Coffee Mug/.test(it.title))!;
    const glass = items.find((it) => it.category === 'Tableware > Glass')!;
    expect(pictureLook(lamp).shape).not.toBe(pictureLook(glass).shape);
    expect(pictureLook(mug).shape).not.toBe(pictureLook(glass).shape);
  });

  it('give every top-level category of the demo its own drawing', () => {
    const tops = new Map<string, unknown>();
    for (const it of items) {
      const top = it.category!.split(' > ')[0]!;
      if (!tops.has(top)) tops.set(top, pictureLook({ id: 'x', title: 'Thing', category: `${top} > Thing` }).shape);
    }
    expect(new Set(tops.values()).size).toBe(tops.size);
  });
});
