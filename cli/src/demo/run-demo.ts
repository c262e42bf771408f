// The main job end to end: the demo app, the five services, every feature description submitted to
// the router's pipeline, each passing spec re-run against the feature's broken variant.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoFeatures, startDemoApp, type DemoFeature } from '@superagent/demo';
import { common, router, runner } from '@superagent/proto';
import { routerClient, runnerClient } from '../clients';
import { describeEvent, dollars, tierLabel } from '../format';
import { startStack, type StackOptions } from '../stack';
import { submit, watch } from '../commands/feature';

export interface DemoRow {
  feature: DemoFeature;
  taskId: string;
  verdict: 'passed' | 'failed' | 'error';
  tier: string;
  attempts: number;
  /** Whether the spec fails on the feature's broken variant; undefined when there was no passing spec. */
  caught: boolean | undefined;
  seconds: number;
  costMicros: number;
  specPath?: string;
  error?: string;
}

export interface DemoOptions {
  features?: readonly DemoFeature[];
  outDir: string;
  /** Progress lines (feature id, event). */
  onProgress?: (featureId: string, line: string) => void;
  stack?: StackOptions;
  /** Also re-run each passing spec on the broken variant (default true). */
  checkCaught?: boolean;
}

export interface DemoReport {
  rows: DemoRow[];
  totalSeconds: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const features = options.features ?? demoFeatures;
  const app = await startDemoApp();
  const stack = await startStack({
    ...options.stack,
    serviceEnv: {
      ...options.stack?.serviceEnv,
      // The OAuth feature leaves the app's origin for the local provider's login page, and every
      // broken-variant instance has its own provider port: allow loopback, nothing else.
      runner: { RUNNER_EXTRA_ORIGINS: 'http://127.0.0.1:*', ...options.stack?.serviceEnv?.runner },
    },
  });
  const routerApi = routerClient(stack.address('router'));
  const runnerApi = runnerClient(stack.address('runner'));
  const session = `demo-${Date.now()}`;
  const started = performance.now();
  try {
    await mkdir(options.outDir, { recursive: true });
    const rows = await Promise.all(
      features.map(async (feature): Promise<DemoRow> => {
        const t0 = performance.now();
        const progress = (line: string) => options.onProgress?.(feature.id, line);
        try {
          const { taskId } = await submit(routerApi, {
            description: feature.description,
            baseUrl: app.url,
            startPath: feature.startPath,
            tenantId: 'demo',
            sessionId: session,
            idempotencyKey: `${session}:${feature.id}`,
            featureId: feature.id,
          });
          const task = await watch(routerApi, taskId, (e) => progress(describeEvent(e)));
          const passed = task.status === router.TaskStatus.PASSED;
          let specPath: string | undefined;
          if (task.specSource) {
            specPath = join(options.outDir, `${feature.id}.spec.ts`);
            await writeFile(specPath, task.specSource);
          }
          const caught =
            passed && task.specSource && options.checkCaught !== false
              ? await catchesBug(runnerApi, feature, task.specSource, progress)
              : undefined;
          return {
            feature,
            taskId,
            verdict: passed ? 'passed' : task.status === router.TaskStatus.FAILED ? 'failed' : 'error',
            tier: tierLabel(task.tier),
            attempts: task.attempts.length,
            caught,
            seconds: (performance.now() - t0) / 1000,
            costMicros: task.costMicros,
            specPath,
            error: task.error || undefined,
          };
        } catch (err) {
          return {
            feature,
            taskId: '',
            verdict: 'error',
            tier: '',
            attempts: 0,
            caught: undefined,
            seconds: (performance.now() - t0) / 1000,
            costMicros: 0,
            error: err instanceof Error ? err.message : String(err),
          };
        }
      }),
    );
    return { rows, totalSeconds: (performance.now() - started) / 1000 };
  } finally {
    routerApi.close();
    runnerApi.close();
    await stack.stop();
    await app.stop();
  }
}

/** Runs the spec against an instance of the app with only this feature broken. */
async function catchesBug(
  runnerApi: ReturnType<typeof runnerClient>,
  feature: DemoFeature,
  specSource: string,
  progress: (line: string) => void,
): Promise<boolean> {
  const broken = await startDemoApp({ broken: [feature.id] });
  try {
    const res = await runnerApi.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource, baseUrl: broken.url, fileName: `${feature.id}.spec.ts` }),
    );
    const caught = res.status !== common.RunStatus.PASS;
    progress(caught ? 'broken variant: the test fails (bug caught)' : 'broken variant: the test still passes (bug missed)');
    return caught;
  } finally {
    await broken.stop();
  }
}

export function formatDemoTable(report: DemoReport): string[][] {
  const rows = [['feature', 'kind', 'tier', 'attempts', 'verdict', 'caught the bug', 'time', 'cost']];
  for (const r of report.rows) {
    rows.push([
      r.feature.title,
      r.feature.kind,
      r.tier || '-',
      String(r.attempts),
      r.verdict,
      r.caught === undefined ? '-' : r.caught ? 'yes' : 'no',
      `${r.seconds.toFixed(1)} s`,
      dollars(r.costMicros),
    ]);
  }
  return rows;
}
