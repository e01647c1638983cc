/**
 * Datasets for the ranker evaluation, in one internal shape, from:
 *  - the generic format: a catalog JSONL + an events CSV (see docs/ranker.md), split per user by time;
 *  - Amazon "Industrial and Scientific" (UniSRec/VQ-Rec's RecBole split, taken exactly as given);
 *  - UCI Online Retail (the derived interactions.csv.gz / items.csv.gz), through the generic splitter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { EventType } from '../../../src/core/types';

export interface EvalItem {
  id: string;
  title: string;
  text?: string;
  category?: string;
  brand?: string;
  price?: number;
}

/** One prediction case: the history (oldest first) and the item that came next. */
export interface Case {
  user: string;
  hist: number[];
  /** ms since epoch per history event, or null where the data has no time (Scientific). */
  ts: number[] | null;
  types: EventType[];
  target: number;
  /** Time of the target event (the "now" of the prediction), or null. */
  now: number | null;
}

export interface Dataset {
  name: string;
  items: EvalItem[];
  /** Each user's training sequence (oldest first), item indices; used for CF statistics and training. */
  train: { user: string; seq: number[]; ts: number[] | null; types: EventType[] }[];
  valid: Case[];
  test: Case[];
  /** How the split was made, for the report. */
  protocol: string;
}

export class MissingData extends Error {}

function need(path: string, how: string): void {
  if (!existsSync(path)) throw new MissingData(`missing ${path}\n${how}`);
}

const read = (p: string) => (p.endsWith('.gz') ? gunzipSync(readFileSync(p)).toString('utf8') : readFileSync(p, 'utf8'));

/** Minimal RFC-4180 CSV (quoted fields, "" escapes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') (f += '"'), i++;
        else q = false;
      } else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') row.push(f), (f = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(f), (f = '');
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else f += ch;
  }
  if (f !== '' || row.length) row.push(f), rows.push(row);
  return rows;
}

// ------------------------------------------------------------------------------------------------ Scientific
const SCI_HOW =
  'Get the Amazon 2018 "Industrial and Scientific" split used by UniSRec (KDD\'22) / VQ-Rec (WSDM\'23), in RecBole format ' +
  '(Scientific.text, .item2index, .train.inter, .valid.inter, .test.inter), from the public CoWPiRec repository, folder ' +
  'dataset/Scientific/, into that folder (or pass --data DIR whose amazon-scientific/ holds it).';

export function loadScientific(dataDir: string): Dataset {
  const dir = `${dataDir}/amazon-scientific`;
  for (const f of ['text', 'item2index', 'train.inter', 'valid.inter', 'test.inter']) need(`${dir}/Scientific.${f}`, SCI_HOW);
  const text = new Map(
    read(`${dir}/Scientific.text`).split('\n').slice(1).filter(Boolean).map((l) => {
      const [id, t] = l.split('\t');
      return [id!, (t ?? '').trim()] as const;
    }),
  );
  const i2i = read(`${dir}/Scientific.item2index`).split('\n').filter(Boolean).map((l) => l.split('\t'));
  const items: EvalItem[] = new Array(i2i.length);
  for (const [asin, idx] of i2i) items[Number(idx)] = { id: asin!, title: text.get(asin!) ?? '' };
  const rows = (f: string) =>
    read(`${dir}/Scientific.${f}.inter`).split('\n').slice(1).filter(Boolean).map((l) => {
      const [u, h, t] = l.split('\t');
      return { user: u!, hist: h!.trim().split(' ').map(Number), target: Number(t) };
    });
  // train.inter holds every prefix; each user's longest one + its target is the whole training sequence.
  const longest = new Map<string, number[]>();
  for (const r of rows('train')) {
    const s = [...r.hist, r.target];
    if ((longest.get(r.user)?.length ?? 0) < s.length) longest.set(r.user, s);
  }
  const cases = (f: string): Case[] =>
    rows(f).map((r) => ({ user: r.user, hist: r.hist, ts: null, types: r.hist.map(() => 'purchase' as EventType), target: r.target, now: null }));
  return {
    name: 'scientific',
    items,
    train: [...longest].map(([user, seq]) => ({ user, seq, ts: null, types: seq.map(() => 'purchase' as EventType) })),
    valid: cases('valid'),
    test: cases('test'),
    protocol:
      'RecBole split as given (UniSRec/VQ-Rec): leave-one-out, histories cut at 50, full ranking over all 4,385 items, no sampled negatives; no timestamps (events one day apart for time-decay models)',
  };
}

// ------------------------------------------------------------------------------------------------ generic
interface RawEvent {
  user: string;
  item: string;
  ts: number;
  type: EventType;
  order: number;
}

function parseTime(s: string): number {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n; // seconds or milliseconds
  }
  const ms = Date.parse(t.includes('T') || t.includes('Z') ? t : t.replace(' ', 'T') + 'Z');
  if (!Number.isFinite(ms)) throw new RangeError(`unreadable timestamp "${s}"`);
  return ms;
}

const TYPES: Record<string, EventType> = { view: 'view', click: 'click', add_to_cart: 'add_to_cart', cart: 'add_to_cart', purchase: 'purchase', buy: 'purchase' };

/**
 * The time-ordered split for event logs: per user, events sorted by (time, file order), exact
 * repeats of the same item at the same time dropped (one basket line = one event); the last
 * purchase is the test target (history = everything before it), the purchase before it the
 * validation target, and everything before that is training. Users need ≥ minEvents events.
 */
