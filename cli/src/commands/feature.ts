// submit / watch / generate: the router's pipeline from a terminal.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Follows a task's events until it completes; `onEvent` sees each one in order. */
export async function watch(
  client: RouterClient,
  taskId: string,
  onEvent: (e: router.TaskEvent) => void,
  apiKey?: string,
): Promise<router.Task> {
  const events = client.serverStream(
    'watchTask',
    router.WatchTaskRequest.fromPartial({ taskId }),
    authOptions(apiKey),
  );
  for await (const { event } of events) {
    if (!event) continue;
    onEvent(event);
    if (event.type === router.TaskEventType.COMPLETED) break;
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

export async function writeSpec(dir: string, task: router.Task): Promise<string | undefined> {
  if (!task.specSource) return undefined;
  await mkdir(dir, { recursive: true });
  const path = join(dir, task.specFileName || `${task.taskId}.spec.ts`);
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
    const task = await watch(client, taskId, (e) => ctx.progress(`  ${describeEvent(e)}`), ctx.apiKey);
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
    specPath ? `spec written to ${specPath}` : 'no spec was produced',
    s.error ? `error: ${s.error}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
