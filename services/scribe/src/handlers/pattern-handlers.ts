// RememberPattern and SearchPatterns. Both need vectors: a dead embedding service is UNAVAILABLE here
// (GenerateTest, by contrast, degrades to generating without memory).
import {
  type CallContext,
  internal,
  invalidArgument,
  isGrpcStatusError,
  unavailable,
} from '@superagent/grpc';
import { scribe } from '@superagent/proto';
import { EmbeddingFailure } from '../clients/embedder';
import type { OriginPattern } from '../domain/origin-policy';
import { isValidFileName } from '../domain/spec-writer';
import { MAX_LOCATORS, type PatternMemory } from '../store/pattern-memory';
import type { PatternRecord } from '../store/vector-store';
import {
  MAX_DESCRIPTION_BYTES,
  MAX_SPEC_BYTES,
  requireBaseUrl,
  requireStartPath,
  requireText,
} from './input-checks';

const MAX_STEPS = 100;
const MAX_FIELD = 1000;
/** A step's phrase, target and value are pieces of a description (GenerateTest takes one of at most
 * MAX_DESCRIPTION_BYTES), its locator the code that finds the target: each is bounded the same. */
const MAX_STEP_FIELD_BYTES = MAX_DESCRIPTION_BYTES;

// Codes with which the embedding service refuses the request scribe built (grpc status numbers).
const CONTRACT_CODES: ReadonlyMap<number, string> = new Map([
  [3, 'INVALID_ARGUMENT'],
  [9, 'FAILED_PRECONDITION'],
  [11, 'OUT_OF_RANGE'],
  [12, 'UNIMPLEMENTED'],
]);

/**
 * What the caller sees when the embedding service fails. The caller's text was already validated
 * here and scribe fits its requests to the limits the service reports, so a refusal of the request
 * (INVALID_ARGUMENT and the like) is a fault between scribe and embedding, not the caller's, and no
 * outage: INTERNAL, with the service's reason (a retry would fail the same way). Everything else
 * (down, breaker open, overloaded, too slow, failing) is UNAVAILABLE, which the caller may retry.
 */
function embeddingFailure(err: EmbeddingFailure): Error {
  const refused = CONTRACT_CODES.get(err.code);
  if (refused !== undefined) {
    return internal(`embedding refused scribe's request (${refused}: ${err.details})`, err);
  }
  return unavailable(`embedding: ${err.details}`);
}

export async function handleRemember(
  memory: PatternMemory,
  allowed: readonly OriginPattern[],
  req: scribe.RememberPatternRequest,
  ctx: CallContext,
): Promise<scribe.RememberPatternResponse> {
  const description = requireText('description', req.description, MAX_DESCRIPTION_BYTES);
  const site = requireBaseUrl('base_url', req.baseUrl, allowed).origin;
  const specSource = requireText('spec_source', req.specSource, MAX_SPEC_BYTES);
  if (req.locators.length > MAX_LOCATORS)
    throw invalidArgument('locators', `${req.locators.length} locators, at most ${MAX_LOCATORS}`);
  req.locators.forEach((l, i) => {
    for (const [k, v] of Object.entries({
      target: l.target,
      locator: l.locator,
      role: l.role,
      name: l.name,
    })) {
      if (v.length > MAX_FIELD)
        throw invalidArgument(`locators[${i}].${k}`, `at most ${MAX_FIELD} characters`);
    }
  });
  if (req.fileName !== '' && !isValidFileName(req.fileName))
    throw invalidArgument('file_name', 'kebab-case words ending in .spec.ts');
  if (req.steps.length > MAX_STEPS)
    throw invalidArgument('steps', `${req.steps.length} steps, at most ${MAX_STEPS}`);
  req.steps.forEach((step, i) => {
    // The numbers and the enum are stored as given and handed back by SearchPatterns: in range, or
    // rejected (a position past the largest step list, an action this API does not define, a score
    // that is no similarity).
    if (!Number.isInteger(step.index) || step.index < 0 || step.index >= MAX_STEPS)
      throw invalidArgument(`steps[${i}].index`, `must be 0 .. ${MAX_STEPS - 1}, got ${step.index}`);
    if (scribe.stepActionToJSON(step.action) === 'UNRECOGNIZED')
      throw invalidArgument(`steps[${i}].action`, `unknown step action ${String(step.action)}`);
    for (const [k, v] of [
      ['phrase', step.phrase],
      ['target', step.target],
      ['locator', step.locator],
      ['value', step.value],
    ] as const) {
      const bytes = Buffer.byteLength(v, 'utf8');
      if (bytes > MAX_STEP_FIELD_BYTES)
        throw invalidArgument(`steps[${i}].${k}`, `${bytes} bytes, at most ${MAX_STEP_FIELD_BYTES}`);
    }
    if (!(step.matchScore >= 0 && step.matchScore <= 1))
      throw invalidArgument(`steps[${i}].match_score`, `must be 0 .. 1, got ${step.matchScore}`);
  });
  const startPath = requireStartPath('start_path', req.startPath);
  if (req.taskId.length > 200) throw invalidArgument('task_id', 'at most 200 characters');
  try {
    const r = await memory.remember(
      {
        description,
        site,
        specSource,
        locators: req.locators.map((l) => ({
          target: l.target,
          locator: l.locator,
          role: l.role,
          name: l.name,
        })),
        passed: req.passed,
        fileName: req.fileName,
        startPath,
        taskId: req.taskId,
        steps: req.steps.map((s) => scribe.Step.toJSON(s)),
      },
      ctx,
    );
    return scribe.RememberPatternResponse.fromPartial({
      patternId: r.id,
      created: r.created,
      passCount: r.passCount,
      embeddingModel: r.model,
    });
  } catch (err) {
    throw embeddingOrStore(err);
  }
}

