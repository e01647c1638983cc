/**
 * Product copy for the demo catalog, written for shoppers: what it is and what it is made
 * of, the WordNet definition as one sentence, and one line a shop would say about that kind
 * of product (or, for a few common types, about that very thing). The line is picked by a hash of the item id, not by faker, so adding copy never
 * shifts faker's sequence (brands, colours and prices stay as they were).
 */
import { createHash } from 'node:crypto';

/** Per category: lines about the kind of product, true of anything in it. */
const LINES = {
  Footwear: ['Cushioned footbed and a flexible sole for all-day comfort.', 'Made to be worn in, not worn out.', 'Wipe clean with a damp cloth and let it dry away from direct heat.'],
  Clothing: ['An easy piece for everyday wear and layering.', 'Wash at 30 °C, inside out, to keep the colour.', 'A relaxed fit that keeps its shape wash after wash.'],
  Accessories: ['Light enough to take with you every day.', 'A small everyday piece that lasts for years with simple care.', 'Arrives in a protective pouch.'],
  Kitchen: ['Sturdy enough for daily cooking and easy to clean.', 'Dishwasher safe; washing by hand keeps it looking new for longer.', 'A kitchen basic that earns its place in the drawer.'],
  Tableware: ['Dishwasher safe.', 'Made for everyday meals and special occasions alike.', 'Stacks neatly in the cupboard.'],
  'Bottles & Containers': ['Sturdy, easy to clean and made to be used again and again.', 'Keeps things tidy at home or on the go.', 'Rinse with warm water; no special care needed.'],
  'Bags & Luggage': ['Reinforced seams and sturdy handles.', 'Roomy inside, with a pocket for the small things.', 'Built to be carried every day for years.'],
  Tools: ['A comfortable grip that reduces hand fatigue.', 'Hardened for years of use in the workshop.', 'Covered by a five-year guarantee.'],
  Garden: ['Built for years of use in the garden.', 'Rinse and dry after use and it will last for seasons.', 'A comfortable grip for long sessions outdoors.'],
  Lighting: ['Gives a warm, even light.', 'Brightens a reading corner, a desk or a dark hallway.', 'A finishing touch for any room.'],
  Furniture: ['Solid construction with a hard-wearing finish.', 'Delivered with all fittings; assembly takes about an hour.', 'Made to be used every day for years.'],
  'Home Textiles': ['Machine washable at 40 °C.', 'Soft to the touch, and softer with every wash.', 'Colour-fast and easy to care for.'],
  'Toys & Games': ['Suitable for ages 3 and up.', 'Encourages active, imaginative play.', 'Tested to EU toy safety standards.'],
  'Sports & Outdoors': ['Built for training and weekend use alike.', 'Light, durable and easy to carry.', 'Tested by club players before release.'],
  Jewellery: ['Nickel free; arrives in a gift box.', 'Polished by hand.', 'A gift that lasts.'],
  'Watches & Clocks': ['A quiet, accurate movement.', 'Two-year guarantee on the movement.', 'Battery included where one is needed.'],
  'Musical Instruments': ['Set up and checked before it ships.', 'A good choice for students and seasoned players alike.', 'Comes with a protective case.'],
  Electronics: ['Two-year warranty.', 'Sets up in minutes; no account needed.', 'Energy efficient, with a low-power standby.'],
  Appliances: ['Two-year warranty.', 'Easy to clean, with removable parts.', 'Quiet in operation and energy efficient.'],
  'Personal Care': ['Gentle, and easy to keep clean.', 'Compact enough for travel.', 'Made to last.'],
  'Beauty & Fragrance': ['Dermatologically tested; not tested on animals.', 'Free from parabens.', 'A little goes a long way.'],
  Stationery: ['A smooth, even line.', 'Comfortable for long writing sessions.', 'A desk essential.'],
};

/** For some common product types, what a shop would say about that very thing (instead of the category line). */
const TYPE_LINES = {
  'vacuum flask': 'Double-walled: keeps drinks hot or cold for hours.',
  thermos: 'Double-walled: keeps drinks hot or cold for hours.',
  'water bottle': 'Leak-proof in a bag, at the gym or on the trail.',
  'frying pan': 'Heats evenly for eggs, pancakes and a proper sear.',
  kettle: 'Boils water quickly and pours without drips.',
  teakettle: 'Boils water quickly and pours without drips.',
  'coffee mug': 'Holds a generous cup of coffee or tea.',
  'coffee cup': 'Holds a generous cup of coffee or tea.',
  'running shoe': 'Light and cushioned, with a grippy sole for road and park.',
  umbrella: 'Opens wide and stands up to wind and heavy rain.',
  raincoat: 'Keeps you dry in a downpour.',
  backpack: 'Padded straps for carrying comfortably all day.',
  blanket: 'Warm and soft for cold evenings.',
  'reading lamp': 'A focused light for reading in bed or at a desk.',
  toothbrush: 'Soft bristles, gentle on gums.',
};

const article = (word) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** A stable pick from `options` for this item id. */
function pick(options, id) {
  return options[createHash('sha256').update(id).digest().readUInt32BE(0) % options.length];
}

/**
 * The description: "A teal canvas boot from Connelly. <definition> <category line>".
 * `scent` is true where the material is a scent (cosmetics).
 */
export function description({ id, typeName, gloss, categoryName, brand, colour, material, scent }) {
  const m = material.toLowerCase();
  const lead = scent
    ? `${typeName.charAt(0).toUpperCase()}${typeName.slice(1)} with ${article(m)} ${m} scent, from ${brand}.`
    : (() => {
        const words = `${colour ? colour + ' ' : ''}${m} ${typeName}`;
        return `${article(words).replace(/^a/, 'A')} ${words} from ${brand}.`;
      })();
  return `${lead} ${gloss} ${TYPE_LINES[typeName] ?? pick(LINES[categoryName], id)}`;
}
