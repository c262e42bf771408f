import { unary } from '@superagent/grpc';
import type { cost } from '@superagent/proto';
import type { Ledger } from '../ledger';
import { budgetMessage, budgetStatus, recordResult, usageInput } from './mapping';

export function reservationHandlers(ledger: Ledger) {
  return {
    reserve: unary<cost.ReserveRequest, cost.ReserveResponse>(async (req, ctx) => {
      const r = await ledger.reserve(
        {
          tenant: req.tenantId,
          session: req.sessionId,
          feature: req.featureId,
          estimateMicros: req.estimateMicros,
          ttlMs: req.ttlMs,
          idempotencyKey: req.idempotencyKey,
          taskId: req.taskId,
          featureCapMicros: req.featureCapMicros,
        },
        ctx.signal,
      );
      return {
        reservationId: r.reservation.id,
        expiresUnixMs: r.reservation.expiresAtMs,
        budgets: r.budgets.map((b) => budgetMessage(b, r.warnBps)),
        status: budgetStatus(r.state),
      };
    }),

    commit: unary<cost.CommitRequest, cost.CommitResponse>(async (req) => {
      const r = await ledger.commit(
        req.reservationId,
        req.actual.map((u, i) => usageInput(u, `actual[${i}]`)),
      );
      return {
        committedMicros: r.committedMicros,
        releasedMicros: r.releasedMicros,
        overrunMicros: r.overrunMicros,
        results: r.results.map(recordResult),
        budgets: r.budgets.map((b) => budgetMessage(b, r.warnBps)),
      };
    }),

    release: unary<cost.ReleaseRequest, cost.ReleaseResponse>(async (req) =>
      ledger.release(req.reservationId),
    ),
  };
}