/**
 * Embedding failures are mapped above. The store's status errors (e.g. UNAVAILABLE "qdrant: circuit
 * open") keep their status; its other failures (a request to Qdrant that failed) are UNAVAILABLE.
 */
function embeddingOrStore(err: unknown): unknown {
  if (err instanceof EmbeddingFailure) return embeddingFailure(err);
  if (isGrpcStatusError(err) || (err instanceof Error && 'code' in err)) return err;
  return unavailable(`pattern store: ${err instanceof Error ? err.message : String(err)}`);
}

export function toPattern(r: PatternRecord): scribe.Pattern {
  return scribe.Pattern.fromPartial({
    patternId: r.id,
    description: r.description,
    site: r.site,
    specSource: r.specSource,
    locators: r.locators,
    passCount: r.passCount,
    failCount: r.failCount,
    embeddingModel: r.embeddingModel,
    embeddingDimension: r.dimension,
    createdUnixMs: r.createdUnixMs,
    updatedUnixMs: r.updatedUnixMs,
    fileName: r.fileName,
    startPath: r.startPath,
    steps: r.steps.map((s) => scribe.Step.fromJSON(s)),
  });
}

export async function handleSearch(
  memory: PatternMemory,
  defaults: { minScore: number },
  req: scribe.SearchPatternsRequest,
  ctx: CallContext,
): Promise<scribe.SearchPatternsResponse> {
  const query = requireText('query', req.query, MAX_DESCRIPTION_BYTES);
  let site: string | undefined;
  if (req.site !== '') {
    try {
      const u = new URL(req.site);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      site = u.origin;
    } catch {
      throw invalidArgument('site', 'must be an http(s) URL');
    }
  }
  if (req.topK < 0 || req.topK > 50) throw invalidArgument('top_k', `must be 0 .. 50, got ${req.topK}`);
  const minScore = req.minScore ?? defaults.minScore;
  if (!(minScore >= 0 && minScore <= 1))
    throw invalidArgument('min_score', `must be 0 .. 1, got ${minScore}`);
  try {
    const { hits, model } = await memory.search(
      query,
      { ...(site !== undefined ? { site } : {}), topK: req.topK === 0 ? 5 : req.topK, minScore },
      ctx,
    );
    return scribe.SearchPatternsResponse.fromPartial({
      hits: hits.map((h) => ({ score: h.score, pattern: toPattern(h.record) })),
      embeddingModel: model,
      backend: memory.backend,
    });
  } catch (err) {
    throw embeddingOrStore(err);
  }
}
