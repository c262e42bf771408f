/** What every embedding model exposes; the service never depends on which one it runs. */
export type ModelKind = 'lexical' | 'transformer';

export interface ModelInfo {
  /** Stamped on every vector so vectors from different models are never compared. */
  readonly name: string;
  readonly revision: string;
  readonly dimension: number;
  readonly kind: ModelKind;
  /** Present and true when the model's weights are random (test/benchmark fixtures only). */
  readonly randomWeights: boolean;
}

export interface EmbeddingModel {
  readonly info: ModelInfo;
  /**
   * One forward pass over the batch; returns one L2-normalised vector per text, in order. `signal`
   * aborts when nobody waits for the result any more: a model may then skip a pass it has not
   * started (rejecting with the signal's reason); a started pass runs to its end.
   */
  embedBatch(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** No copy of the model can run a pass any more (every worker thread died): UNAVAILABLE, retry elsewhere. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
