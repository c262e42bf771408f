import { type CallContext, resourceExhausted } from '@superagent/grpc';
import type { runner } from '@superagent/proto';
import { QueueFull } from '../pool/admission';
import type { SpecRuns } from '../runs/spec-runs';
import { toRunSpecResponse } from './run-spec.mapper';
import { type RunSpecLimits, validateRunSpec } from './validate-run-spec';

/** RunSpec: validate → queue → run on a warm sandboxed worker → structured result. */
export function runSpecHandler(runs: SpecRuns, limits: RunSpecLimits) {
  return async (req: runner.RunSpecRequest, ctx: CallContext): Promise<runner.RunSpecResponse> => {
    const input = await validateRunSpec(req, limits);
    try {
      const out = await runs.run(input, ctx.signal, ctx.deadline);
      return toRunSpecResponse(out, input.fileName);
    } catch (err) {
      if (err instanceof QueueFull) throw resourceExhausted('run queue', err.message);
      throw err;
    }
  };
}
