// Text vectors from the embedding service, with a local LRU (targets and node names repeat across
// generations) and graceful degradation: when the service is down or its breaker is open, callers
// get `undefined` and fall back to lexical matching instead of failing the generation.
//
// Models and limits come from the service, never from constants here:
// - GetInfo tells the model (name@revision), the texts allowed per Embed call and the characters
//   allowed per text. It is asked on first use and again when its answer is older than
//   `modelCheckMs` before a vector is served from the local cache, when an Embed reply names
//   another model (the limits may have changed with it), and once when Embed rejects a request as
//   INVALID_ARGUMENT (the service may have been restarted with lower limits).
// - The local cache is keyed by name@revision and text, so a vector is only ever served under the
//   model that made it.
// - `embedStrict` (pattern memory: RememberPattern, SearchPatterns, retrieval before generating)
//   never serves the local cache: the vectors and the model stamp come from one Embed reply, so a
//   stored pattern is always stamped with the model that made its vector, even right after the
//   service switched models. The cost is one Embed round trip per pattern call (a cache hit in
//   the embedding service for a text seen before).
// - `embed` (matching page elements while generating, many texts per call) serves the local cache
//   while the model was confirmed less than `modelCheckMs` ago; past that it asks GetInfo first
//   (one cheap call per `modelCheckMs` at most per caller). A switch is therefore seen within
//   `modelCheckMs`; vectors within one reply are always from one model.
// - Texts longer than the service allows are cut to its limit (in code points, whitespace
//   collapsed first): the vector then stands for the text's beginning. Texts beyond the count
//   limit are sent in several calls.
import { type CallContext, createClient, type GrpcClient, isGrpcStatusError } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { embedding } from '@superagent/proto';

export type EmbeddingClient = GrpcClient<typeof embedding.EmbeddingServiceService>;

export interface EmbeddingModelId {
  /** name@revision: what stored vectors are stamped with. */
  id: string;
  dimension: number;
}

export interface Embedded {
  vectors: Float32Array[];
  model: EmbeddingModelId;
}

export interface Embedder {
  /** One vector per text, or undefined when the embedding service cannot answer. */
  embed(texts: readonly string[], parent?: CallContext): Promise<Embedded | undefined>;
  /**
   * Like embed, but every vector and the model stamp come from the embedding service's reply (never
   * from the local cache), and failures throw an `EmbeddingFailure` (pattern memory cannot work
   * without vectors).
   */
  embedStrict(texts: readonly string[], parent?: CallContext): Promise<Embedded>;
  close(): void;
}

export interface EmbedderOptions {
  /** How long a model confirmed by GetInfo or an Embed reply is trusted before cached vectors are served. */
  modelCheckMs?: number;
  now?: () => number;
}

/** Trust in the service's model, when `embed` serves cached vectors (see above). */
export const DEFAULT_MODEL_CHECK_MS = 1000;

// grpc status codes (scribe does not depend on @grpc/grpc-js directly).
const INVALID_ARGUMENT = 3;
export const UNAVAILABLE = 14;

/**
 * The embedding service failed or answered something scribe cannot use. `code` is the gRPC status
 * it answered with (UNAVAILABLE when scribe itself gave up, e.g. the model kept changing mid-call),
 * `details` its message. The handlers decide what their caller sees (pattern-handlers.ts).
 */
export class EmbeddingFailure extends Error {
  override readonly name = 'EmbeddingFailure';
  constructor(
    readonly code: number,
    readonly details: string,
    options?: { cause?: unknown },
  ) {
    super(`embedding: ${details}`, options);
  }
}

function toFailure(err: unknown): EmbeddingFailure {
  if (err instanceof EmbeddingFailure) return err;
  if (isGrpcStatusError(err)) return new EmbeddingFailure(err.code, err.details, { cause: err });
  return new EmbeddingFailure(UNAVAILABLE, err instanceof Error ? err.message : String(err), { cause: err });
}

interface ServiceInfo {
  model: EmbeddingModelId;
  maxTexts: number;
  maxTextChars: number;
  /** When the model was last confirmed (GetInfo or an Embed reply naming it). */
  modelAt: number;
  /** When GetInfo last told the limits (-Infinity: the model changed since, read them again). */
  limitsAt: number;
}

