// Vector writes, the original's scenario (50 writes × 10 workers: P95 < 1 s, no corruption): pattern
// upserts into scribe's pattern store through RememberPattern (scribe embeds each description with the
// embedding service and writes vector + payload). Then every pattern is read back: searching for its
// own description must return it first with similarity ≈ 1 (its stored vector is the embedding of its
// own description, not a neighbour's or a torn one), with the payload exactly as written, and each
// worker's site must hold exactly its own patterns.
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { scribe } from '@superagent/proto';
import { startScribeAlone } from './scribe-alone';
import { runWorkers, type WorkersResult } from './workers';

export interface VectorWritesOutcome {
  run: WorkersResult;
  /** Patterns read back and compared. */
  checked: number;
  /** Patterns whose vector, payload or site membership did not match what was written. */
  corrupted: number;
  /** The first few mismatches, for the report. */
  problems: string[];
}

type ScribeClient = GrpcClient<typeof scribe.ScribeServiceService>;

const VERBS = ['open', 'add', 'remove', 'filter', 'sort', 'share', 'rename', 'archive', 'export', 'print'];
const THINGS = [
  'invoice',
  'basket',
  'avatar',
  'playlist',
  'calendar',
  'ticket',
  'coupon',
  'review',
  'address',
  'wishlist',
];
const PLACES = ['dashboard', 'sidebar', 'footer', 'settings', 'checkout'];

/** A description no other pattern shares: its words (and a unique tag) decide its vector. */
function description(worker: number, index: number): string {
  const tag = `tag${worker.toString(36)}q${index.toString(36)}z`;
  return `${VERBS[index % 10]} the ${THINGS[(index + worker) % 10]} from the ${PLACES[Math.floor(index / 10) % 5]} page, reference ${tag}`;
}

function request(worker: number, index: number, siteBase: string): scribe.RememberPatternRequest {
  const text = description(worker, index);
  return scribe.RememberPatternRequest.fromPartial({
    description: text,
    baseUrl: `${siteBase}${4100 + worker}`,
    startPath: `/w${worker}/p${index}`,
    fileName: `w${worker}-p${index}.spec.ts`,
    passed: true,
    taskId: `vector-${worker}-${index}`,
    specSource: `import { test, expect } from '@playwright/test';\n\ntest('${text}', async ({ page }) => {\n  await page.goto('/w${worker}/p${index}');\n  await expect(page.getByText('done ${worker}.${index}')).toBeVisible();\n});\n`,
    locators: [
      {
        target: `${THINGS[(index + worker) % 10]} row`,
        locator: `page.getByRole('row', { name: 'r${worker}-${index}' })`,
        role: 'row',
        name: `r${worker}-${index}`,
      },
    ],
  });
}

async function verify(
  client: ScribeClient,
  written: Map<string, scribe.RememberPatternRequest>,
  workers: number,
  opsPerWorker: number,
  siteBase: string,
): Promise<{ checked: number; corrupted: Set<string>; problems: string[] }> {
  const corrupted = new Set<string>();
  const problems: string[] = [];
  const flag = (id: string, why: string): void => {
    corrupted.add(id);
    if (problems.length < 10) problems.push(`${id}: ${why}`);
  };
  let checked = 0;
  for (const [id, req] of written) {
    checked++;
    const res = await client.unary('searchPatterns', {
      query: req.description,
      site: req.baseUrl,
      topK: 3,
      minScore: 0,
    });
    const top = res.hits[0];
    if (!top || top.pattern?.patternId !== id) {
      flag(id, `not the first hit for its own description (got ${top?.pattern?.patternId ?? 'nothing'})`);
      continue;
    }
    if (top.score < 0.999) flag(id, `vector drifted: similarity to its own description ${top.score}`);
    const p = top.pattern;
    const same =
      p.description === req.description &&
      p.specSource === req.specSource &&
      p.fileName === req.fileName &&
      p.startPath === req.startPath &&
      p.passCount === 1 &&
      JSON.stringify(p.locators) === JSON.stringify(req.locators);
    if (!same) flag(id, 'payload differs from what was written');
  }
  // Each worker's site holds exactly its own patterns: none lost, none duplicated, none strayed in.
  for (let w = 0; w < workers; w++) {
    const site = `${siteBase}${4100 + w}`;
    const res = await client.unary('searchPatterns', {
      query: description(w, 0),
      site,
      topK: 50,
      minScore: 0,
    });
    const ids = res.hits.map((h) => h.pattern?.patternId ?? '');
    const expected = [...written].filter(([, r]) => r.baseUrl === site).map(([id]) => id);
    const stray = ids.filter((id) => written.get(id)?.baseUrl !== site);
    if (ids.length !== Math.min(opsPerWorker, 50) || stray.length > 0 || new Set(ids).size !== ids.length) {
      flag(site, `site holds ${ids.length} patterns (${stray.length} foreign), expected ${expected.length}`);
    }
  }
  return { checked, corrupted, problems };
}

export async function vectorWrites(workers = 10, opsPerWorker = 50): Promise<VectorWritesOutcome> {
  if (opsPerWorker > 50)
    throw new Error('opsPerWorker above 50 cannot be read back per site (SearchPatterns top_k ≤ 50)');
  const stack = await startScribeAlone();
  const client = createClient(scribe.ScribeServiceService, stack.address, {
    target: 'scribe',
    defaultDeadlineMs: 30_000,
    logger: silentLogger(),
    breaker: false,
  });
  try {
    // scribe (and its in-process pattern store) is fresh per run; one loopback origin per worker.
    const siteBase = 'http://127.0.0.1:';
    const written = new Map<string, scribe.RememberPatternRequest>();
    const run = await runWorkers(workers, opsPerWorker, async (w, i) => {
      const req = request(w, i, siteBase);
      const res = await client.unary('rememberPattern', req);
      if (!res.created) throw new Error(`pattern ${w}/${i} updated an existing one instead of being created`);
      written.set(res.patternId, req);
    });
    const { checked, corrupted, problems } = await verify(client, written, workers, opsPerWorker, siteBase);
    return { run, checked, corrupted: corrupted.size, problems };
  } finally {
    client.close();
    await stack.stop();
  }
}
