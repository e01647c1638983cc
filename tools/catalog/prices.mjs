/**
 * Plausible price ranges (EUR) per product type for the demo catalog: a category's own range
 * is only the fallback, since a bicycle and a bicycle bell must not share one. Rules are
 * checked in order against the product type's name (whole words); the first match wins.
 * Materials then scale the price (cashmere costs more than cotton, gold more than silver).
 */

/** [pattern on the product type name, min, max]; patterns are anchored on word boundaries. */
const RULES = {
  Footwear: [
    ['slipper|flip|zori|clog|espadrille|scuff|scuffer|sabot|bootee|baby shoe|flipper|overshoe|galosh', 18, 70],
    ['boot|waders|jodhpur|cleats', 80, 240],
  ],
  Clothing: [
    ['sock|hosiery|stocking|tights|body stocking', 6, 25],
    ['brassiere|camisole|underpants|bikini pants|singlet|petticoat|chemise|garter belt|corset|bloomers|undergarment|breechcloth', 12, 60],
    ['(sweat|wet|swim|sun|romper|snow|jump|slack) ?suit|swimsuit|swimming trunks|maillot|leotard|pajama', 25, 120],
    ['business suit|suit|tuxedo|two-piece|pants suit|zoot suit', 160, 520],
    ['coat|greatcoat|overcoat|jacket|mackinaw|raincoat|parka|duffel coat|sack coat|box coat|coatee|surcoat|cloak|cape|opera cloak|burnous|capuchin|wrap', 90, 380],
    ['sweater|cardigan|pullover|turtleneck|sweatshirt|tank top', 35, 140],
    ['scarf|kerchief|headscarf|neckerchief|shawl|stole|necktie|bow tie|bolo tie|string tie|neckcloth|ascot|cravat|fichu|feather boa|face veil', 15, 75],
    ['tee shirt|polo shirt|shirt|dress shirt|work-shirt|kurta', 20, 80],
  ],
  Accessories: [
    ['spectacles|bifocals|sunglasses|goggles|lorgnette|pince-nez', 35, 190],
    ['wallet', 25, 110],
    ['umbrella', 15, 60],
  ],
  Kitchen: [
    ['pan|pot|wok|stockpot|saucepot|caldron|saucepan|griddle|gridiron|cookie sheet|omelet pan|patty-pan|dripping pan|cooker', 25, 140],
    ['kettle|teakettle|coffeepot|percolator|teapot|pottle', 20, 90],
    ['electric mixer|blender|mixer|chafing dish', 40, 220],
  ],
  Tableware: [
    ['paper cup|paper plate', 2, 6],
    ['service|dinner service|tea service|table service|place setting|silverware|silver plate|gold plate|flatware', 45, 240],
  ],
  'Bottles & Containers': [
    ['vacuum flask|thermos|hipflask|flask|water bottle', 18, 45],
    ['chest|cedar chest|hope chest|treasure chest|strongbox|safe|safe-deposit|cashbox|packing case', 45, 260],
    ['cash register', 120, 400],
    ['toilet bowl', 120, 350],
  ],
  'Bags & Luggage': [
    ['plastic bag|bin liner|grocery bag|doggie bag|shopping bag|sachet|dust bag', 2, 15],
    ['purse|handbag|shoulder bag|clutch bag|evening bag|etui', 40, 260],
    ['hand luggage|valise|trunk|garment bag|overnight bag|gripsack|footlocker|dressing case|duffel bag|carryall|hatbox', 70, 320],
    ['sleeping bag|golf bag', 45, 220],
    ['backpack|schoolbag|satchel|book bag|saddlebag|pannier|tool bag', 35, 150],
  ],
  Tools: [
    ['sandblaster|weed-whacker|soldering iron|power drill|drill', 40, 320],
  ],
  Garden: [
    ['riding mower', 1500, 3500],
    ['power mower|lawn mower', 180, 700],
    ['hand mower|hedge trimmer', 60, 220],
  ],
  Lighting: [
    ['chandelier', 180, 900],
    ['candle|rushlight', 5, 25],
    ['light bulb|fluorescent|photoflash', 3, 18],
    ['flashlight|penlight', 10, 45],
    ['floor lamp|arc lamp', 80, 320],
  ],
  Furniture: [
    ['baby bed|crib|cradle|bassinet|carrycot|highchair', 90, 400],
    ['sofa|sectional|chaise longue|divan|daybed|love seat|sofa bed|banquette|settle', 450, 1800],
    ['bed|bunk|bunk bed|bedstead|four-poster|platform bed|water bed|sleigh bed|trundle bed|camp bed|plank-bed|sickbed|marriage bed|double bed|single bed|twin bed', 250, 1500],
    ['wardrobe|coat closet|wall unit|entertainment center|bookcase|cabinet|china cabinet|chest of drawers|highboy|lowboy|credenza|buffet|chiffonier|etagere|hallstand|minibar|washstand|fitment|medicine chest', 180, 1100],
    ['toilet seat', 20, 60],
    ['folding chair|deck chair|lawn chair|campstool|step stool|stool|footstool|pouffe|taboret|milking stool|music stool', 30, 180],
    ['barber chair|wheelchair|throne|chair of state', 300, 1400],
    ['chair|armchair|easy chair|rocking chair|fauteuil|swivel chair|straight chair|ladder-back|fighting chair|prie-dieu|window seat|seat', 80, 600],
    ['coffee table|tea table|card table|pedestal table|tilt-top table|gueridon|pier table|stand|console table', 80, 450],
    ['card index|vertical file|file', 40, 220],
    ['desk|reception desk|writing table|drafting table|workbench|counter|checkout counter|meat counter|notions counter|bar|booth|lectern', 180, 1100],
  ],
  'Home Textiles': [
    ['rug|carpet|red carpet|broadloom|drugget|numdah|rya|parquetry|hearthrug|prayer rug|scatter rug|shag rug|stair-carpet', 60, 600],
    ['quilt|blanket|bedspread|quilted bedspread|coverlet|eiderdown|afghan|electric blanket|patchwork quilt|crazy quilt|manta|bedroll', 45, 220],
    ['towel|washcloth|napkin|dinner napkin|tea napkin|doily|place mat|dishtowel|pillowcase|pillow sham|tray cloth|tea cloth|paper towel|bath mat|welcome mat|mat', 6, 35],
    ['sheet|fitted sheet|mattress cover|tablecloth|damask', 25, 95],
    ['curtain|portiere|festoon|shower curtain', 20, 110],
  ],
  'Toys & Games': [
    ['pinball machine', 1500, 4500],
    ['playhouse|tree house|jungle gym|slide|seesaw|swing|trapeze|basketball hoop|backboard|volleyball net', 60, 600],
    ['rocking horse|cockhorse|train set', 40, 220],
    ['chessman|chequer|counter|marble|shooter|jackstones|crossword puzzle|balloon', 2, 15],
  ],
  'Sports & Outdoors': [
    ['bicycle|bike|mountain bike|push-bike|velocipede|ordinary bicycle|safety bicycle', 350, 1400],
    ['tent|tepee|tupik|cabana|pavilion', 80, 480],
    ['trampoline|batting cage|pommel horse|vaulting horse|horse|parallel bars|balance beam|horizontal bar|stall bar|golfcart', 250, 1600],
    ['skate|ice skate|roller skate|figure skate|hockey skate|speed skate', 60, 260],
    ['baseball bat|cricket bat|racquet|racket|squash racket|tennis racket|badminton racket|golf-club|hockey stick|polo mallet|croquet mallet|mallet|crosse|cue stick', 25, 220],
    ['shuttlecock|golf tee|spike|piton|pricket|clay pigeon|wicket', 3, 25],
  ],
  Jewellery: [
    ['diamond|solitaire|engagement ring|sparkler', 450, 3200],
    ['ring|wedding ring|signet ring|necklace|pendant earring|strand|pearl|ruby|brooch', 60, 650],
    ['bead|seed pearl|bling', 4, 30],
  ],
  'Watches & Clocks': [
    ['watch|wristwatch|chronograph|chronometer|pocket watch|stem-winder|hunting watch|digital watch|analog watch', 60, 600],
    ['grandfather clock|turret clock|pendulum clock|cuckoo clock|carillon', 150, 1500],
    ['egg timer|timer|stopwatch|sandglass|hourglass', 8, 40],
    ['alarm clock|digital clock|electric clock|wall clock|analog clock|clock', 20, 120],
  ],
  'Musical Instruments': [
    ['piano|grand piano|upright piano|mechanical piano|harpsichord|clavichord|celesta|organ|pipe organ|barrel organ|steam organ|keyboard instrument|marimba|vibraphone|carillon', 1200, 7500],
    ['kazoo|harmonica|jew\'s harp|maraca|tambourine|zill|rain stick|ocarina|pitch pipe|fipple flute|handbell|music box|chime|lagerphone|bones|organ pipe|organ stop|reed pipe|flue pipe|drone pipe|chanter', 8, 70],
    ['accordion|piano accordion|button accordion|theremin|hurdy gurdy', 250, 2200],
    ['guitar|acoustic guitar|electric guitar|steel guitar|bass guitar|violin|cello|viol|bass fiddle|banjo|mandolin|uke|balalaika|sitar|koto|samisen|dulcimer|zither|harp', 150, 1400],
    ['trombone|cornet|flugelhorn|euphonium|helicon|saxhorn|baritone horn|bass horn|bombard|flute|bagpipe|woodwind|brass', 250, 1800],
    ['drum|snare drum|bass drum|tenor drum|kettledrum|bongo|steel drum|tabor|gong|cymbal|glockenspiel', 60, 800],
  ],
  Electronics: [
    ['slide rule', 20, 80],
    ['computer|personal computer|portable computer|laptop|notebook computer|desktop computer|briefcase computer|home computer|digital computer|analog computer|workstation|minicomputer|multiprocessor|differential analyzer', 450, 2200],
    ['cellular telephone|radiophone', 200, 1100],
    ['telephone|desk phone|dial telephone|telephone extension|handset|speakerphone|telephone receiver', 30, 160],
    ['camera|box camera|candid camera|digital camera|flash camera|motion-picture camera|portrait camera|reflex camera|sound camera', 120, 1300],
    ['television receiver', 300, 1600],
    ['earphone|earplug|headset', 20, 260],
    ['computer keyboard|computer mouse|digital scanner', 15, 160],
  ],
  Appliances: [
    ['refrigerator|electric refrigerator|dishwasher|automatic washer|clothes dryer|oven|stove|electric range|gas range|cookstove|potbelly stove|tandoor', 350, 1500],
    ['sewing machine|serger', 150, 700],
    ['vacuum cleaner|espresso maker|trouser press', 90, 450],
    ['iron|flatiron|steam iron|travel iron|curling iron|gauffer|smoothing iron|waffle iron', 20, 90],
  ],
  'Personal Care': [
    ['electric toothbrush', 30, 120],
    ['hairbrush|shaving brush|clothesbrush|currycomb', 10, 45],
  ],
  'Beauty & Fragrance': [
    ['perfume|cologne water|toilet water|after-shave|bay rum', 25, 120],
  ],
  Stationery: [
    ['fountain pen|quill', 20, 150],
    ['cyclostyle', 80, 300],
  ],
};

