// submit / watch / generate: the router's pipeline from a terminal.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { router } from '@superagent/proto';
import { authOptions, routerClient } from '../clients';
import { describeEvent, dollars, taskStatusLabel, tierLabel } from '../format';
import type { CommandContext } from './context';

type RouterClient = ReturnType<typeof routerClient>;

export interface SubmitInput {
  description: string;
  baseUrl: string;
  startPath: string;
  tenantId: string;
  sessionId: string;
  idempotencyKey: string;
  featureId: string;
}

export async function submit(client: RouterClient, input: SubmitInput, apiKey?: string) {
  return client.unary('submitFeature', router.SubmitFeatureRequest.fromPartial(input), authOptions(apiKey));
}

/** How long a watch keeps reconnecting to a router that went away (a restart, a rolling deploy). */
export const WATCH_RECONNECT_MS = 60_000;

const isUnavailable = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === grpc.status.UNAVAILABLE;

export interface WatchOptions {
  /** Told when the stream broke and is being resumed. */
  onReconnect?: (why: string) => void;
  /** Give up after the router has been unreachable this long (default WATCH_RECONNECT_MS). */
  reconnectMs?: number;
}

/**
 * Follows a task's events until it completes; `onEvent` sees each one once, in order. A task outlives
 * the router process that took it (PIPELINE_STORE=redis), so a stream that breaks because the
 * router went away is resumed after the last event seen, for up to `reconnectMs`.
 */
export async function watch(
  client: RouterClient,
  taskId: string,
  onEvent: (e: router.TaskEvent) => void,
  apiKey?: string,
  options: WatchOptions = {},
): Promise<router.Task> {
  const reconnectMs = options.reconnectMs ?? WATCH_RECONNECT_MS;
  let after = 0;
  let completed = false;
  let downSince: number | undefined;
  let backoff = 250;
  while (!completed) {
    try {
      const events = client.serverStream(
        'watchTask',
        router.WatchTaskRequest.fromPartial({ taskId, afterSequence: after }),
        authOptions(apiKey),
      );
      for await (const { event } of events) {
        downSince = undefined;
        backoff = 250;
        if (!event || event.sequence <= after) continue;
        after = event.sequence;
        onEvent(event);
        if (event.type === router.TaskEventType.COMPLETED) {
          completed = true;
          break;
        }
      }
      // The stream ended without COMPLETED: the router saw the task finished already.
      if (!completed) break;
    } catch (err) {
      if (!isUnavailable(err)) throw err;
      downSince ??= Date.now();
      if (Date.now() - downSince > reconnectMs) throw err;
      options.onReconnect?.((err as { details?: string }).details ?? String(err));
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 2_000);
    }
  }
  const { task } = await client.unary(
    'getTask',
    router.GetTaskRequest.fromPartial({ taskId }),
    authOptions(apiKey),
  );
  if (!task) throw new Error(`task ${taskId} has no record`);
  return task;
}

export function taskSummary(task: router.Task) {
  return {
    taskId: task.taskId,
    status: taskStatusLabel(task.status),
    tier: tierLabel(task.tier),
    attempts: task.attempts.length,
    cost: dollars(task.costMicros),
    specFileName: task.specFileName,
    error: task.error || undefined,
  };
}

/**
 * Writes the task's spec into `dir`: a passing spec under its own name (e.g. `login.spec.ts`, or
 * `fileName` when given), a spec that never passed with `.failed` appended, so it neither replaces a
 * passing spec of an earlier run nor is picked up as a test by Playwright.
 */
export async function writeSpec(
  dir: string,
  task: router.Task,
  fileName?: string,
): Promise<string | undefined> {
  if (!task.specSource) return undefined;
  await mkdir(dir, { recursive: true });
  // The name comes from the service: never let it point outside `dir`.
  const name = basename(fileName ?? task.specFileName) || `${task.taskId}.spec.ts`;
  const passed = task.status === router.TaskStatus.PASSED;
  const path = join(dir, passed ? name : `${name}.failed`);
  await writeFile(path, task.specSource);
  return path;
}

export async function submitCommand(ctx: CommandContext, input: SubmitInput): Promise<number> {
  const client = routerClient(ctx.addresses.router);
  try {
    const res = await submit(client, input, ctx.apiKey);
    ctx.print(
      ctx.json
        ? res
        : `task ${res.taskId} ${res.created ? 'submitted' : 'already submitted (same idempotency key)'}`,
    );
    return 0;
  } finally {
    client.close();
  }
}

export async function watchCommand(ctx: CommandContext, taskId: string, outDir?: string): Promise<number> {
  const client = routerClient(ctx.addresses.router);
  try {
    const task = await watch(
      client,
      taskId,
      (e) => ctx.progress(`${taskId}  ${describeEvent(e)}`),
      ctx.apiKey,
      { onReconnect: (why) => ctx.progress(`${taskId}  router unreachable (${why}); reconnecting`) },
    );
    const written = outDir ? await writeSpec(outDir, task) : undefined;
    ctx.print(ctx.json ? { ...taskSummary(task), specPath: written } : formatTask(task, written));
    return task.status === router.TaskStatus.PASSED ? 0 : 1;
  } finally {
    client.close();
  }
}

export async function generateCommand(
  ctx: CommandContext,
  input: SubmitInput,
  outDir: string,
): Promise<number> {
  const client = routerClient(ctx.addresses.router);
  try {
    const { taskId } = await submit(client, input, ctx.apiKey);
    ctx.progress(`task ${taskId} submitted`);
    const task = await watch(client, taskId, (e) => ctx.progress(`  ${describeEvent(e)}`), ctx.apiKey, {
      onReconnect: (why) => ctx.progress(`  router unreachable (${why}); reconnecting`),
    });
    const written = await writeSpec(outDir, task);
    ctx.print(ctx.json ? { ...taskSummary(task), specPath: written } : formatTask(task, written));
    return task.status === router.TaskStatus.PASSED ? 0 : 1;
  } finally {
    client.close();
  }
}

function formatTask(task: router.Task, specPath: string | undefined): string {
  const s = taskSummary(task);
  return [
    `task ${s.taskId}: ${s.status} on tier ${s.tier} after ${s.attempts} attempt(s), cost ${s.cost}`,
    specPath
      ? task.status === router.TaskStatus.PASSED
        ? `spec written to ${specPath}`
        : `the last attempt's spec (it did not pass) written to ${specPath}`
      : task.specSource
        ? 'spec not written (--out <dir> writes it)'
        : 'no spec was produced',
    s.error ? `error: ${s.error}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