interface MaxAge {
  model: number;
  limits: number;
}

/** What the service says when GetInfo leaves a limit unset (an older service): its documented defaults. */
const FALLBACK_MAX_TEXTS = 256;
const FALLBACK_MAX_TEXT_CHARS = 2000;
/** Model switches tolerated within one call before it gives up (a rolling restart settles in one). */
const MAX_SWITCHES_PER_CALL = 2;
/** The limits are read again this often even when the model stays (a restart may raise them). */
const LIMITS_MAX_AGE_MS = 30_000;

export function createEmbeddingClient(address: string, deadlineMs: number, logger: Logger): EmbeddingClient {
  return createClient(embedding.EmbeddingServiceService, address, {
    target: 'embedding',
    defaultDeadlineMs: deadlineMs,
    retry: { maxAttempts: 2, backoffMs: 50 },
    logger,
  });
}

export function createEmbedder(
  client: EmbeddingClient,
  cacheSize: number,
  logger: Logger,
  options: EmbedderOptions = {},
): Embedder {
  const modelCheckMs = options.modelCheckMs ?? DEFAULT_MODEL_CHECK_MS;
  const now = options.now ?? Date.now;
  // Keyed by name@revision + NUL + text: a vector is only found under the model that made it.
  const cache = new Map<string, Float32Array>();
  let info: ServiceInfo | undefined;

  const keyOf = (model: EmbeddingModelId, text: string): string => `${model.id}\u0000${text}`;
  const remember = (key: string, vector: Float32Array): void => {
    if (cacheSize <= 0) return;
    cache.delete(key);
    cache.set(key, vector);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  };

  /**
   * Records the model the service named (GetInfo, with its limits, or an Embed reply, without).
   * Another model than before empties the cache and, named by an Embed reply, makes the next call
   * read the limits again (they belonged to the service that served the old model).
   */
  const adopt = (
    model: EmbeddingModelId,
    limits?: { maxTexts: number; maxTextChars: number },
  ): ServiceInfo => {
    const t = now();
    const switched = info !== undefined && info.model.id !== model.id;
    if (info && switched) {
      logger.warn({ from: info.model.id, to: model.id }, 'embedding model changed; vector cache cleared');
      // Entries are keyed by model, so none could be served for the new one; this frees them.
      cache.clear();
    }
    info = {
      model,
      maxTexts: limits?.maxTexts ?? info?.maxTexts ?? FALLBACK_MAX_TEXTS,
      maxTextChars: limits?.maxTextChars ?? info?.maxTextChars ?? FALLBACK_MAX_TEXT_CHARS,
      modelAt: t,
      limitsAt: limits ? t : switched ? -Infinity : (info?.limitsAt ?? -Infinity),
    };
    return info;
  };

  /**
   * The service's model and limits, from GetInfo when what is known is older than `maxAge`. If
   * GetInfo fails but something is known, that is used: the Embed call that follows (or, for
   * vectors all in the local cache, nothing) decides; a service that is down fails it anyway.
   */
  async function serviceInfo(parent: CallContext | undefined, maxAge: MaxAge): Promise<ServiceInfo> {
    const t = now();
    if (info && t - info.modelAt <= maxAge.model && t - info.limitsAt <= maxAge.limits) return info;
    try {
      const res = await client.unary('getInfo', {}, parent ? { parent } : {});
      return adopt(
        { id: `${res.modelName}@${res.modelRevision}`, dimension: res.dimension },
        {
          maxTexts: res.maxBatchSize > 0 ? res.maxBatchSize : FALLBACK_MAX_TEXTS,
          maxTextChars: res.maxTextLength > 0 ? res.maxTextLength : FALLBACK_MAX_TEXT_CHARS,
        },
      );
    } catch (err) {
      if (info) return info;
      throw err;
    }
  }

  /**
   * Vectors for `texts` (normalised, distinct), all from one model: cached ones of `known` when
   * `useCache`, the rest from Embed in calls of at most `limits.maxTexts`. If a reply names another
   * model, what was gathered is dropped and every text is embedded again under the new one.
   */
  async function gather(
    texts: readonly string[],
    known: ServiceInfo,
    useCache: boolean,
    parent: CallContext | undefined,
  ): Promise<{ model: EmbeddingModelId; vectors: Map<string, Float32Array> }> {
    let model = known.model;
    const vectors = new Map<string, Float32Array>();
    if (useCache) {
      for (const t of texts) {
        const v = cache.get(keyOf(model, t));
        if (v) vectors.set(t, v);
      }
    }
    let switches = 0;
    for (;;) {
      const missing = texts.filter((t) => !vectors.has(t));
      if (missing.length === 0) return { model, vectors };
      const batch = missing.slice(0, Math.max(1, known.maxTexts));
      const res = await client.unary('embed', { texts: batch }, parent ? { parent } : {});
      const replied: EmbeddingModelId = {
        id: `${res.modelName}@${res.modelRevision}`,
        dimension: res.dimension,
      };
      if (res.vectors.length !== batch.length) {
        throw new EmbeddingFailure(
          UNAVAILABLE,
          `Embed answered ${res.vectors.length} vectors for ${batch.length} texts`,
        );
      }
      if (replied.id !== model.id) {
        // The service switched models under this call: nothing gathered so far may be mixed in.
        switches++;
        if (switches > MAX_SWITCHES_PER_CALL) {
          throw new EmbeddingFailure(UNAVAILABLE, 'the embedding model kept changing during one call');
        }
        vectors.clear();
        model = replied;
      }
      // Global state follows the latest reply (a concurrent call may already have adopted it).
      if (info?.model.id === replied.id) info.modelAt = now();
      else adopt(replied);
      res.vectors.forEach((v, k) => {
        const text = batch[k];
        if (text === undefined) return;
        const vector = Float32Array.from(v.values);
        vectors.set(text, vector);
        remember(keyOf(replied, text), vector);
      });
    }
  }

  async function run(
    texts: readonly string[],
    parent: CallContext | undefined,
    useCache: boolean,
  ): Promise<Embedded> {
    // The strict path reads the model from the Embed reply itself; it only needs the limits.
    let known = await serviceInfo(parent, {
      model: useCache ? modelCheckMs : Number.POSITIVE_INFINITY,
      limits: LIMITS_MAX_AGE_MS,
    });
    if (texts.length === 0) return { vectors: [], model: known.model };
    for (let attempt = 1; ; attempt++) {
      const clean = texts.map((t) => normalise(t, known.maxTextChars));
      try {
        const { model, vectors } = await gather([...new Set(clean)], known, useCache, parent);
        const out = clean.map((t) => vectors.get(t));
        if (out.some((v) => v === undefined)) {
          // gather() returns a vector for every text it was given; this cannot happen.
          throw new EmbeddingFailure(UNAVAILABLE, 'a text has no vector after Embed');
        }
        return { vectors: out.filter((v) => v !== undefined), model };
      } catch (err) {
        // The service may have been restarted with lower limits: learn them once and try again.
        const refused = isGrpcStatusError(err) && Number(err.code) === INVALID_ARGUMENT;
        if (attempt === 1 && refused) {
          known = await serviceInfo(parent, { model: -1, limits: -1 });
          continue;
        }
        if (refused) {
          logger.error(
            { err: err.details, maxTexts: known.maxTexts, maxTextChars: known.maxTextChars },
            'embedding rejected a request built within the limits it reported',
          );
        }
        throw err;
      }
    }
  }

  async function embedStrict(texts: readonly string[], parent?: CallContext): Promise<Embedded> {
    try {
      return await run(texts, parent, false);
    } catch (err) {
      throw toFailure(err);
    }
  }

  return {
    embedStrict,
    async embed(texts, parent) {
      try {
        return await run(texts, parent, true);
      } catch (err) {
        logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'embedding unavailable; matching by words only',
        );
        return undefined;
      }
    },
    close: () => client.close(),
  };
}

/**
 * What the embedding service accepts: not blank, whitespace collapsed, at most `maxChars` code points
 * (the unit the service counts). A longer text is cut, not refused: its vector stands for its start.
 */
export function normalise(text: string, maxChars: number): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (t.length > maxChars) {
    const points = Array.from(t);
    if (points.length > maxChars) t = points.slice(0, maxChars).join('').trimEnd();
  }
  return t === '' ? '-' : t;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