export function splitEvents(name: string, items: EvalItem[], events: RawEvent[], minEvents = 5, maxHist = 50): Dataset {
  const index = new Map(items.map((it, i) => [it.id, i]));
  const byUser = new Map<string, RawEvent[]>();
  for (const e of events) {
    if (!index.has(e.item)) continue;
    let l = byUser.get(e.user);
    if (!l) byUser.set(e.user, (l = []));
    l.push(e);
  }
  const ds: Dataset = { name, items, train: [], valid: [], test: [], protocol: '' };
  for (const [user, raw] of [...byUser].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    raw.sort((a, b) => a.ts - b.ts || a.order - b.order);
    const seen = new Set<string>();
    const evs = raw.filter((e) => {
      const k = `${e.item}\u0000${e.ts}\u0000${e.type}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const purchases = evs.map((e, i) => (e.type === 'purchase' ? i : -1)).filter((i) => i >= 0);
    if (evs.length < minEvents || purchases.length < 2) continue;
    const ti = purchases[purchases.length - 1]!;
    const vi = purchases[purchases.length - 2]!;
    const mk = (end: number): Case => {
      const h = evs.slice(Math.max(0, end - maxHist), end);
      return { user, hist: h.map((e) => index.get(e.item)!), ts: h.map((e) => e.ts), types: h.map((e) => e.type), target: index.get(evs[end]!.item)!, now: evs[end]!.ts };
    };
    if (vi === 0) continue;
    ds.test.push(mk(ti));
    ds.valid.push(mk(vi));
    const tr = evs.slice(0, vi);
    ds.train.push({ user, seq: tr.map((e) => index.get(e.item)!), ts: tr.map((e) => e.ts), types: tr.map((e) => e.type) });
  }
  ds.protocol = `per user, time-ordered: last purchase = test, the purchase before it = valid, earlier events = train; users with ≥ ${minEvents} events; same item at the same time counted once; histories cut at ${maxHist}; full ranking over all ${items.length} items`;
  return ds;
}

/** Generic format: catalog JSONL (id, title, text?, price?, category?, brand?) + events CSV (user,item,timestamp[,type]). */
export function loadGeneric(catalogPath: string, eventsPath: string, name = 'custom'): Dataset {
  need(catalogPath, 'pass --catalog FILE.jsonl: one JSON object per line with id, title and optionally text, price, category, brand');
  need(eventsPath, 'pass --events FILE.csv: header user,item,timestamp[,type]; type one of view, click, add_to_cart, purchase');
  const items: EvalItem[] = read(catalogPath).split('\n').filter((l) => l.trim()).map((l, n) => {
    const o = JSON.parse(l) as Record<string, unknown>;
    if (o['id'] === undefined || (!o['title'] && !o['text'])) throw new RangeError(`catalog line ${n + 1}: needs id and title (or text)`);
    const it: EvalItem = { id: String(o['id']), title: String(o['title'] ?? o['text']) };
    if (o['title'] && o['text']) it.text = String(o['text']);
    if (o['category']) it.category = String(o['category']);
    if (o['brand']) it.brand = String(o['brand']);
    if (o['price'] !== undefined && Number.isFinite(Number(o['price']))) it.price = Number(o['price']);
    return it;
  });
  const rows = parseCsv(read(eventsPath));
  const head = rows.shift()!.map((h) => h.trim().toLowerCase());
  const col = (n: string) => head.indexOf(n);
  const [cu, ci, ct, cy] = [col('user'), col('item'), col('timestamp'), col('type')];
  if (cu < 0 || ci < 0 || ct < 0) throw new RangeError(`${eventsPath}: header must have user,item,timestamp[,type], got ${head.join(',')}`);
  const events = rows.map((r, order) => {
    const type = cy >= 0 ? TYPES[(r[cy] ?? '').trim().toLowerCase()] : 'purchase';
    if (!type) throw new RangeError(`${eventsPath} row ${order + 2}: unknown type "${r[cy]}"`);
    return { user: r[cu]!, item: r[ci]!, ts: parseTime(r[ct]!), type, order };
  });
  return splitEvents(name, items, events);
}

// ------------------------------------------------------------------------------------------------ Online Retail
const RETAIL_HOW =
  'Get UCI "Online Retail" (Chen, Sain & Guo 2012; CC0), e.g. from the UCI Machine Learning Repository or the CRAN package ' +
  '"onlineretail", and derive interactions.csv.gz (CustomerID,StockCode,InvoiceNo,InvoiceDate,Quantity,UnitPrice,Country: ' +
  'non-cancelled rows with a customer) and items.csv.gz (StockCode,description,median_unit_price,n_rows) into that folder ' +
  '(or pass --data DIR whose online-retail/ holds them).';

export function loadRetail(dataDir: string): Dataset {
  const dir = `${dataDir}/online-retail`;
  need(`${dir}/interactions.csv.gz`, RETAIL_HOW);
  need(`${dir}/items.csv.gz`, RETAIL_HOW);
  // Non-product lines (postage, fees, manual adjustments: codes that do not start with a digit) are not items.
  const irows = parseCsv(read(`${dir}/items.csv.gz`)).slice(1).filter((r) => /^\d/.test(r[0] ?? ''));
  const items: EvalItem[] = irows.map((r) => {
    const it: EvalItem = { id: r[0]!, title: (r[1] || r[0]!).trim().toLowerCase() };
    const p = Number(r[2]);
    if (Number.isFinite(p) && p > 0) it.price = p;
    return it;
  });
  const rows = parseCsv(read(`${dir}/interactions.csv.gz`)).slice(1);
  const events: RawEvent[] = rows.map((r, order) => ({ user: r[0]!, item: r[1]!, ts: parseTime(r[3]!), type: 'purchase', order }));
  const ds = splitEvents('online-retail', items, events);
  ds.protocol = 'UCI Online Retail (stock codes starting with a digit; postage/fees dropped), ' + ds.protocol;
  return ds;
}
