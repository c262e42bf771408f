/** What one load run does; the shape mirrors ghz's config (call, data, concurrency, duration). */
export interface LoadSpec {
  /** host:port of the server. */
  address: string;
  /**
   * Fully-qualified method, ghz style: `superagent.router.v1.RouterService/Route` (resolved from the
   * project's descriptor set), or a raw path served with Buffer identity serializers (`bare: true`).
   */
  call: string;
  /** Raw transport baseline: `data` items are strings sent as bytes, no protobuf at all. */
  bare?: boolean;
  /**
   * Request objects, used round-robin, as ghz takes them: proto field names (`task_type`) or JSON
   * names (`taskType`), enums by name; an unknown field fails the run. Strings may hold ghz template
   * actions: {{.RequestNumber}}, {{.WorkerID}}, {{.UUID}}, {{.TimestampUnix}}, {{.TimestampUnixNano}}.
   */
  data: unknown[];
  /** Warm-up by count, ghz style: the first N calls of the run (spread over the client processes) are not measured. */
  skipFirst?: number;
  /** Total in-flight calls, spread evenly over the client processes. */
  concurrency: number;
  /** Client processes (one Node client saturates a core on this machine). */
  processes?: number;
  durationMs?: number;
  warmupMs?: number;
  /** Stop after this many measured calls in total (instead of, or before, the duration). */
  total?: number;
  deadlineMs?: number;
  metadata?: Record<string, string>;
  /**
   * A second method called in strict alternation with this one (one call in flight, one client
   * process; the order flips every round), so both latencies are measured at the same moments.
   * On a shared machine this cancels the drift that separate rounds pick up.
   */
  alternateWith?: CallTarget;
}

/** Where and what a call goes to, as in LoadSpec. */
export type CallTarget = Pick<LoadSpec, 'address' | 'call' | 'bare' | 'data'>;

/** What one client process saw of one target. */
export interface TargetReport {
  latenciesMs: number[];
  statusCodes: Record<string, number>;
  firstError?: string;
}

export interface WorkerReport extends TargetReport {
  measuredMs: number;
  /** The `alternateWith` target's calls, when there is one. */
  alternate?: TargetReport;
}

export type ParentMessage =
  { type: 'spec'; spec: LoadSpec; concurrency: number; total?: number; workerId: number } | { type: 'start' };
export type WorkerMessage =
  { type: 'ready' } | { type: 'report'; report: WorkerReport } | { type: 'failed'; error: string };
