/**
 * A drawn product picture for the demo shop, made in the page from the item's own fields:
 * the shape from its category and title, the colour and material from the words in its title
 * and description. Drawn locally rather than fetched, so showing results makes no request
 * that could reveal what the shopper searched for. Built with createElementNS and attribute
 * values only: no product text is ever parsed as markup.
 */
import type { CatalogItem } from '../client';

const SVG = 'http://www.w3.org/2000/svg';

/** Colour words (longest first, so "sky blue" wins over "blue") and the paint for each. */
const COLOURS: [string, string][] = [
  ['mint green', '#7fd3a8'], ['sky blue', '#6fb3e6'], ['azure', '#3f8fd8'], ['black', '#2e2e30'], ['blue', '#2d5bd7'],
  ['cyan', '#22b3c7'], ['fuchsia', '#d33fb0'], ['gold', '#d4a82a'], ['green', '#3a9a4a'], ['grey', '#8a8f94'],
  ['indigo', '#4b3f9e'], ['ivory', '#efe6c8'], ['lavender', '#b59ddb'], ['lime', '#8fd13f'], ['magenta', '#c2379a'],
  ['maroon', '#7a2334'], ['olive', '#7c7a2e'], ['orange', '#ee8a2a'], ['orchid', '#c86fc8'], ['pink', '#f08fb5'],
  ['plum', '#8e4585'], ['purple', '#7b3fb0'], ['red', '#d23a32'], ['salmon', '#f28c7a'], ['silver', '#b9bec4'],
  ['tan', '#c9a57a'], ['teal', '#2a8a8a'], ['turquoise', '#35c4b5'], ['violet', '#8a5ad6'], ['white', '#f7f7f5'],
  ['yellow', '#f2cf3a'],
];

/** Materials: their own colour (used when the item names none) and how they look. */
type Finish = 'metal' | 'glass' | 'wood' | 'soft' | 'plain';
const MATERIALS: [string, string, Finish][] = [
  ['rose gold', '#d99a8a', 'metal'], ['sterling silver', '#c0c4c8', 'metal'], ['stainless steel', '#a8b0b8', 'metal'],
  ['cast iron', '#4a4d52', 'metal'], ['forged steel', '#70767d', 'metal'], ['carbon steel', '#5d636a', 'metal'],
  ['chrome vanadium', '#9aa3ab', 'metal'], ['carbon fibre', '#333538', 'plain'], ['vegan leather', '#6b4a3a', 'soft'],
  ['recycled plastic', '#6fae9b', 'plain'], ['recycled polyester', '#5f8fb0', 'soft'], ['organic cotton', '#e9e2d0', 'soft'],
  ['bamboo fibre', '#d9cfae', 'soft'], ['beech wood', '#d8b48a', 'wood'], ['cedar wood', '#b4734a', 'wood'], ['ash wood', '#d7bf94', 'wood'],
  ['aloe vera', '#8fcf8a', 'plain'], ['gold', '#d4a82a', 'metal'], ['platinum', '#d8dadc', 'metal'], ['titanium', '#8e959c', 'metal'],
  ['silver', '#c0c4c8', 'metal'], ['aluminium', '#b8bec4', 'metal'], ['steel', '#8a9198', 'metal'], ['brass', '#c9a23c', 'metal'],
  ['copper', '#c2703d', 'metal'], ['tin', '#b5b9bd', 'metal'], ['enamel', '#e9ecef', 'plain'], ['metal', '#8a9198', 'metal'],
  ['glass', '#a9d6e5', 'glass'], ['acetate', '#5a4636', 'plain'], ['porcelain', '#f3f1ec', 'plain'], ['stoneware', '#b9a58f', 'plain'],
  ['ceramic', '#e3ddd3', 'plain'], ['terracotta', '#c8643b', 'plain'], ['marble', '#ecebe6', 'plain'], ['resin', '#d8a64a', 'plain'],
  ['silicone', '#e07a6a', 'plain'], ['plastic', '#5fa8d3', 'plain'], ['fibreglass', '#e0c25a', 'plain'], ['rubber', '#3a3a3a', 'plain'],
  ['oak', '#b98a55', 'wood'], ['walnut', '#6b4a32', 'wood'], ['pine', '#dcb47a', 'wood'], ['maple', '#e0b97e', 'wood'],
  ['rosewood', '#7a3b2a', 'wood'], ['spruce', '#e3c28f', 'wood'], ['mahogany', '#7c3524', 'wood'], ['bamboo', '#cfb77a', 'wood'],
  ['wooden', '#c99a62', 'wood'], ['rattan', '#c8a26a', 'wood'], ['cardboard', '#c8a878', 'plain'], ['leather', '#7a4a2a', 'soft'],
  ['suede', '#9a6a4a', 'soft'], ['canvas', '#d9cfb4', 'soft'], ['mesh', '#9aa0a6', 'soft'], ['nylon', '#44607a', 'soft'],
  ['jute', '#b89a62', 'soft'], ['cotton', '#eeeae0', 'soft'], ['wool', '#d9d2c4', 'soft'], ['linen', '#e6dfcc', 'soft'],
  ['silk', '#e9d4c8', 'soft'], ['denim', '#3f5f8f', 'soft'], ['cashmere', '#d8c8b4', 'soft'], ['fleece', '#e0dcd4', 'soft'],
  ['velvet', '#7a2a4a', 'soft'], ['plush', '#d9b48a', 'soft'], ['lavender', '#b59ddb', 'plain'], ['citrus', '#f2b33a', 'plain'],
  ['sandalwood', '#c9a57a', 'plain'], ['rose', '#e7869b', 'plain'], ['coconut', '#efe6d6', 'plain'],
];

