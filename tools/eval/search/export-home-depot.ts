// Writes Home Depot in the generic search-set format (src/cli/search-set.ts) to a folder OUTSIDE
// the repository, for `alcove fit-search`: catalog.jsonl, train.csv and dev.csv (the md5 split of
// tools/eval/search/data.ts; relevance = gain = rating − 1).
//
//   npx tsx tools/eval/search/export-home-depot.ts --out /tmp/home-depot [--data ../shared/data]
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadHomeDepot } from './data';

const { values } = parseArgs({ options: { out: { type: 'string' }, data: { type: 'string', default: '../shared/data' } } });
if (!values.out) throw new Error('--out DIR is required (outside the repository: never commit these rows)');
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
for (const split of ['train', 'dev'] as const) {
  const ds = loadHomeDepot(resolve(values.data), split);
  if (split === 'train') writeFileSync(`${out}/catalog.jsonl`, ds.items.map((it) => JSON.stringify({ id: it.id, title: it.title })).join('\n') + '\n');
  const rows = ds.cases.flatMap((c) => [...c.gains].map(([i, g]) => `${csv(c.query)},${csv(ds.items[i]!.id)},${+g.toFixed(4)}`));
  writeFileSync(`${out}/${split}.csv`, `query,item,relevance\n${rows.join('\n')}\n`);
  process.stderr.write(`${split}: ${ds.cases.length} queries, ${rows.length} judgments\n`);
}
