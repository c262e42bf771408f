import { dollarsToMicros } from './money';

// The price table is data (prices/default-prices.yaml), parsed here into an immutable lookup.
// Parsing is pure: the caller reads the file; this module only validates and indexes it.

export interface ModelPrice {
  /** Canonical model id (the key in the table; aliases resolve to it). */
  readonly model: string;
  readonly tier: string;
  readonly inputMicrosPerMillion: number;
  readonly outputMicrosPerMillion: number;
}

export interface PriceTable {
  readonly version: string;
  readonly models: readonly ModelPrice[];
  /** Exact id or alias; undefined means the model is unpriced. */
  lookup(model: string): ModelPrice | undefined;
}

export class PriceTableError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid price table:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PriceTableError';
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function price(v: unknown, where: string, problems: string[]): number {
  if (typeof v !== 'string' && typeof v !== 'number') {
    problems.push(`${where} must be a decimal dollar amount`);
    return 0;
  }
  const micros = dollarsToMicros(v);
  if (micros === undefined) {
    problems.push(`${where} must be a non-negative decimal with at most 6 decimals, got ${JSON.stringify(v)}`);
    return 0;
  }
  return micros;
}

/** Validates a parsed document; throws PriceTableError listing every problem. */
export function parsePriceTable(doc: unknown): PriceTable {
  const problems: string[] = [];
  if (!isRecord(doc)) throw new PriceTableError(['document must be a mapping']);
  const version = typeof doc.version === 'string' || typeof doc.version === 'number' ? String(doc.version) : '';
  if (version.trim() === '') problems.push('version is required');
  if (doc.currency !== undefined && doc.currency !== 'USD') problems.push('currency must be USD');
  if (!isRecord(doc.models)) problems.push('models must be a mapping of model id → prices');

  const models: ModelPrice[] = [];
  const index = new Map<string, ModelPrice>();
  const claim = (id: string, entry: ModelPrice, where: string): void => {
    if (!ID.test(id)) problems.push(`${where}: "${id}" is not a valid model id`);
    else if (index.has(id)) problems.push(`${where}: "${id}" is listed twice`);
    else index.set(id, entry);
  };

  for (const [id, raw] of Object.entries(isRecord(doc.models) ? doc.models : {})) {
    const where = `models.${id}`;
    if (!isRecord(raw)) {
      problems.push(`${where} must be a mapping with input, output and tier`);
      continue;
    }
    const tier = typeof raw.tier === 'string' && raw.tier.trim() !== '' ? raw.tier.trim() : '';
    if (tier === '') problems.push(`${where}.tier is required`);
    const entry: ModelPrice = Object.freeze({
      model: id,
      tier,
      inputMicrosPerMillion: price(raw.input, `${where}.input`, problems),
      outputMicrosPerMillion: price(raw.output, `${where}.output`, problems),
    });
    models.push(entry);
    claim(id, entry, where);
    const aliases = raw.aliases ?? [];
    if (!Array.isArray(aliases)) problems.push(`${where}.aliases must be a list`);
    else for (const alias of aliases) claim(String(alias), entry, `${where}.aliases`);
  }
  if (problems.length > 0) throw new PriceTableError(problems);
  return Object.freeze({
    version,
    models: Object.freeze(models),
    lookup: (model: string) => index.get(model),
  });
}