type Part = [tag: 'path' | 'rect' | 'circle' | 'ellipse', attrs: Record<string, string | number>, paint?: 'main' | 'dark' | 'accent' | 'none'];

const p = (d: string, paint: Part[2] = 'main'): Part => ['path', { d }, paint];
const r = (x: number, y: number, width: number, height: number, rx = 2, paint: Part[2] = 'main'): Part => ['rect', { x, y, width, height, rx }, paint];
const c = (cx: number, cy: number, radius: number, paint: Part[2] = 'main'): Part => ['circle', { cx, cy, r: radius }, paint];
const e = (cx: number, cy: number, rx: number, ry: number, paint: Part[2] = 'main'): Part => ['ellipse', { cx, cy, rx, ry }, paint];

/** Shapes on a 100×75 canvas, and the words (in title or category) that choose each. First match wins. */
const SHAPES: [RegExp, Part[]][] = [
  [/\b(bicycle|bike|velocipede)\b/, [c(26, 52, 14, 'none'), c(74, 52, 14, 'none'), p('M26 52 L42 30 L66 30 L74 52 M42 30 L52 52 L66 30 M38 24 L46 24 M64 22 L70 22', 'none')]],
  [/\b(tent|tepee|tupik|cabana|pavilion)\b/, [p('M50 12 L86 62 L14 62 Z'), p('M50 12 L42 62 L58 62 Z', 'dark')]],
  [/\b(thermos|vacuum flask|flask|water bottle)\b/, [r(38, 18, 24, 46, 6), r(40, 10, 20, 9, 3, 'dark'), r(38, 30, 24, 4, 0, 'accent')]],
  [/\b(bottles|bottle|jug|carafe|decanter|demijohn|carboy|magnum|cruet|gourd)\b/, [p('M44 8 L56 8 L56 20 Q68 26 68 38 L68 64 Q68 67 65 67 L35 67 Q32 67 32 64 L32 38 Q32 26 44 20 Z'), r(43, 5, 14, 6, 2, 'dark')]],
  [/\b(mug|cup|tankard|stein|seidel|toby)\b/, [p('M28 20 L64 20 L60 62 Q59 66 55 66 L37 66 Q33 66 32 62 Z'), p('M63 28 Q80 28 78 42 Q76 54 60 52', 'none')]],
  [/\b(glass|wineglass|goblet|tumbler|snifter|chalice|flute|schooner|rummer|bumper)\b/, [p('M32 10 L68 10 Q68 40 52 44 L52 60 L64 64 L36 64 L48 60 L48 44 Q32 40 32 10 Z')]],
  [/\b(tableware|plate|dish|platter|service|setting|saucer|bowl|tureen)\b/, [e(50, 42, 38, 22), e(50, 42, 26, 14, 'dark'), e(50, 42, 22, 11)]],
  [/\b(fork|spoon|knife|cutlery|chopstick|flatware|silverware|silver)\b/, [p('M36 8 Q44 8 44 22 Q44 30 40 32 L41 68 L35 68 L36 32 Q32 30 32 22 Q32 8 36 8 Z'), p('M58 8 L58 26 Q58 32 62 33 L61 68 L67 68 L66 33 Q70 32 70 26 L70 8 L68 8 L68 22 L66 22 L66 8 L63 8 L63 22 L61 22 L61 8 Z')]],
  [/\b(kettle|teakettle|teapot|coffeepot|percolator|coffee maker|espresso)\b/, [p('M26 64 Q20 40 34 30 L66 30 Q80 40 74 64 Z'), p('M74 40 L88 30 L86 36 L76 48', 'dark'), p('M36 30 Q50 10 64 30', 'none'), r(44, 22, 12, 6, 2, 'dark')]],
  [/\bgarden > pot\b/, [p('M26 36 L74 36 L66 68 L34 68 Z'), r(22, 30, 56, 8, 2, 'dark'), p('M50 30 Q40 12 30 14 Q36 28 50 30 Q60 10 72 12 Q66 28 50 30', 'accent')]],
  [/\b(pan|wok|griddle|skillet|pot|saucepan|stockpot|saucepot|caldron|cooker)\b/, [e(42, 44, 28, 18), e(42, 44, 21, 12, 'dark'), r(68, 40, 28, 7, 3, 'accent')]],
  [/\b(chest|trunk|crate|box|case|strongbox|cashbox|safe|carton|toolbox)\b/, [r(16, 28, 68, 38, 3), r(14, 18, 72, 14, 3, 'dark'), r(44, 28, 12, 10, 2, 'accent')]],
  [/\b(basket|hamper|creel|punnet|skep)\b/, [p('M16 32 L84 32 L74 66 L26 66 Z'), p('M28 32 Q50 2 72 32', 'none'), p('M22 44 L78 44 M25 55 L75 55', 'none')]],
  [/\b(jar|vase|urn|pitcher|bucket|pail|jampot|beaker|cannikin|planter)\b/, [p('M34 12 L66 12 L64 20 Q76 32 72 52 Q68 66 50 66 Q32 66 28 52 Q24 32 36 20 Z'), r(33, 8, 34, 6, 2, 'dark')]],
  [/\b(suitcase|luggage|valise|footlocker|gripsack|overnight bag|garment bag|dressing case|hatbox)\b/, [r(18, 22, 64, 44, 5), p('M40 22 L40 14 L60 14 L60 22', 'none'), r(18, 40, 64, 4, 0, 'dark')]],
  [/\b(bag|handbag|purse|satchel|backpack|pouch|sack|etui|carryall|pack|pannier|mailbag|postbag)\b/, [p('M20 30 L80 30 L86 66 L14 66 Z'), p('M34 30 Q34 10 50 10 Q66 10 66 30', 'none'), r(44, 38, 12, 6, 2, 'dark')]],
  [/\b(boot|waders|galosh)\b/, [p('M22 64 L22 12 L44 12 L44 38 Q50 42 64 44 L78 46 Q88 48 88 58 L88 64 Z'), r(20, 62, 70, 6, 2, 'dark')]],
  [/\bfootwear\b/, [p('M12 52 L12 38 Q12 30 20 30 L34 30 Q40 40 54 42 L78 46 Q90 48 90 56 L90 58 L12 58 Z'), r(10, 56, 82, 7, 3, 'dark'), p('M28 34 L40 42', 'none')]],
  [/\b(trouser|trousers|pants|jeans|slacks|chinos|breeches|cords|legging|shorts|britches|jodhpurs|churidars|salwar|trews|lederhosen|buckskins)\b/, [p('M32 8 L68 8 L72 68 L56 68 L50 28 L44 68 L28 68 Z'), r(32, 8, 36, 6, 1, 'dark')]],
  [/\b(skirt|kilt|sarong|dirndl|maxi|lavalava|frock|dress)\b/, [p('M38 10 L62 10 L80 66 L20 66 Z'), r(38, 10, 24, 6, 1, 'dark')]],
  [/\b(coat|greatcoat|jacket|cloak|cape|robe|gown|kimono|mackinaw|poncho|raincoat|parka|burnous|aba|jellaba|bathrobe|cardigan)\b/, [p('M30 8 L42 6 L50 16 L58 6 L70 8 L86 26 L76 32 L70 28 L72 70 L28 70 L30 28 L24 32 L14 26 Z'), p('M50 16 L50 70', 'none')]],
  [/\b(scarf|tie|necktie|cravat|ascot|stole|shawl|kerchief|neckerchief|boa|neckcloth|headscarf|fichu|mantilla|rebozo)\b/, [p('M30 10 L70 10 L62 22 L66 66 L56 66 L52 24 L46 24 L44 66 L34 66 L38 22 Z')]],
  [/\b(hat|cap|veil|head covering|tudung|patka)\b/, [e(50, 54, 40, 9, 'dark'), p('M28 54 Q28 20 50 20 Q72 20 72 54 Z')]],
  [/\bclothing\b/, [p('M30 14 L42 10 Q50 17 58 10 L70 14 L86 28 L75 36 L68 31 L68 66 L32 66 L32 31 L25 36 L14 28 Z')]],
  [/\b(spectacles|bifocals|sunglasses|goggles|lorgnette|pince-nez)\b/, [c(30, 40, 14), c(70, 40, 14), c(30, 40, 10, 'accent'), c(70, 40, 10, 'accent'), p('M44 38 Q50 32 56 38', 'none')]],
  [/\bumbrella\b/, [p('M10 40 Q50 0 90 40 Z'), p('M50 40 L50 64 Q50 70 44 68', 'none')]],
  [/\bbelt\b/, [r(8, 32, 84, 12, 3), r(18, 28, 18, 20, 2, 'accent'), r(23, 33, 8, 10, 1, 'dark')]],
  [/\baccessories\b/, [r(20, 22, 60, 36, 6), p('M20 34 L80 34', 'none'), r(60, 38, 14, 10, 3, 'accent')]],
  [/\b(wrench|spanner)\b/, [p('M22 12 Q10 18 14 30 L56 62 Q64 68 70 60 Q74 54 66 48 L28 20 Q28 10 22 12 Z'), c(17, 22, 5, 'accent')]],
  [/\bsaw\b/, [p('M20 30 L84 30 L84 44 L20 52 Z'), r(6, 24, 18, 30, 5, 'accent')]],
  [/\b(mower)\b/, [r(26, 30, 50, 22, 6), c(32, 56, 9, 'dark'), c(70, 56, 9, 'dark'), p('M72 32 L90 8', 'none')]],
  [/\b(rake|hoe|shovel|spade|pitchfork|trowel|dibble)\b/, [p('M48 6 L52 6 L52 48 L48 48 Z', 'accent'), p('M34 46 L66 46 L62 68 L38 68 Z')]],
  [/\bgarden\b/, [p('M26 36 L74 36 L66 68 L34 68 Z'), r(22, 30, 56, 8, 2, 'dark'), p('M50 30 Q40 12 30 14 Q36 28 50 30 Q60 10 72 12 Q66 28 50 30', 'accent')]],
  [/\bkitchen\b/, [p('M38 6 L62 6 L64 34 Q50 42 36 34 Z'), p('M44 14 L44 30 M50 14 L50 32 M56 14 L56 30', 'none'), r(47, 36, 6, 34, 3, 'accent')]],
  [/\btools\b/, [r(46, 28, 8, 42, 3, 'accent'), p('M26 12 L74 12 L74 30 L26 30 Z')]],
  [/\b(candle|rushlight)\b/, [r(40, 28, 20, 40, 2), p('M50 8 Q58 18 50 26 Q42 18 50 8 Z', 'accent')]],
  [/\b(bulb|fluorescent|photoflash)\b/, [c(50, 30, 20), r(42, 48, 16, 16, 2, 'dark')]],
  [/\b(chandelier)\b/, [p('M50 4 L50 20', 'none'), p('M18 30 Q50 56 82 30', 'none'), c(18, 30, 6), c(50, 42, 7), c(82, 30, 6), c(34, 38, 5), c(66, 38, 5)]],
  [/\b(lantern|flashlight|penlight)\b/, [r(34, 18, 32, 44, 6), r(38, 10, 24, 8, 3, 'dark'), r(40, 26, 20, 26, 3, 'accent')]],
  [/\blighting\b|\blamp\b/, [p('M30 10 L70 10 L80 36 L20 36 Z'), r(47, 36, 6, 24, 0, 'dark'), e(50, 64, 18, 5, 'dark')]],
  [/\b(sofa|sectional|couch|divan|daybed|love seat|settle|banquette|chaise)\b/, [r(10, 30, 80, 26, 6), r(16, 20, 68, 16, 5, 'dark'), r(6, 30, 12, 26, 5), r(82, 30, 12, 26, 5), r(14, 56, 6, 10, 1, 'dark'), r(80, 56, 6, 10, 1, 'dark')]],
  [/\b(bed|bunk|bedstead|four-poster|crib|cradle|bassinet|carrycot|cot)\b/, [r(8, 36, 84, 18, 3), r(8, 20, 8, 46, 2, 'dark'), r(84, 30, 8, 36, 2, 'dark'), r(18, 30, 20, 8, 4, 'accent')]],
  [/\b(chair|armchair|stool|seat|footstool|pouffe|taboret|throne|fauteuil|highchair|ladder-back)\b/, [r(30, 8, 40, 30, 4, 'dark'), r(26, 38, 48, 10, 3), p('M30 48 L28 70 M70 48 L72 70', 'none')]],
  [/\b(table|desk|workbench|counter|lectern|worktable|gueridon|stand)\b/, [r(8, 24, 84, 8, 2), r(14, 32, 6, 36, 1, 'dark'), r(80, 32, 6, 36, 1, 'dark')]],
  [/\bfurniture\b/, [r(22, 8, 56, 60, 3), p('M50 8 L50 68', 'none'), r(44, 34, 3, 8, 1, 'accent'), r(53, 34, 3, 8, 1, 'accent')]],
  [/\b(rug|carpet|mat|broadloom|drugget|numdah|rya|parquetry)\b/, [r(14, 18, 72, 40, 2), r(22, 26, 56, 24, 2, 'accent'), p('M14 62 L14 66 M24 62 L24 66 M34 62 L34 66 M44 62 L44 66 M54 62 L54 66 M64 62 L64 66 M74 62 L74 66 M84 62 L84 66', 'none')]],
  [/\b(pillow|cushion|bolster|sham|pincushion|headrest|gaddi)\b/, [p('M16 20 Q50 28 84 20 Q78 40 84 58 Q50 50 16 58 Q22 40 16 20 Z')]],
  [/\b(curtain|portiere|festoon)\b/, [r(10, 8, 80, 5, 2, 'dark'), p('M14 13 L46 13 Q36 40 42 68 L14 68 Z'), p('M54 13 L86 13 L86 68 L58 68 Q64 40 54 13 Z')]],
  [/\bhome textiles\b/, [r(18, 44, 64, 14, 3), r(22, 30, 56, 14, 3, 'accent'), r(26, 16, 48, 14, 3)]],
  [/\b(ball|baseball|football|softball|basketball|volleyball|handball|racquetball|marble|pinball)\b/, [c(50, 38, 26), p('M26 30 Q50 44 74 30 M26 46 Q50 32 74 46', 'none')]],
  [/\b(racket|racquet)\b/, [e(44, 28, 20, 22), e(44, 28, 15, 17, 'accent'), p('M56 44 L80 68', 'none')]],
  [/\b(skate)\b/, [p('M18 14 L50 14 L52 40 L78 44 Q86 46 86 52 L18 52 Z'), p('M14 62 L88 62', 'none'), r(24, 52, 4, 10, 0, 'dark'), r(74, 52, 4, 10, 0, 'dark')]],
  [/\b(toys|games|doll|puzzle|kite|top|horse)\b/, [r(16, 40, 26, 26, 3), r(46, 40, 26, 26, 3, 'accent'), r(31, 14, 26, 26, 3, 'dark')]],
  [/\bsports\b/, [c(50, 38, 26), p('M50 12 L50 64 M24 38 L76 38', 'none')]],
  [/\b(ring|solitaire|sparkler)\b/, [c(50, 46, 20, 'none'), p('M42 22 L50 12 L58 22 L50 30 Z')]],
  [/\b(necklace|pendant|strand|pearl|bead|chain)\b/, [p('M18 10 Q50 70 82 10', 'none'), c(50, 52, 8)]],
  [/\bjewellery\b/, [p('M30 20 L70 20 L82 34 L50 66 L18 34 Z'), p('M18 34 L82 34 M40 20 L50 66 L60 20', 'none')]],
  [/\b(watch|wristwatch|chronograph|stopwatch|stem-winder)\b/, [r(40, 4, 20, 67, 6, 'dark'), c(50, 38, 18), c(50, 38, 14, 'accent'), p('M50 38 L50 28 M50 38 L57 42', 'none')]],
  [/\b(sandglass|hourglass|egg timer|timer)\b/, [p('M30 8 L70 8 L52 38 L70 68 L30 68 L48 38 Z'), r(26, 4, 48, 6, 2, 'dark'), r(26, 66, 48, 6, 2, 'dark')]],
  [/\bwatches\b|\bclock\b/, [c(50, 38, 28), c(50, 38, 23, 'accent'), p('M50 38 L50 22 M50 38 L62 44', 'none')]],
  [/\b(piano|harpsichord|clavichord|celesta|organ|keyboard instrument|accordion)\b/, [r(10, 20, 80, 40, 3), r(14, 40, 72, 16, 1, 'accent'), p('M22 40 L22 50 M32 40 L32 50 M42 40 L42 50 M52 40 L52 50 M62 40 L62 50 M72 40 L72 50', 'none')]],
  [/\b(drum|bongo|tabor|kettledrum|tambourine|gong|cymbal)\b/, [e(50, 24, 30, 9, 'accent'), p('M20 24 L20 56 Q50 70 80 56 L80 24 Q50 38 20 24 Z')]],
  [/\b(guitar|violin|cello|banjo|mandolin|uke|balalaika|sitar|viol|bass|fiddle|zither|dulcimer|koto|samisen|harp)\b/, [p('M40 40 Q22 40 24 54 Q26 68 42 66 Q50 66 54 60 Q64 62 66 52 Q68 40 56 40 Q58 32 50 32 Q42 32 40 40 Z'), r(56, 6, 6, 34, 1, 'dark'), c(45, 52, 5, 'dark')]],
  [/\bmusical\b/, [p('M36 60 Q22 60 24 52 Q28 44 40 48 L40 14 L74 8 L74 52 Q60 52 62 46 Q66 38 70 42 L70 18 L44 22 L44 56 Q44 62 36 60 Z')]],
  [/\b(computer|laptop|notebook|workstation|minicomputer|multiprocessor)\b/, [r(20, 10, 60, 40, 3, 'dark'), r(24, 14, 52, 32, 1, 'accent'), p('M10 56 L90 56 L84 64 L16 64 Z')]],
  [/\b(telephone|phone|handset|radiophone)\b/, [r(34, 6, 32, 64, 7, 'dark'), r(37, 12, 26, 48, 2, 'accent'), c(50, 65, 2.5)]],
  [/\bcamera\b/, [r(12, 22, 76, 44, 6), r(24, 14, 20, 10, 3, 'dark'), c(52, 44, 16, 'dark'), c(52, 44, 10, 'accent')]],
  [/\b(earphone|headset|headphone|earplug|receiver)\b/, [p('M20 50 Q20 10 50 10 Q80 10 80 50', 'none'), r(12, 42, 18, 24, 6), r(70, 42, 18, 24, 6)]],
  [/\b(loudspeaker|speaker|subwoofer|woofer|tweeter|tannoy|bullhorn|squawk box)\b/, [r(28, 6, 44, 64, 4, 'dark'), c(50, 24, 9, 'accent'), c(50, 50, 14, 'accent')]],
  [/\b(television|radio|crystal set)\b/, [r(12, 12, 76, 46, 4, 'dark'), r(17, 17, 66, 36, 2, 'accent'), p('M40 58 L36 68 M60 58 L64 68', 'none')]],
  [/\b(mouse)\b/, [e(50, 40, 20, 28), p('M50 12 L50 30', 'none')]],
  [/\belectronics\b|\bkeyboard\b|\bscanner\b/, [r(8, 26, 84, 28, 4), p('M16 34 L84 34 M16 42 L84 42 M28 50 L72 50', 'none')]],
  [/\b(iron|flatiron|gauffer)\b/, [p('M10 56 Q20 24 60 24 L86 24 L86 56 Z'), p('M44 24 Q50 8 70 10 L80 24', 'none')]],
  [/\bappliances\b/, [r(22, 6, 56, 64, 4), r(28, 24, 44, 38, 2, 'accent'), c(34, 14, 3, 'dark'), c(44, 14, 3, 'dark')]],
  [/\b(comb|currycomb|pocketcomb)\b/, [r(10, 24, 80, 12, 2), p('M16 36 L16 54 M24 36 L24 54 M32 36 L32 54 M40 36 L40 54 M48 36 L48 54 M56 36 L56 54 M64 36 L64 54 M72 36 L72 54 M80 36 L80 54', 'none')]],
  [/\bpersonal care\b/, [r(8, 32, 60, 10, 5), r(64, 22, 28, 30, 3, 'accent'), p('M68 22 L68 14 M74 22 L74 14 M80 22 L80 14 M86 22 L86 14', 'none')]],
  [/\bbeauty\b/, [r(30, 24, 40, 44, 8), r(42, 12, 16, 12, 2, 'dark'), p('M58 16 L70 16', 'none'), r(36, 38, 28, 14, 2, 'accent')]],
  [/\bstationery\b|\b(pen|pencil|crayon|chalk|quill)\b/, [p('M14 46 L70 18 L82 30 L26 58 Z'), p('M14 46 L26 58 L8 64 Z', 'dark')]],
];
const FALLBACK: Part[] = [r(20, 16, 60, 44, 6), p('M20 30 L80 30', 'none')];

