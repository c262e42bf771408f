// The live page during one generation: the Explore stream, the latest snapshot as a page model, and
// vectors for every text the matcher compares (one Embed call per new snapshot, cached).
import type { CallContext } from '@superagent/grpc';
import { runner } from '@superagent/proto';
import { cosine, type Embedder } from '../clients/embedder';
import type { ExploreAnswer, ExploreStream } from '../clients/runner-client';
import type { Similarity } from '../domain/matcher';
import { buildPageModel, isDialog, type PageModel } from '../domain/page-model';

export class PageSession {
  model: PageModel;
  steps = 0;
  /** Files the runner can upload, for upload steps whose description names none. */
  readonly fixtures: readonly string[];
  /** False once the embedding service failed in this generation: word matching only from then on. */
  private semantic = true;
  private readonly vectors = new Map<string, Float32Array>();

  constructor(
    private readonly stream: ExploreStream,
    first: ExploreAnswer,
    private readonly embedder: Embedder | undefined,
    private readonly parent: CallContext | undefined,
    private readonly actionTimeoutMs: number,
  ) {
    this.model = buildPageModel(first.snapshot);
    this.fixtures = first.fixtureFiles;
  }

  get embeddingsUsed(): boolean {
    return this.semantic && this.embedder !== undefined;
  }

  /** The control whose click last opened a dialog: a field in it, once it is closed, is reached again through it. */
  dialogOpener: runner.Locator | undefined;

  /** Performs one action; the model follows the page. */
  async act(act: Partial<runner.ExploreAct>): Promise<ExploreAnswer> {
    const answer = await this.stream.act({ timeoutMs: this.actionTimeoutMs, ...act });
    this.steps++;
    const hadDialog = this.dialogShown;
    if (answer.snapshot) this.model = buildPageModel(answer.snapshot);
    if (answer.ok && act.action === runner.Action.CLICK && act.locator && !hadDialog && this.dialogShown)
      this.dialogOpener = act.locator;
    return answer;
  }

  /** The page shows a dialog. */
  get dialogShown(): boolean {
    return this.model.nodes.some(isDialog);
  }

  /**
   * Makes sure every text has a vector, in one Embed call. Callers pass only the nodes a step could
   * match: a new word costs the embedding service far more than a cached one.
   */
  async prepare(texts: readonly string[]): Promise<void> {
    if (!this.embedder || !this.semantic) return;
    const wanted = [...new Set(texts)].filter((t) => t !== '' && !this.vectors.has(t));
    if (wanted.length === 0) return;
    const res = await this.embedder.embed(wanted, this.parent);
    if (!res) {
      this.semantic = false;
      return;
    }
    wanted.forEach((t, i) => {
      const v = res.vectors[i];
      if (v) this.vectors.set(t, v);
    });
  }

  readonly similarity: Similarity = (a, b) => {
    const va = this.vectors.get(a);
    const vb = this.vectors.get(b);
    return va && vb ? cosine(va, vb) : undefined;
  };

  close(): Promise<void> {
    return this.stream.close();
  }
}
