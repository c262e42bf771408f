// Reading the policy file and reloading it on SIGHUP or when it changes. The new file is validated
// and compiled before anything changes; then it is swapped in at once (requests in flight keep the
// policy they started with). A broken file is logged with every problem and the policy in force stays.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '@superagent/logging';
import { parsePolicy, PolicyError, type RoutingPolicy } from './domain/policy';
import type { PolicyHolder } from './domain/policy-holder';

/** Reads and validates a policy file; throws PolicyError (every problem) or the read error. */
export async function loadPolicyFile(path: string): Promise<RoutingPolicy> {
  return parsePolicy(await readFile(path, 'utf8'), path);
}

export type ReloadTrigger = 'sighup' | 'file-change' | 'manual';
export type ReloadResult = 'reloaded' | 'unchanged' | 'failed';

export interface PolicyReloaderOptions {
  readonly path: string;
  readonly holder: PolicyHolder;
  readonly logger: Logger;
  /** Quiet period after the last file event before reloading (editors write in several steps). */
  readonly debounceMs: number;
}

export class PolicyReloader {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Reloads run one after another, never interleaved. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PolicyReloaderOptions) {}

  /**
   * Watches the file's directory rather than the file: editors and Kubernetes ConfigMaps replace
   * files by rename, which a watch on the old inode would miss. Any event schedules a reload;
   * an unchanged file is recognised by its content hash and skipped.
   */
  watch(): void {
    if (this.watcher) return;
    const file = basename(this.options.path);
    this.watcher = watch(dirname(this.options.path), (_event, name) => {
      if (name !== null && name !== file && !name.startsWith('..')) return;
      this.schedule();
    });
    this.watcher.on('error', (err) => this.options.logger.error({ err }, 'policy file watch failed'));
    this.watcher.unref();
  }

  /** Validates the file and swaps it in; never throws. */
  reload(trigger: ReloadTrigger): Promise<ReloadResult> {
    const run = this.chain.then(() => this.reloadNow(trigger));
    this.chain = run;
    return run;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload('file-change');
    }, this.options.debounceMs);
    this.timer.unref();
  }

  private async reloadNow(trigger: ReloadTrigger): Promise<ReloadResult> {
    const { holder, logger, path } = this.options;
    const current = holder.current().policy;
    let next: RoutingPolicy;
    try {
      next = await loadPolicyFile(path);
    } catch (err) {
      holder.recordFailure();
      const problems =
        err instanceof PolicyError ? err.problems : [err instanceof Error ? err.message : String(err)];
      logger.error(
        { trigger, path, problems, version: current.version },
        'routing policy reload failed: the policy in force stays',
      );
      return 'failed';
    }
    if (next.contentHash === current.contentHash) {
      logger.debug({ trigger, path }, 'routing policy unchanged');
      return 'unchanged';
    }
    let compiled;
    try {
      compiled = holder.replace(next);
    } catch (err) {
      holder.recordFailure();
      logger.error(
        { trigger, path, err, version: current.version },
        'routing policy failed to compile: the policy in force stays',
      );
      return 'failed';
    }
    logger.info(
      { trigger, path, version: next.version, previous: current.version, generation: compiled.generation },
      'routing policy reloaded',
    );
    return 'reloaded';
  }
}
