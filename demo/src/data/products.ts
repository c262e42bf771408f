// The shop's fixed product data and the pure queries over it (search, category filter). Category
// sizes are all different on purpose: a filter that applies the wrong category changes the count.

export const CATEGORIES = ['Lighting', 'Furniture', 'Kitchen', 'Office'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Product {
  readonly slug: string;
  readonly name: string;
  readonly category: Category;
  readonly priceCents: number;
  readonly description: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    slug: 'aurora-desk-lamp',
    name: 'Aurora Desk Lamp',
    category: 'Lighting',
    priceCents: 4900,
    description: 'A dimmable LED desk lamp with a warm glow and a weighted brass base.',
  },
  {
    slug: 'halo-floor-lamp',
    name: 'Halo Floor Lamp',
    category: 'Lighting',
    priceCents: 12900,
    description: 'A tall floor lamp with a frosted glass ring that lights a whole room evenly.',
  },
  {
    slug: 'lumen-pendant-light',
    name: 'Lumen Pendant Light',
    category: 'Lighting',
    priceCents: 8900,
    description: 'A spun aluminium pendant for kitchen islands and dining tables.',
  },
  {
    slug: 'oak-side-table',
    name: 'Oak Side Table',
    category: 'Furniture',
    priceCents: 15900,
    description: 'A solid oak side table with a lower shelf for books and magazines.',
  },
  {
    slug: 'linen-armchair',
    name: 'Linen Armchair',
    category: 'Furniture',
    priceCents: 34900,
    description: 'A deep armchair upholstered in washed linen, with removable covers.',
  },
  {
    slug: 'copper-kettle',
    name: 'Copper Kettle',
    category: 'Kitchen',
    priceCents: 6900,
    description: 'A stovetop kettle in hammered copper that whistles when the water boils.',
  },
  {
    slug: 'stoneware-mug-set',
    name: 'Stoneware Mug Set',
    category: 'Kitchen',
    priceCents: 3200,
    description: 'Four glazed stoneware mugs, dishwasher and microwave safe.',
  },
  {
    slug: 'chefs-knife',
    name: "Chef's Knife",
    category: 'Kitchen',
    priceCents: 8500,
    description: 'A 20 cm forged steel chef knife with a full tang and a walnut handle.',
  },
  {
    slug: 'bamboo-cutting-board',
    name: 'Bamboo Cutting Board',
    category: 'Kitchen',
    priceCents: 2900,
    description: 'A large end-grain bamboo board with a juice groove.',
  },
  {
    slug: 'walnut-monitor-stand',
    name: 'Walnut Monitor Stand',
    category: 'Office',
    priceCents: 7900,
    description: 'A walnut riser that lifts a monitor to eye level and hides cables beneath.',
  },
];

export function formatPrice(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

export function findProduct(slug: string): Product | undefined {
  return PRODUCTS.find((p) => p.slug === slug);
}

export function categoryFromParam(value: string): Category | undefined {
  return CATEGORIES.find((c) => c.toLowerCase() === value.trim().toLowerCase());
}

function matches(product: Product, query: string): boolean {
  const needle = query.toLowerCase();
  return product.name.toLowerCase().includes(needle) || product.category.toLowerCase().includes(needle);
}

/** Products whose name or category contains the query; `inverted` is the broken variant's bug. */
export function searchProducts(query: string, inverted: boolean): readonly Product[] {
  const q = query.trim();
  if (q === '') return PRODUCTS;
  return PRODUCTS.filter((p) => matches(p, q) !== inverted);
}

/** Products in a category (all when undefined); `offByOne` makes it use the next category instead. */
export function filterByCategory(category: Category | undefined, offByOne: boolean): readonly Product[] {
  if (category === undefined) return PRODUCTS;
  const index = CATEGORIES.indexOf(category);
  const applied = offByOne ? CATEGORIES[(index + 1) % CATEGORIES.length] : category;
  return PRODUCTS.filter((p) => p.category === applied);
}

export function showingText(count: number): string {
  return `Showing ${count} ${count === 1 ? 'product' : 'products'}`;
}
