import fs from 'node:fs';
import path from 'node:path';
import { invalidArgument } from '@superagent/grpc';
import type { runner } from '@superagent/proto';
import { checkTargetUrl, type OriginPattern } from '../domain/url-policy';
import type { RunInput } from '../runs/spec-runs';
import type { ArtifactOptions } from '../worker/protocol';

export interface RunSpecLimits {
  maxSpecBytes: number;
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  allowedOrigins: readonly OriginPattern[];
  specsDir: string | undefined;
  defaultTrace: ArtifactOptions['trace'];
  defaultScreenshotOnFailure: boolean;
  traceScreenshots: boolean;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const SPEC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The file name of a stored spec when the request gives none: its own name if that is a spec file
 * name, else the name with `.spec.ts` added (a stored spec "login" runs as "login.spec.ts").
 */
function fileNameFor(specName: string): string {
  return FILE_NAME.test(specName) ? specName : `${specName}.spec.ts`;
}

function checkSource(source: string, field: string, limits: RunSpecLimits): string {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > limits.maxSpecBytes)
    throw invalidArgument(field, `is ${bytes} bytes, over the limit of ${limits.maxSpecBytes}`);
  if (source.trim() === '') throw invalidArgument(field, 'is empty');
  return source;
}

/** The spec's source from the request (inline, or a stored spec by name). */
async function specSource(
  req: runner.RunSpecRequest,
  limits: RunSpecLimits,
): Promise<{ source: string; name?: string }> {
  if (req.specSource !== undefined) return { source: checkSource(req.specSource, 'spec_source', limits) };
  if (req.specName === undefined)
    throw invalidArgument('spec_source', 'a spec_source or spec_name is required');
  const name = req.specName;
  if (!SPEC_NAME.test(name) || name.includes('..'))
    throw invalidArgument('spec_name', 'must be a plain file name (letters, digits, . _ -)');
  if (!limits.specsDir)
    throw invalidArgument(
      'spec_name',
      'this runner has no spec directory (RUNNER_SPECS_DIR); send spec_source',
    );
  const file = path.join(limits.specsDir, name);
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw invalidArgument('spec_name', `unknown spec "${name}"`);
  if (stat.size > limits.maxSpecBytes)
    throw invalidArgument('spec_name', `is ${stat.size} bytes, over the limit of ${limits.maxSpecBytes}`);
  return { source: checkSource(await fs.promises.readFile(file, 'utf8'), 'spec_name', limits), name };
}

export async function validateRunSpec(req: runner.RunSpecRequest, limits: RunSpecLimits): Promise<RunInput> {
  const { source, name } = await specSource(req, limits);
  const url = checkTargetUrl(req.baseUrl, limits.allowedOrigins);
  if (!url.ok) throw invalidArgument('base_url', url.why);
  if (req.timeoutMs < 0) throw invalidArgument('timeout_ms', 'must be ≥ 0');
  const fileName = req.fileName || (name === undefined ? 'spec.spec.ts' : fileNameFor(name));
  if (!FILE_NAME.test(fileName))
    throw req.fileName
      ? invalidArgument('file_name', 'must be a plain file name ending in .ts/.js (e.g. "login.spec.ts")')
      : invalidArgument(
          'spec_name',
          'is too long to name the spec file (at most 100 characters before the extension); send file_name',
        );
  if (req.taskId.length > 200) throw invalidArgument('task_id', 'must be at most 200 characters');
  if (req.artifacts?.video === true)
    throw invalidArgument(
      'artifacts.video',
      'video recording is not available on this runner (Playwright needs its ffmpeg build)',
    );
  const trace = req.artifacts?.trace === undefined ? limits.defaultTrace : req.artifacts.trace ? 'on' : 'off';
  const screenshotOnFailure = req.artifacts?.screenshotOnFailure ?? limits.defaultScreenshotOnFailure;
  return {
    source,
    fileName,
    baseURL: url.url.href,
    timeoutMs: Math.min(req.timeoutMs === 0 ? limits.defaultTimeoutMs : req.timeoutMs, limits.maxTimeoutMs),
    artifacts: {
      trace,
      traceScreenshots: limits.traceScreenshots,
      screenshot: screenshotOnFailure ? 'only-on-failure' : 'off',
    },
    taskId: req.taskId,
  };
}
