import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { common, router, runner, scribe } from '@superagent/proto';
import type { TaskRecord } from '../../../src/store/task-record';
import { decodeRecord, encodeRecord } from '../../../src/store/task-record';
import type { Transition } from '../../../src/pipeline/draft';
import {
  attemptErrored,
  generated,
  generationFailed,
  maxAttemptsFor,
  ran,
  remembered,
  reserved,
  reservedLocal,
  reserveRefused,
  routed,
  settled,
  summarizeRun,
  type PipelinePolicy,
} from '../../../src/pipeline/transitions';
import { newRecord } from '../support/records';

const E = router.TaskEventType;
const policy: PipelinePolicy = { defaultMaxAttempts: 3, budgetAction: 'downgrade' };
const NOW = 1_700_000_000_000;

/** Applies transitions in order, collecting every event, and checks the sequence stays gap-free. */
class Run {
  record: TaskRecord;
  readonly events: router.TaskEvent[] = [];
  constructor(record: TaskRecord) {
    this.record = record;
  }
  apply(step: (r: TaskRecord) => Transition): this {
    const before = this.record;
    const t = step(before);
    assert.equal(t.record.checkpoint.transition, before.checkpoint.transition + 1);
    t.events.forEach((e, i) => assert.equal(e.sequence, before.task.lastSequence + i + 1));
    assert.equal(t.record.task.lastSequence, before.task.lastSequence + t.events.length);
    // Every record must survive the store's JSON round trip unchanged.
    assert.deepEqual(decodeRecord(encodeRecord(t.record)), t.record);
    this.events.push(...t.events);
    this.record = t.record;
    return this;
  }
  types(): router.TaskEventType[] {
    return this.events.map((e) => e.type);
  }
}

const decision = (overrides: Partial<router.RouteResponse> = {}): router.RouteResponse =>
  router.RouteResponse.fromPartial({
    agent: 'scribe',
    tier: common.Tier.LOCAL,
    modelId: 'local',
    reason: 'easy write_test → local',
    costCapMicros: 500_000,
    maxAttempts: 3,
    complexity: { score: 1, difficulty: common.Difficulty.EASY },
    ...overrides,
  });

const generatedSpec = (overrides: Partial<scribe.GenerateTestResponse> = {}): scribe.GenerateTestResponse =>
  scribe.GenerateTestResponse.fromPartial({
    specSource: "test('logs in', async ({ page }) => { await expect(page).toHaveURL(/home/); });",
    fileName: 'log-in.spec.ts',
    steps: [
      {
        index: 1,
        action: scribe.StepAction.CLICK,
        target: 'log in button',
        locator: "page.getByRole('button', { name: 'Log in' })",
        resolved: true,
      },
    ],
    validation: {
      accepted: true,
      typeChecked: true,
      findings: [{ ruleId: 'steps', severity: scribe.Severity.WARNING }],
    },
    usage: { model: 'local' },
    attempts: 1,
    tier: common.Tier.LOCAL,
    modelId: 'local',
    ...overrides,
  });

/** A local attempt up to its validation: routed, reserved (free) and generated with this report. */
const validatedLocally = (report: scribe.DeepPartial<scribe.ValidationReport>, record = newRecord()): Run =>
  new Run(record)
    .apply((r) => routed(r, decision(), policy, NOW))
    .apply((r) => reservedLocal(r, NOW))
    .apply((r) =>
      generated(r, generatedSpec({ validation: scribe.ValidationReport.fromPartial(report) }), NOW),
    );

const runResult = (
  status: common.RunStatus,
  overrides: Partial<runner.RunSpecResponse> = {},
): runner.RunSpecResponse =>
  runner.RunSpecResponse.fromPartial({
    status,
    tests: [
      {
        titlePath: ['login', 'logs in'],
        status: status === common.RunStatus.PASS ? runner.TestStatus.PASSED : runner.TestStatus.FAILED,
        errorMessage: status === common.RunStatus.PASS ? '' : 'expect(locator).toBeVisible() failed',
        errorLocation:
          status === common.RunStatus.PASS ? undefined : { file: 'log-in.spec.ts', line: 7, column: 3 },
      },
    ],
    passed: status === common.RunStatus.PASS ? 1 : 0,
    failed: status === common.RunStatus.PASS ? 0 : 1,
    durationMs: 900,
    errorCategory:
      status === common.RunStatus.PASS ? common.ErrorCategory.UNSPECIFIED : common.ErrorCategory.ASSERTION,
    artifacts: [{ id: 'run-1/trace.zip', kind: common.ArtifactKind.TRACE, name: 'trace.zip' }],
    ...overrides,
  });

