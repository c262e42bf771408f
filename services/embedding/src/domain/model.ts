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
  /** One forward pass over the batch; returns one L2-normalised vector per text, in order. */
  embedBatch(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** No copy of the model can run a pass any more (every worker thread died): UNAVAILABLE, retry elsewhere. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
