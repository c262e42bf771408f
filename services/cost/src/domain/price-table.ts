import { unknownKeys } from './known-keys';
import { dollarsToMicros } from './money';

// The price table is data (prices/default-prices.yaml), parsed here into an immutable lookup.
// Parsing is pure: the caller reads the file; this module only validates and indexes it.

/** Model tiers in escalation order (common.v1.Tier). */
export const TIERS = ['local', 'haiku', 'sonnet', 'opus'] as const;
export type TierName = (typeof TIERS)[number];

export function isTierName(v: string): v is TierName {
  return (TIERS as readonly string[]).includes(v);
}

export interface ModelPrice {
  /** Canonical model id (the key in the table; aliases resolve to it). */
  readonly model: string;
  readonly tier: TierName;
  /** e.g. "anthropic", "google", "local". */
  readonly provider: string;
  readonly aliases: readonly string[];
  readonly inputMicrosPerMillion: number;
  readonly outputMicrosPerMillion: number;
}

/** Per-token rates in µ$ per million tokens. */
export interface Rates {
  readonly inputMicrosPerMillion: number;
  readonly outputMicrosPerMillion: number;
}

export interface PriceTable {
  readonly version: string;
  /** Sorted by model id. */
  readonly models: readonly ModelPrice[];
  /**
   * The dearest input rate and the dearest output rate of the table (each the maximum over its
   * models, possibly of two different models): what budgets charge usage of a model without a
   * price, whose cost is unknown (README, Budgets). Both 0 when no model has a paid rate.
   */
  readonly dearest: Rates;
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
    problems.push(
      `${where} must be a non-negative decimal with at most 6 decimals, got ${JSON.stringify(v)}`,
    );
    return 0;
  }
  return micros;
}

/** Validates a parsed document; throws PriceTableError listing every problem. */
export function parsePriceTable(doc: unknown): PriceTable {
  const problems: string[] = [];
  if (!isRecord(doc)) throw new PriceTableError(['document must be a mapping']);
  unknownKeys(doc, '', ['version', 'currency', 'models'], problems);
  const version =
    typeof doc.version === 'string' || typeof doc.version === 'number' ? String(doc.version) : '';
  if (version.trim() === '') problems.push('version is required');
  if (doc.currency !== undefined && doc.currency !== 'USD') problems.push('currency must be USD');
  if (!isRecord(doc.models)) problems.push('models must be a mapping of model id → prices');
  // A table without a model prices nothing: every record would be unpriced, with no rate to charge
  // budgets with (README, Money and prices). Refused like any broken table.
  else if (Object.keys(doc.models).length === 0) problems.push('models must list at least one model');

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
    unknownKeys(raw, `${where}.`, ['tier', 'provider', 'input', 'output', 'aliases'], problems);
    const tier = typeof raw.tier === 'string' ? raw.tier.trim() : '';
    if (!isTierName(tier)) problems.push(`${where}.tier must be one of ${TIERS.join(', ')}`);
    const provider = typeof raw.provider === 'string' ? raw.provider.trim() : '';
    if (provider === '') problems.push(`${where}.provider is required`);
    const rawAliases: unknown = raw.aliases ?? [];
    const aliases = Array.isArray(rawAliases) ? rawAliases.map(String) : [];
    if (!Array.isArray(rawAliases)) problems.push(`${where}.aliases must be a list`);
    const entry: ModelPrice = Object.freeze({
      model: id,
      tier: isTierName(tier) ? tier : 'local',
      provider,
      aliases: Object.freeze(aliases),
      inputMicrosPerMillion: price(raw.input, `${where}.input`, problems),
      outputMicrosPerMillion: price(raw.output, `${where}.output`, problems),
    });
    models.push(entry);
    claim(id, entry, where);
    for (const alias of aliases) claim(alias, entry, `${where}.aliases`);
  }
  if (problems.length > 0) throw new PriceTableError(problems);
  models.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  const dearest: Rates = Object.freeze({
    inputMicrosPerMillion: Math.max(0, ...models.map((m) => m.inputMicrosPerMillion)),
    outputMicrosPerMillion: Math.max(0, ...models.map((m) => m.outputMicrosPerMillion)),
  });
  return Object.freeze({
    version,
    models: Object.freeze(models),
    dearest,
    lookup: (model: string) => index.get(model),
  });
}