/** What a material does to the price of the same product. Unlisted materials: 1. */
const MATERIAL_FACTOR = {
  Cashmere: 2.2, Silk: 1.7, Wool: 1.3, Linen: 1.2, 'Organic Cotton': 1.15, Fleece: 0.9,
  Leather: 1.4, Suede: 1.3, 'Vegan Leather': 1.15, Canvas: 0.85, Rubber: 0.85, Mesh: 0.9,
  Gold: 2.2, 'Rose Gold': 2, Platinum: 2.8, Titanium: 1.2,
  Walnut: 1.3, Oak: 1.2, Pine: 0.8, Marble: 1.4, Velvet: 1.15, Rattan: 0.9, Mahogany: 1.3, Rosewood: 1.3,
  Copper: 1.4, 'Cast Iron': 1.2, 'Carbon Fibre': 1.8, 'Forged Steel': 1.2, 'Chrome Vanadium': 1.2,
  Plastic: 0.7, 'Recycled Plastic': 0.8, Cardboard: 0.6, Porcelain: 1.2, Brass: 1.2,
};

const compiled = Object.fromEntries(
  Object.entries(RULES).map(([category, rules]) => [category, rules.map(([words, min, max]) => [new RegExp(`^(${words})$`), min, max])]),
);

/** The [min, max] price range for a product type: its rule, else its category's range. */
export function priceRange(category, typeName) {
  const rule = (compiled[category.name] ?? []).find(([re]) => re.test(typeName));
  return rule ? [rule[1], rule[2]] : category.price;
}

export function materialFactor(material) {
  return MATERIAL_FACTOR[material] ?? 1;
}

/** A shop-like price: .49/.99 below 10, x.99 below 100, then x9.99 (e.g. 349.99). */
export function shopPrice(raw) {
  const price = raw < 10 ? Math.max(1, Math.round(raw * 2) / 2) - 0.01 : raw < 100 ? Math.round(raw) - 0.01 : Math.round(raw / 10) * 10 - 0.01;
  return Math.round(price * 100) / 100;
}
