import type { EmbeddingModel } from '../../src/domain/model';

/**
 * Wraps a real model so a test can hold forward passes at a gate (to queue, cancel or overflow
 * requests deterministically) and see which texts each pass received.
 */
export interface GatedModel extends EmbeddingModel {
  readonly batches: string[][];
  /** The signal each pass was given (undefined when none), in the order of `batches`. */
  readonly signals: (AbortSignal | undefined)[];
  /** Passes wait at the gate until `open()`; `close()` makes later passes wait again. */
  hold(): void;
  open(): void;
  /** Resolves once `n` passes have started (entered the gate). */
  started(n: number): Promise<void>;
}

export function gate(model: EmbeddingModel): GatedModel {
  const batches: string[][] = [];
  const signals: (AbortSignal | undefined)[] = [];
  let release: Promise<void> = Promise.resolve();
  let openGate: () => void = () => undefined;
  const startWaiters: { n: number; resolve: () => void }[] = [];
  return {
    info: model.info,
    batches,
    signals,
    hold() {
      release = new Promise<void>((resolve) => {
        openGate = resolve;
      });
    },
    open() {
      openGate();
    },
    started(n) {
      if (batches.length >= n) return Promise.resolve();
      return new Promise<void>((resolve) => startWaiters.push({ n, resolve }));
    },
    async embedBatch(texts, signal) {
      batches.push([...texts]);
      signals.push(signal);
      for (const w of startWaiters.filter((s) => batches.length >= s.n)) {
        startWaiters.splice(startWaiters.indexOf(w), 1);
        w.resolve();
      }
      await release;
      return model.embedBatch(texts, signal);
    },
    close: () => model.close(),
  };
}
