// Tracing and metrics of the pipeline. The worker runs outside the SubmitFeature call, possibly in
// another router process, so the submitting call's trace context is stored with the task and every
// stage span is started under it: one trace per feature, router → scribe → runner → cost.
import {
  context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import { ATTR, METRIC } from '@superagent/telemetry';
import { common, router } from '@superagent/proto';
import type { TaskRecord } from '../store/task-record';

const tracer = trace.getTracer('superagent.router.pipeline');
const meter = metrics.getMeter('superagent.router.pipeline');
const tasks = meter.createCounter(METRIC.tasks, { description: 'Pipeline tasks finished, by outcome' });
const duration = meter.createHistogram(METRIC.taskDuration, {
  description: 'Pipeline task duration from submit to verdict',
  unit: 'ms',
});

/** The active trace context as a W3C `traceparent`, and its trace id; empty when not traced. */
export function currentTraceparent(): { traceparent: string; traceId: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const spanContext = trace.getSpanContext(context.active());
  return { traceparent: carrier.traceparent ?? '', traceId: spanContext?.traceId ?? '' };
}

const tierLabel = (t: common.Tier): string =>
  common
    .tierToJSON(t)
    .replace(/^TIER_/, '')
    .toLowerCase();

/** Runs one stage inside a span that is a child of the task's submitting call. */
export async function inStageSpan<T>(record: TaskRecord, fn: () => Promise<T>): Promise<T> {
  const parent = record.checkpoint.traceparent
    ? propagation.extract(ROOT_CONTEXT, { traceparent: record.checkpoint.traceparent })
    : ROOT_CONTEXT;
  const cp = record.checkpoint;
  return tracer.startActiveSpan(
    `pipeline ${cp.phase}`,
    {
      attributes: {
        [ATTR.taskId]: record.task.taskId,
        [ATTR.featureId]: record.task.request?.featureId ?? '',
        [ATTR.tenantId]: record.task.request?.tenantId ?? '',
        [ATTR.attempt]: cp.attempt,
        ...(cp.decision
          ? { [ATTR.tier]: tierLabel(cp.decision.tier), [ATTR.model]: cp.decision.modelId }
          : {}),
      },
    },
    parent,
    async (span: Span) => {
      try {
        return await fn();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** Counts a finished task and its duration. */
export function recordFinished(record: TaskRecord): void {
  const outcome = router
    .taskStatusToJSON(record.task.status)
    .replace(/^TASK_STATUS_/, '')
    .toLowerCase();
  tasks.add(1, { [ATTR.testOutcome]: outcome });
  if (record.task.finishedUnixMs > 0) {
    duration.record(record.task.finishedUnixMs - record.task.createdUnixMs, { [ATTR.testOutcome]: outcome });
  }
}
