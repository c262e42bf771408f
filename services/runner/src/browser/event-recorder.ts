// Collects what a run observed besides test results: console errors, page errors, failed or blocked
// requests and produced artifact files. Capped so a noisy page cannot flood the service.

import type { ConsoleMessage, FailedRequest } from '../domain/run-result';
import type { ProducedArtifact } from '../worker/protocol';

const MAX_ENTRIES = 200;
const MAX_TEXT = 1000;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

export class RunRecorder {
  readonly consoleErrors: ConsoleMessage[] = [];
  readonly failedRequests: FailedRequest[] = [];
  readonly artifacts: ProducedArtifact[] = [];
  testIndex = 0;
  /** The spec called `browser.close()`: its browser connection going away is no crash. */
  browserClosedBySpec = false;

  console(kind: ConsoleMessage['kind'], text: string, url: string): void {
    if (this.consoleErrors.length < MAX_ENTRIES)
      this.consoleErrors.push({ kind, text: clip(text), url: clip(url), testIndex: this.testIndex });
  }

  blocked(url: string, method: string): void {
    this.request({ url, method, kind: 'blocked', reason: 'blocked by the runner network policy', status: 0 });
  }

  failed(url: string, method: string, reason: string): void {
    this.request({ url, method, kind: 'failed', reason, status: 0 });
  }

  httpError(url: string, method: string, status: number): void {
    this.request({ url, method, kind: 'http', reason: `HTTP ${status}`, status });
  }

  artifact(kind: ProducedArtifact['kind'], path: string): void {
    this.artifacts.push({ testIndex: this.testIndex, kind, path });
  }

  private request(entry: Omit<FailedRequest, 'testIndex'>): void {
    if (this.failedRequests.length < MAX_ENTRIES)
      this.failedRequests.push({ ...entry, url: clip(entry.url), testIndex: this.testIndex });
  }
}