describe('pipeline transitions', () => {
  test('a local pass: every stage in order, $0 committed, task PASSED', () => {
    const run = new Run(newRecord())
      .apply((r) => routed(r, decision(), policy, NOW))
      .apply((r) => reservedLocal(r, NOW))
      .apply((r) => generated(r, generatedSpec(), NOW))
      .apply((r) => ran(r, summarizeRun(runResult(common.RunStatus.PASS)), true, NOW))
      .apply((r) =>
        remembered(
          r,
          scribe.RememberPatternResponse.fromPartial({ patternId: 'p1', created: true, passCount: 1 }),
          NOW,
        ),
      )
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW));
    assert.deepEqual(run.types(), [
      E.ROUTED,
      E.RESERVED,
      E.GENERATING,
      E.VALIDATING,
      E.RUNNING,
      E.PASSED,
      E.REMEMBERED,
      E.COST_COMMITTED,
      E.COMPLETED,
    ]);
    const task = run.record.task;
    assert.equal(task.status, router.TaskStatus.PASSED);
    assert.equal(task.stage, router.TaskStage.DONE);
    assert.equal(task.tier, common.Tier.LOCAL);
    assert.equal(task.attempts.length, 1);
    assert.equal(task.attempts[0]?.generationAttempts, 1);
    assert.equal(task.attempts[0]?.validationWarnings, 1);
    assert.equal(task.specFileName, 'log-in.spec.ts');
    assert.equal(task.lastRun?.status, common.RunStatus.PASS);
    assert.equal(task.artifacts.length, 1);
    assert.equal(task.finishedUnixMs, NOW);
    assert.equal(task.complexity?.score, 1);
    assert.equal(run.record.checkpoint.phase, 'done');
    assert.equal(run.events.at(-1)?.status, router.TaskStatus.PASSED);
    assert.equal(run.events[0]?.status, router.TaskStatus.RUNNING);
  });

  test('a failed run escalates one tier with the failure as feedback, and the paid attempt is reserved and committed', () => {
    const run = new Run(newRecord())
      .apply((r) => routed(r, decision(), policy, NOW))
      .apply((r) => reservedLocal(r, NOW))
      .apply((r) => generated(r, generatedSpec(), NOW))
      .apply((r) => ran(r, summarizeRun(runResult(common.RunStatus.FAIL)), true, NOW))
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW));
    assert.equal(run.record.checkpoint.phase, 'route');
    const fb = run.record.checkpoint.feedback;
    assert.equal(fb?.previousTier, common.Tier.LOCAL);
    assert.equal(fb?.errorCategory, common.ErrorCategory.ASSERTION);
    assert.equal(fb?.errorLine, 7);
    assert.match(fb?.previousSpec ?? '', /logs in/);
    run
      .apply((r) =>
        routed(
          r,
          decision({ tier: common.Tier.HAIKU, modelId: 'claude-haiku', reason: 'escalated' }),
          policy,
          NOW,
        ),
      )
      .apply((r) => reserved(r, { id: 'res-1', amountMicros: 500_000 }, NOW));
    assert.equal(run.record.task.reservedMicros, 500_000);
    run
      .apply((r) =>
        generated(
          r,
          generatedSpec({ usage: { model: 'claude-haiku', inputTokens: 1000, outputTokens: 500 } }),
          NOW,
        ),
      )
      .apply((r) => ran(r, summarizeRun(runResult(common.RunStatus.PASS)), false, NOW))
      .apply((r) => settled(r, { committedMicros: 2_800, priced: true }, NOW));
    assert.deepEqual(run.types(), [
      E.ROUTED,
      E.RESERVED,
      E.GENERATING,
      E.VALIDATING,
      E.RUNNING,
      E.COST_COMMITTED,
      E.ESCALATED,
      E.RESERVED,
      E.GENERATING,
      E.VALIDATING,
      E.RUNNING,
      E.PASSED,
      E.COST_COMMITTED,
      E.COMPLETED,
    ]);
    const escalated = run.events.find((e) => e.type === E.ESCALATED);
    assert.equal(escalated?.tier, common.Tier.HAIKU);
    assert.equal(escalated?.attempt, 2);
    assert.match(escalated?.message ?? '', /run fail \(assertion\): expect\(locator\)/);
    const task = run.record.task;
    assert.deepEqual(
      task.attempts.map((a) => a.tier),
      [common.Tier.LOCAL, common.Tier.HAIKU],
    );
    assert.equal(task.attempts[0]?.failure, router.FailureKind.RUN_FAILED);
    assert.equal(task.attempts[1]?.costMicros, 2_800);
    assert.equal(task.costMicros, 2_800);
    assert.equal(task.reservedMicros, 0);
    assert.equal(task.status, router.TaskStatus.PASSED);
  });

  /** The router's answer when the tiers above were skipped for want of a provider key. */
  const noPaidTier = (): router.RouteResponse =>
    decision({
      giveUpAskHuman: true,
      tier: common.Tier.UNSPECIFIED,
      agent: '',
      reason: 'ladder exhausted',
      skippedTiers: [{ tier: common.Tier.HAIKU, reason: 'provider anthropic not configured (no API key)' }],
    });

  test('no higher tier available: retries the same tier with feedback up to the limit, then FAILED honestly', () => {
    const run = new Run(newRecord({ options: router.FeatureOptions.fromPartial({ maxAttempts: 2 }) })).apply(
      (r) => routed(r, decision(), policy, NOW),
    );
    assert.equal(run.record.checkpoint.maxAttempts, 2);
    run
      .apply((r) => reservedLocal(r, NOW))
      .apply((r) => generated(r, generatedSpec(), NOW))
      .apply((r) => ran(r, summarizeRun(runResult(common.RunStatus.FAIL)), true, NOW))
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW))
      .apply((r) => routed(r, noPaidTier(), policy, NOW));
    const retry = run.events.at(-1);
    assert.equal(retry?.type, E.ESCALATED);
    assert.equal(retry?.tier, common.Tier.LOCAL);
    assert.match(retry?.message ?? '', /no higher tier available \(haiku: provider anthropic not configured/);
    run
      .apply((r) => reservedLocal(r, NOW))
      .apply((r) => generated(r, generatedSpec(), NOW))
      .apply((r) => ran(r, summarizeRun(runResult(common.RunStatus.FAIL)), true, NOW))
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW));
    assert.deepEqual(run.types().slice(-3), [E.COST_COMMITTED, E.FAILED, E.COMPLETED]);
    const task = run.record.task;
    assert.equal(task.status, router.TaskStatus.FAILED);
    assert.equal(task.handedToHuman, true);
    assert.equal(task.attempts.length, 2);
    assert.match(task.error, /no passing test after 2 attempt\(s\) \(tiers: local, local\)/);
    assert.equal(run.events.at(-2)?.run?.status, common.RunStatus.FAIL);
  });

  test('no higher tier available after a local spec was rejected: FAILED at once, since the local tier would write it again', () => {
    const run = validatedLocally(
      {
        accepted: false,
        findings: [
          {
            ruleId: 'unresolved-step',
            severity: scribe.Severity.REJECT,
            line: 0,
            message: 'Nothing matches "tick it"',
          },
        ],
      },
      newRecord({ options: router.FeatureOptions.fromPartial({ maxAttempts: 3 }) }),
    )
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW))
      .apply((r) => routed(r, noPaidTier(), policy, NOW));
    assert.deepEqual(run.types().slice(-2), [E.FAILED, E.COMPLETED]);
    const task = run.record.task;
    assert.equal(task.status, router.TaskStatus.FAILED);
    assert.equal(task.handedToHuman, true);
    assert.equal(task.attempts.length, 1);
    assert.match(
      task.error,
      /no higher tier available \(haiku: provider anthropic not configured.*\), and the local tier would write the same rejected spec again \(last failure: validation rejected: unresolved-step/,
    );
  });

  test('the router giving up at the top of the ladder ends the task FAILED, handed to a human', () => {
    const run = new Run(newRecord())
      .apply((r) => routed(r, decision({ tier: common.Tier.OPUS, modelId: 'opus' }), policy, NOW))
      .apply((r) => reserved(r, { id: 'r', amountMicros: 1 }, NOW))
      .apply((r) => generationFailed(r, router.FailureKind.GENERATION_ERROR, 'scribe INTERNAL: boom', NOW))
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW))
      .apply((r) =>
        routed(
          r,
          decision({ giveUpAskHuman: true, tier: common.Tier.UNSPECIFIED, reason: 'top tier failed' }),
          policy,
          NOW,
        ),
      );
    assert.deepEqual(run.types().slice(-2), [E.FAILED, E.COMPLETED]);
    assert.equal(run.record.task.handedToHuman, true);
    assert.match(run.record.task.error, /top tier failed.*scribe INTERNAL: boom/);
    assert.equal(run.record.task.attempts[0]?.error, 'scribe INTERNAL: boom');
  });

  test('over budget: downgrade continues on local; refuse ends with ERROR', () => {
    const paid = (r: TaskRecord) =>
      routed(r, decision({ tier: common.Tier.SONNET, modelId: 'sonnet' }), policy, NOW);
    const down = new Run(newRecord())
      .apply(paid)
      .apply((r) => reserveRefused(r, 'over budget: session:s would exceed $5', 'downgrade', NOW));
    assert.deepEqual(down.types(), [E.ROUTED, E.RESERVED, E.GENERATING]);
    assert.equal(down.record.task.tier, common.Tier.LOCAL);
    assert.equal(down.record.checkpoint.decision?.modelId, 'local');
    assert.equal(down.record.task.attempts[0]?.tier, common.Tier.LOCAL);
    assert.match(down.events[1]?.message ?? '', /downgraded to the local tier/);
    const refused = new Run(newRecord())
      .apply(paid)
      .apply((r) => reserveRefused(r, 'over budget', 'refuse', NOW));
    assert.deepEqual(refused.types(), [E.ROUTED, E.ERROR, E.COMPLETED]);
    assert.equal(refused.record.task.status, router.TaskStatus.ERROR);
    assert.match(refused.record.task.error, /budget refused: over budget/);
  });

  test("an accepted spec's warnings are said in the VALIDATING event, not only counted", () => {
    const run = validatedLocally({
      accepted: true,
      typeChecked: true,
      findings: [
        {
          ruleId: 'unread-text',
          severity: scribe.Severity.WARNING,
          message: 'Not read as a step or an outcome, so the spec does not check it: "Set the language".',
        },
      ],
    });
    const validating = run.events.find((e) => e.type === E.VALIDATING);
    assert.equal(
      validating?.message,
      'accepted (1 warning(s), type-checked): unread-text: Not read as a step or an outcome, so the spec does not check it: "Set the language".',
    );
    assert.equal(run.record.task.attempts[0]?.validationWarnings, 1);
  });

  test('a rejected spec is never run: the attempt fails as VALIDATION_REJECTED with the findings as feedback', () => {
    const run = validatedLocally({
      accepted: false,
      findings: [
        {
          ruleId: 'no-wait-for-timeout',
          severity: scribe.Severity.REJECT,
          line: 3,
          message: 'waitForTimeout is flaky',
        },
      ],
    });
    assert.deepEqual(run.types(), [E.ROUTED, E.RESERVED, E.GENERATING, E.VALIDATING]);
    assert.equal(run.record.checkpoint.phase, 'settle');
    assert.match(run.events.at(-1)?.message ?? '', /rejected: no-wait-for-timeout line 3/);
    assert.equal(run.record.task.attempts[0]?.failure, router.FailureKind.VALIDATION_REJECTED);
    assert.equal(run.record.checkpoint.feedback?.findings.length, 1);
  });

  test('an infrastructure error settles the money and ends the task with ERROR', () => {
    const run = new Run(newRecord())
      .apply((r) => routed(r, decision(), policy, NOW))
      .apply((r) => reservedLocal(r, NOW))
      .apply((r) => attemptErrored(r, 'scribe UNAVAILABLE: connection refused', NOW))
      .apply((r) => settled(r, { committedMicros: 0, priced: true, note: 'nothing spent' }, NOW));
    assert.deepEqual(run.types().slice(-3), [E.COST_COMMITTED, E.ERROR, E.COMPLETED]);
    assert.equal(run.record.task.status, router.TaskStatus.ERROR);
    assert.equal(run.record.task.error, 'scribe UNAVAILABLE: connection refused');
  });

  test("attempt limits: the request lowers the policy's (never raises it), then the default", () => {
    const rec = newRecord();
    assert.equal(maxAttemptsFor(rec, decision({ maxAttempts: 0 }), policy), 3);
    assert.equal(maxAttemptsFor(rec, decision({ maxAttempts: 5 }), policy), 5);
    assert.equal(
      maxAttemptsFor(
        newRecord({ options: router.FeatureOptions.fromPartial({ maxAttempts: 1 }) }),
        decision({ maxAttempts: 5 }),
        policy,
      ),
      1,
    );
    assert.equal(
      maxAttemptsFor(
        newRecord({ options: router.FeatureOptions.fromPartial({ maxAttempts: 8 }) }),
        decision({ maxAttempts: 0 }),
        policy,
      ),
      3,
    );
  });

  test('long failure messages are cut to 4 KiB on events and records', () => {
    const run = new Run(newRecord())
      .apply((r) => routed(r, decision(), policy, NOW))
      .apply((r) => reservedLocal(r, NOW))
      .apply((r) => attemptErrored(r, 'é'.repeat(10_000), NOW))
      .apply((r) => settled(r, { committedMicros: 0, priced: true }, NOW));
    for (const e of run.events) assert.ok(Buffer.byteLength(e.message) <= 4096);
    assert.ok(Buffer.byteLength(run.record.task.error) <= 4096);
  });
});

describe('task record codec', () => {
  test('rejects another schema version and malformed checkpoints, naming the problem', () => {
    const text = encodeRecord(newRecord());
    const parsed = JSON.parse(text) as { v: number; checkpoint: Record<string, unknown> };
    assert.throws(() => decodeRecord(JSON.stringify({ ...parsed, v: 2 })), /schema version 2 is not 1/);
    assert.throws(
      () => decodeRecord(JSON.stringify({ ...parsed, checkpoint: { ...parsed.checkpoint, phase: 'fly' } })),
      /phase is not a phase/,
    );
    assert.throws(() => decodeRecord('{'), /not JSON/);
  });
});
