// Tokenizer parity for the trained model's pruned vocabulary: the browser
// tokenizers must give exactly the ids of the Python reference (bert_tokenizer.py)
// that training used. Golden ids: tests/fixtures/encoder/tokenizer-golden.json
// (written by export.py). Checks @huggingface/tokenizers and @huggingface/transformers'
// AutoTokenizer, loading the model folder from disk (never the Hub).
//
//   node training/encoder/check_tokenizer.mjs [--dir public/models/alcove-mini-v3]
import { readFileSync } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { AutoTokenizer, env } from '@huggingface/transformers';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const i = process.argv.indexOf('--dir');
const dir = resolve(i > 0 ? process.argv[i + 1] : here('../../public/models/alcove-mini-v3'));
const golden = JSON.parse(readFileSync(here('../../tests/fixtures/encoder/tokenizer-golden.json'), 'utf8'));
const read = (f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const tok = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = `${dirname(dir)}/`;
const auto = await AutoTokenizer.from_pretrained(basename(dir));
let bad = 0;
for (const c of golden.cases) {
  const pair = c.text_pair ?? null;
  const a = tok.encode(c.text, { text_pair: pair, return_token_type_ids: true });
  const b = auto(c.text, { text_pair: pair, return_tensor: false });
  const ok =
    JSON.stringify(a.ids) === JSON.stringify(c.input_ids) &&
    JSON.stringify(a.token_type_ids) === JSON.stringify(c.token_type_ids) &&
    JSON.stringify(b.input_ids) === JSON.stringify(c.input_ids) &&
    JSON.stringify(b.token_type_ids) === JSON.stringify(c.token_type_ids);
  if (!ok) {
    bad++;
    console.log(`MISMATCH ${c.label}: golden ${c.input_ids} tokenizers ${a.ids} transformers ${b.input_ids}`);
  }
}
console.log(`${golden.cases.length - bad}/${golden.cases.length} golden cases match (vocab ${Object.keys(read('tokenizer.json').model.vocab).length}, ${auto.constructor.name})`);
process.exit(bad ? 1 : 0);
