import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy, PolicyError } from '../../src/domain/policy';
import { DEFAULT_POLICY, DEFAULT_POLICY_TEXT, policyTextWith } from '../support/routing';

function problemsOf(text: string): readonly string[] {
  try {
    parsePolicy(text);
  } catch (err) {
    assert.ok(err instanceof PolicyError, String(err));
    return err.problems;
  }
  assert.fail('the policy was accepted');
}

describe('routing policy: the shipped default', () => {
  it('parses with the original values', () => {
    const p = DEFAULT_POLICY;
    assert.equal(p.version, '2025-11-26.1');
    assert.equal(p.complexity.hardAt, 5);
    assert.deepEqual(
      p.complexity.categories.map((c) => [c.name, c.points]),
      [
        ['steps', 2],
        ['auth', 3],
        ['file_ops', 2],
        ['realtime', 3],
        ['payment', 4],
        ['mocking', 2],
      ],
    );
    assert.equal(p.costCaps.defaultMicros, 500_000);
    assert.deepEqual(p.costCaps.overrides, [
      { glob: '*auth*', capMicros: 2_000_000 },
      { glob: '*payment*', capMicros: 3_000_000 },
      { glob: '*admin*', capMicros: 1_500_000 },
    ]);
    assert.deepEqual(p.budgets, {
      sessionMicros: 5_000_000,
      dailyMicros: 50_000_000,
      warnPercent: 80,
      stopPercent: 100,
      atLimit: 'downgrade',
    });
    assert.equal(p.escalation.maxAttempts, 3);
    assert.equal(p.tiers.local?.provider, 'local');
    assert.match(p.contentHash, /^[0-9a-f]{12}$/);
  });

  it('routes the two write_test difficulties to different tiers (an original defect)', () => {
    const write = DEFAULT_POLICY.rules.filter((r) => r.tasks.has('write_test'));
    assert.deepEqual(
      write.map((r) => [r.difficulty, r.tier]),
      [
        ['easy', 'local'],
        ['hard', 'sonnet'],
      ],
    );
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(DEFAULT_POLICY.budgets));
    assert.ok(Object.isFrozen(DEFAULT_POLICY.rules[0]));
  });
});

describe('routing policy: validation lists every problem with its path', () => {
  it('reports several problems at once', () => {
    const problems = problemsOf(
      policyTextWith([
        [['rules', 1, 'tier'], 'gpt'],
        [['rules', 2, 'task'], 'run_test'],
        [['budgets', 'warn_percent'], 100],
        [['cost_caps', 'default'], '-1'],
        [['complexity', 'categories', 0, 'points'], 'two'],
        [['tiers', 'local', 'provider'], 'anthropic'],
        [['escalation', 'on_failure', 'timeout'], 'panic'],
      ]),
    );
    const expect = [
      /^rules\[1\]\.tier: must be one of local, haiku, sonnet, opus, got "gpt"$/,
      /^rules\[2\]\.task: must be "any" or one of write_test, execute_test, fix_test, pre_validate, validate, got "run_test"$/,
      /^budgets\.warn_percent: must be below stop_percent \(100\), got 100$/,
      /^cost_caps\.default: must be a dollar amount/,
      /^complexity\.categories\[0\]\.points: must be an integer from 0 to 1000, got "two"$/,
      /^tiers\.local\.provider: the local tier is the free offline generator/,
      /^escalation\.on_failure\.timeout: must be one of escalate, retry, ask_human, got "panic"$/,
      /^rules: no rule matches task execute_test at difficulty easy$/,
      /^rules: no rule matches task execute_test at difficulty hard$/,
    ];
    for (const pattern of expect)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${pattern} in\n${problems.join('\n')}`,
      );
    assert.equal(problems.length, expect.length, problems.join('\n'));
  });

  it("refuses a cost cap above the cost service's limit for feature_cap_micros ($10,000)", () => {
    // Before, it was accepted, and the cost service refused every GetBudget and Reserve under it
    // (INVALID_ARGUMENT feature_cap_micros): paid tiers off for those features, their attempts failed.
    assert.deepEqual(
      problemsOf(
        policyTextWith([
          [['cost_caps', 'default'], '10000.000001'],
          [['cost_caps', 'overrides', 0, 'cap'], '25000'],
        ]),
      ),
      [
        'cost_caps.default: must be at most $10,000 (the cost service\'s limit), got "10000.000001"',
        'cost_caps.overrides[0].cap: must be at most $10,000 (the cost service\'s limit), got "25000"',
      ],
    );
    assert.equal(
      parsePolicy(policyTextWith([[['cost_caps', 'default'], '10000']])).costCaps.defaultMicros,
      10_000_000_000,
    );
  });

  it('rejects unknown keys (a typo never falls back to a default)', () => {
    assert.deepEqual(problemsOf(policyTextWith([[['budgets', 'at_limt'], 'refuse']])), [
      'budgets.at_limt: unknown key (expected one of session, daily, warn_percent, stop_percent, at_limit)',
    ]);
  });

  it('requires every section', () => {
    const problems = problemsOf('version: x\n');
    for (const section of ['complexity', 'tiers', 'rules', 'cost_caps', 'budgets'])
      assert.ok(
        problems.some((p) => p.startsWith(`${section}: is required`)),
        `${section} in\n${problems.join('\n')}`,
      );
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('version: x\nrules:\n  - id: a\n   bad: [\n');
    assert.ok(problems.length >= 1);
    assert.match(problems[0] ?? '', /^yaml line [34]: /);
    assert.match(problemsOf('a: 1\na: 2\n')[0] ?? '', /unique|duplicate/i);
  });

  it('rejects a term listed in two categories and bad terms', () => {
    const problems = problemsOf(
      policyTextWith([
        [
          ['complexity', 'categories', 5, 'words'],
          ['mock', 'Log-In', 'c#'],
        ],
      ]),
    );
    assert.deepEqual(problems, [
      'complexity.categories[5].words[2]: must be letters a-z and digits, words separated by spaces or hyphens, got "c#"',
      'complexity.categories[5].words: term "log in" is also in category "auth" (a word counts for one category)',
    ]);
  });

  it('rejects a rule on a tier the policy does not define', () => {
    const text = DEFAULT_POLICY_TEXT.replace(/^ {2}opus: .*\n/m, '');
    assert.notEqual(text, DEFAULT_POLICY_TEXT);
    const withRule = policyTextWith([[['rules', 1, 'tier'], 'opus']]).replace(/^ {2}opus: .*\n/m, '');
    assert.deepEqual(problemsOf(withRule), ['rules[1].tier: tier "opus" is not defined under tiers']);
    assert.equal(parsePolicy(text).tiers.opus, undefined);
  });

  it('accepts money as strings or numbers, exactly', () => {
    const p = parsePolicy(
      policyTextWith([
        [['cost_caps', 'default'], 0.35],
        [['budgets', 'session'], '1.000001'],
      ]),
    );
    assert.equal(p.costCaps.defaultMicros, 350_000);
    assert.equal(p.budgets.sessionMicros, 1_000_001);
    assert.match(
      problemsOf(policyTextWith([[['budgets', 'daily'], '0.0000001']]))[0] ?? '',
      /^budgets\.daily: /,
    );
  });

  it('names the source in the error message', () => {
    assert.throws(
      () => parsePolicy('version: x\n', '/etc/router/policy.yaml'),
      /invalid routing policy \/etc\/router\/policy\.yaml:\n {2}- /,
    );
  });
});