/** "#rrggbb" mixed toward white (amount 0..1) or black (negative). */
function shade(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (v: number) => Math.round(amount >= 0 ? v + (255 - v) * amount : v * (1 + amount));
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** The first listed word that occurs in `text` as a whole word. */
function findWord<T extends [string, ...unknown[]]>(list: T[], text: string): T | undefined {
  return list.find(([word]) => new RegExp(`\\b${word}\\b`).test(text));
}

export interface PictureLook {
  shape: Part[];
  paint: string;
  finish: Finish;
}

/** What the picture shows for an item: exported for tests and for the alt text. */
export function pictureLook(item: CatalogItem): PictureLook {
  // The description's first sentence names colour and material even when the title does not.
  const about = `${item.title} ${(item.description ?? '').split('. ')[0]}`.toLowerCase();
  const material = findWord(MATERIALS, about);
  const colour = findWord(COLOURS, about);
  // The shape comes from what the thing is, so colour and material words ("glass", "iron") are
  // taken out of the title first: a glass lamp is drawn as a lamp.
  let kind = item.title.toLowerCase().replace((item.brand ?? '').toLowerCase(), ' ');
  for (const [word] of [...COLOURS, ...MATERIALS]) kind = kind.replace(new RegExp(`\\b${word}\\b`, 'g'), ' ');
  const words = `${kind} ${(item.category ?? '').toLowerCase()}`;
  const shape = SHAPES.find(([re]) => re.test(words))?.[1] ?? FALLBACK;
  return { shape, paint: colour?.[1] ?? material?.[1] ?? '#9aa5b1', finish: material?.[2] ?? 'plain' };
}

let clipCount = 0;

/** The picture as an <svg> with role img and the given accessible name. */
export function productPicture(item: CatalogItem, label: string): SVGSVGElement {
  const { shape, paint, finish } = pictureLook(item);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 100 75');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.classList.add('picture');
  const title = document.createElementNS(SVG, 'title');
  title.textContent = label;
  const bg = document.createElementNS(SVG, 'rect');
  for (const [k, v] of Object.entries({ width: 100, height: 75, fill: shade(paint, 0.82) })) bg.setAttribute(k, String(v));
  svg.append(title, bg);
  const dark = shade(paint, -0.45);
  const fills = {
    main: paint,
    dark: shade(paint, -0.25),
    accent: finish === 'wood' ? shade(paint, -0.35) : shade(paint, 0.35),
    none: 'none',
  };
  for (const [tag, attrs, kind = 'main'] of shape) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    el.setAttribute('fill', fills[kind]);
    el.setAttribute('stroke', dark);
    el.setAttribute('stroke-width', kind === 'none' ? '3' : '1.2');
    el.setAttribute('stroke-linejoin', 'round');
    el.setAttribute('stroke-linecap', 'round');
    if (finish === 'glass' && kind !== 'none') el.setAttribute('fill-opacity', '0.7');
    svg.append(el);
  }
  // Metal and glass catch the light: one soft highlight across the shape (clipped to it).
  if (finish === 'metal' || finish === 'glass') {
    const clip = document.createElementNS(SVG, 'clipPath');
    clip.id = `alcove-pic-${++clipCount}`;
    for (const [tag, attrs, kind = 'main'] of shape) {
      if (kind === 'none') continue;
      const el = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
      clip.append(el);
    }
    const shine = document.createElementNS(SVG, 'path');
    shine.setAttribute('clip-path', `url(#${clip.id})`);
    svg.append(clip);
    shine.setAttribute('d', 'M20 66 L58 8 L66 8 L28 66 Z');
    shine.setAttribute('fill', '#fff');
    shine.setAttribute('fill-opacity', '0.22');
    shine.setAttribute('pointer-events', 'none');
    svg.append(shine);
  }
  return svg;
}
