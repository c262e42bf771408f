// SubmitFeature, GetTask and WatchTask: thin handlers over the task store. The work itself happens
// in the pipeline workers (worker.ts), possibly in another router instance.
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { invalidArgument, notFound, serverStream, unary, unavailable } from '@superagent/grpc';
import { router } from '@superagent/proto';
import { initialCheckpoint, type TaskRecord } from '../store/task-record';
import { TaskStoreUnavailableError, type TaskStore } from '../store/task-store';
import type { ApiKeyAuth } from '../auth/api-keys';
import { currentTraceparent } from './telemetry';
import { validateSubmit, validateTaskId } from './validate-submit';

export interface PipelineHandlerDeps {
  store: TaskStore;
  /**
   * Per-tenant API keys. The gate in front of the service (createRouterService) authenticates
   * every call and binds SubmitFeature's tenant_id to the key's tenant; these handlers only ask
   * whose key it is, to hide other tenants' tasks. Without keys every task is visible.
   */
  auth?: ApiKeyAuth;
  /** WatchTask re-reads at least this often, even without a notification. */
  watchPollMs: number;
  now?: () => number;
  newTaskId?: () => string;
}

// A type alias (not an interface) so it fits grpc-js's untyped service implementation map.
export type PipelineHandlers = {
  submitFeature: grpc.handleUnaryCall<router.SubmitFeatureRequest, router.SubmitFeatureResponse>;
  getTask: grpc.handleUnaryCall<router.GetTaskRequest, router.GetTaskResponse>;
  watchTask: grpc.handleServerStreamingCall<router.WatchTaskRequest, router.WatchTaskResponse>;
};

/** Events read per store call while streaming. */
const PAGE = 256;

/** Store trouble is the client's UNAVAILABLE (retryable), never INTERNAL. */
async function guarded<T>(op: Promise<T>): Promise<T> {
  try {
    return await op;
  } catch (err) {
    if (err instanceof TaskStoreUnavailableError) throw unavailable(`task store: ${err.message}`);
    throw err;
  }
}

/** Another tenant's task does not exist, as far as a caller can tell. */
function visibleTo(record: TaskRecord, keyTenant: string | undefined): boolean {
  return keyTenant === undefined || record.task.request?.tenantId === keyTenant;
}

export function newTaskRecord(taskId: string, request: router.SubmitFeatureRequest, now: number): TaskRecord {
  const { traceparent, traceId } = currentTraceparent();
  return {
    task: router.Task.fromPartial({
      taskId,
      status: router.TaskStatus.QUEUED,
      stage: router.TaskStage.QUEUED,
      request,
      specFileName: request.options?.fileName ?? '',
      createdUnixMs: now,
      updatedUnixMs: now,
      lastSequence: 1,
      traceId,
    }),
    checkpoint: { ...initialCheckpoint(), ...(traceparent === '' ? {} : { traceparent }) },
  };
}

export function createPipelineHandlers(deps: PipelineHandlerDeps): PipelineHandlers {
  const now = deps.now ?? Date.now;
  const newTaskId = deps.newTaskId ?? randomUUID;
  const { store } = deps;

  return {
    // With API keys, the gate has already bound tenant_id to the key's tenant.
    submitFeature: unary(async (req: router.SubmitFeatureRequest) => {
      const request = validateSubmit(req);
      const t = now();
      const record = newTaskRecord(newTaskId(), request, t);
      const event = router.TaskEvent.fromPartial({
        taskId: record.task.taskId,
        sequence: 1,
        timestampUnixMs: t,
        type: router.TaskEventType.SUBMITTED,
        status: router.TaskStatus.QUEUED,
        stage: router.TaskStage.QUEUED,
        message: `feature ${request.featureId}`,
      });
      const result = await guarded(
        store.create({
          record,
          event,
          ...(request.idempotencyKey === ''
            ? {}
            : { idempotency: { tenantId: request.tenantId, key: request.idempotencyKey } }),
        }),
      );
      if (result.created) {
        return router.SubmitFeatureResponse.fromPartial({
          taskId: result.taskId,
          created: true,
          status: router.TaskStatus.QUEUED,
        });
      }
      const existing = await guarded(store.get(result.taskId));
      if (!existing) throw notFound(`task ${result.taskId} (of idempotency key "${request.idempotencyKey}")`);
      return router.SubmitFeatureResponse.fromPartial({
        taskId: result.taskId,
        created: false,
        status: existing.task.status,
      });
    }),

    getTask: unary(async (req: router.GetTaskRequest, ctx) => {
      const keyTenant = deps.auth?.tenantOf(ctx.metadata);
      const taskId = validateTaskId(req.taskId);
      const record = await guarded(store.get(taskId));
      if (!record || !visibleTo(record, keyTenant)) throw notFound(`task ${taskId}`);
      return router.GetTaskResponse.fromPartial({ task: record.task });
    }),

    watchTask: serverStream(async (req: router.WatchTaskRequest, ctx) => {
      const keyTenant = deps.auth?.tenantOf(ctx.metadata);
      const taskId = validateTaskId(req.taskId);
      if (!Number.isSafeInteger(req.afterSequence) || req.afterSequence < 0) {
        throw invalidArgument('after_sequence', 'must be ≥ 0');
      }
      const record = await guarded(store.get(taskId));
      if (!record || !visibleTo(record, keyTenant)) throw notFound(`task ${taskId}`);
      let after = req.afterSequence;
      while (!ctx.signal.aborted) {
        const events = await guarded(store.events(taskId, after, PAGE));
        for (const event of events) {
          await ctx.write(router.WatchTaskResponse.fromPartial({ event }));
          after = event.sequence;
          if (event.type === router.TaskEventType.COMPLETED) return;
        }
        if (events.length === PAGE) continue;
        const current = await guarded(store.get(taskId));
        if (!current) throw notFound(`task ${taskId} (expired while watched)`);
        // Finished, and the caller already has everything up to (or past) the last event.
        if (current.task.finishedUnixMs > 0 && current.task.lastSequence <= after) return;
        await store.waitForEvents(taskId, after, deps.watchPollMs, ctx.signal);
      }
    }),
  };
}
