// The live page during one generation: the Explore stream, the latest snapshot as a page model, and
// vectors for every text the matcher compares (one Embed call per new snapshot, cached).
import type { CallContext } from '@superagent/grpc';
import { runner } from '@superagent/proto';
import { cosine, type Embedder } from '../clients/embedder';
import type { ExploreAnswer, ExploreStream } from '../clients/runner-client';
import type { Similarity } from '../domain/matcher';
import { buildPageModel, isDialog, type PageModel } from '../domain/page-model';

/** What a click opened: a dialog, or text fields that were not on the page before. */
export interface Opened {
  locator: runner.Locator;
  dialog: boolean;
  /** The fields it showed (role and name), for an editor. */
  fields: readonly string[];
  url?: string;
}

const TEXT_FIELD_ROLES: ReadonlySet<string> = new Set(['textbox', 'searchbox', 'spinbutton', 'combobox']);

/** The page's text fields, as role and name. */
function textFields(model: PageModel): string[] {
  return model.nodes.flatMap((n) =>
    TEXT_FIELD_ROLES.has(n.node.role) && n.node.name !== '' ? [`${n.node.role}:${n.node.name}`] : [],
  );
}

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

  /**
   * The control whose click last opened a dialog, or text fields on the same page (an inline
   * editor): a field in it, once it is closed, is reached again through it.
   */
  opener: Opened | undefined;

  /** Performs one action; the model follows the page. */
  async act(act: Partial<runner.ExploreAct>): Promise<ExploreAnswer> {
    const answer = await this.stream.act({ timeoutMs: this.actionTimeoutMs, ...act });
    this.steps++;
    const before = this.model;
    const hadDialog = this.dialogShown;
    if (answer.snapshot) this.model = buildPageModel(answer.snapshot);
    if (answer.ok && act.action === runner.Action.CLICK && act.locator) {
      const had = new Set(textFields(before));
      const fields = textFields(this.model).filter((f) => !had.has(f));
      if (!hadDialog && this.dialogShown) this.opener = { locator: act.locator, dialog: true, fields: [] };
      else if (fields.length > 0 && this.model.url === before.url)
        this.opener = { locator: act.locator, dialog: false, fields, url: before.url };
    }
    return answer;
  }

  /** The page shows a dialog. */
  get dialogShown(): boolean {
    return this.model.nodes.some(isDialog);
  }

  /** What the opener opened is closed again (an editor: on the page it was opened on). */
  get openerClosed(): boolean {
    const o = this.opener;
    if (!o) return false;
    if (o.dialog) return !this.dialogShown;
    const shown = new Set(textFields(this.model));
    return this.model.url === o.url && !o.fields.some((f) => shown.has(f));
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
