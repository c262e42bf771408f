import type { ModelInfo } from '../domain/model';

/** Messages between the service thread and the model worker (see worker-model.ts). */
export type ToWorker =
  | { readonly type: 'embed'; readonly id: number; readonly texts: readonly string[] }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready'; readonly info: ModelInfo }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'vectors'; readonly id: number; readonly vectors: Float32Array[] }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'closed' };
