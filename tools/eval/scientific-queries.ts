/**
 * Search queries derived from Amazon Scientific (eval:encoder's protocol, also run by eval:search).
 * Held-out items = md5(ASIN) % 5 == 0 (the rule in training/encoder/prepare_text.py): their text was
 * never used in training. Every item is "title. category path (without the root). brand".
 *  - leaf: one query per category leaf that holds a held-out item (leaves recovered from the
 *    run-together category paths by the word trie, as in prepare_text.py; the query is the leaf's
 *    words but at least the path's last two words, lowercased); relevant = every item whose path
 *    ends with them.
 *  - fragment: one query per held-out item, a brand-free run of 3-5 title words (picked by hash);
 *    relevant = that item.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface ScientificItem {
  id: string;
  title: string;
  /** Category path without the root. */
  cat: string;
  brand: string;
  /** "title. cat. brand", lower-cased. */
  doc: string;
  held: boolean;
  leaf: string;
}

export interface ScientificQuery {
  text: string;
  /** Relevant item indices. */
  rel: Set<number>;
}

const h = (s: string) => parseInt(createHash('md5').update(s).digest('hex').slice(0, 8), 16);
const isHeldOut = (id: string) => h(id) % 5 === 0;
const ROOT = 'Industrial & Scientific';

function parse(text: string): { title: string; cat: string; brand: string } {
  let t = text.trim().replace(/\.+$/, '');
  const parts: string[] = [];
  for (let k = 0; k < 2; k++) {
    const i = t.lastIndexOf('. ');
    if (i < 0) break;
    parts.unshift(t.slice(i + 2));
    t = t.slice(0, i);
  }
  parts.unshift(t);
  while (parts.length < 3) parts.unshift('');
  let [title, cat, brand] = parts.map((p) => p.trim()) as [string, string, string];
  if (!title) [title, cat] = [cat, ''];
  return { title, cat: cat.startsWith(ROOT) ? cat.slice(ROOT.length).trim() : cat, brand };
}

function categoryLeaves(paths: readonly string[]): Map<string, string> {
  const seqs = [...new Set(paths.filter(Boolean))].map((p) => p.split(/\s+/));
  const children = new Map<string, Set<string>>();
  const ends = new Set<string>();
  for (const s of seqs) {
    for (let i = 0; i < s.length; i++) {
      const k = s.slice(0, i).join(' ');
      if (!children.has(k)) children.set(k, new Set());
      children.get(k)!.add(s[i]!);
    }
    ends.add(s.join(' '));
  }
  const leaves = new Map<string, string>();
  for (const s of seqs) {
    let cut = 0;
    for (let i = 1; i < s.length; i++) {
      const pre = s.slice(0, i).join(' ');
      if ((children.get(pre)?.size ?? 0) > 1 || ends.has(pre)) cut = i;
    }
    leaves.set(s.join(' '), s.slice(cut).join(' '));
  }
  return leaves;
}

function titleFragment(title: string, brand: string, key: string): string {
  const brandWords = new Set((brand.match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()));
  const words = (title.match(/[A-Za-z][A-Za-z'-]*/g) ?? []).filter((w) => !brandWords.has(w.toLowerCase()) && w.length > 1);
  if (words.length < 2) return '';
  const n = Math.min(words.length, 3 + (h('evallen' + key) % 3));
  const start = h('evalstart' + key) % (words.length - n + 1);
  return words.slice(start, start + n).join(' ').toLowerCase();
}

/** Items (file order), held-out item indices and the two query sets, from `sciDir`/Scientific.text. */
export function scientificSearchSet(sciDir: string): { items: ScientificItem[]; held: number[]; queries: { leaf: ScientificQuery[]; fragment: ScientificQuery[] } } {
  const lines = readFileSync(`${sciDir}/Scientific.text`, 'utf8').split('\n').slice(1).filter(Boolean);
  const items: ScientificItem[] = lines.map((l) => {
    const [id, text] = l.split('\t') as [string, string];
    const p = parse(text);
    return { id, ...p, doc: [p.title, p.cat, p.brand].filter(Boolean).join('. ').toLowerCase(), held: isHeldOut(id), leaf: '' };
  });
  const leaves = categoryLeaves(items.map((it) => it.cat));
  for (const it of items) it.leaf = (leaves.get(it.cat.split(/\s+/).join(' ')) ?? '').toLowerCase();
  const held = items.map((_, i) => i).filter((i) => items[i]!.held);
  // Leaf query: the leaf's words, at least the last two words of the path (a one-word "leaf"
  // after a branch is often half of a name like "Sanding Rolls").
  const leafQuery = (it: ScientificItem) => {
    const path = it.cat.toLowerCase().split(/\s+/).filter(Boolean);
    const n = Math.min(path.length, Math.max(2, it.leaf.split(' ').length));
    return path.slice(path.length - n).join(' ');
  };
  const queries = { leaf: [] as ScientificQuery[], fragment: [] as ScientificQuery[] };
  for (const q of [...new Set(held.map((i) => items[i]!).filter((it) => it.leaf).map(leafQuery))].sort()) {
    const rel = new Set<number>();
    items.forEach((it, i) => (` ${it.cat.toLowerCase().split(/\s+/).join(' ')}`.endsWith(` ${q}`) ? rel.add(i) : 0));
    queries.leaf.push({ text: q, rel });
  }
  for (const i of held) {
    const f = titleFragment(items[i]!.title, items[i]!.brand, items[i]!.id);
    if (f) queries.fragment.push({ text: f, rel: new Set([i]) });
  }
  return { items, held, queries };
}
