// Explore messages: proto locators/actions in, snapshots and changes out.

import { invalidArgument } from '@superagent/grpc';
import { common, runner } from '@superagent/proto';
import { type LocatorKind, type LocatorSpec, locatorCode, locatorProblem } from '../domain/locator';
import type { FailedRequest } from '../domain/run-result';
import type {
  ExploreAction,
  ExploreActionKind,
  PageSnapshot,
  StepChanges,
  StepReport,
} from '../explore/explore-session';
import { toProtoCategory } from './run-spec.mapper';

const KIND_IN: Partial<Record<runner.LocatorKind, LocatorKind>> = {
  [runner.LocatorKind.ROLE]: 'role',
  [runner.LocatorKind.LABEL]: 'label',
  [runner.LocatorKind.TEST_ID]: 'testId',
  [runner.LocatorKind.TEXT]: 'text',
  [runner.LocatorKind.PLACEHOLDER]: 'placeholder',
  [runner.LocatorKind.CSS]: 'css',
  [runner.LocatorKind.ALT_TEXT]: 'altText',
  [runner.LocatorKind.TITLE]: 'title',
};

const KIND_OUT: Record<LocatorKind, runner.LocatorKind> = {
  role: runner.LocatorKind.ROLE,
  label: runner.LocatorKind.LABEL,
  testId: runner.LocatorKind.TEST_ID,
  text: runner.LocatorKind.TEXT,
  placeholder: runner.LocatorKind.PLACEHOLDER,
  css: runner.LocatorKind.CSS,
  altText: runner.LocatorKind.ALT_TEXT,
  title: runner.LocatorKind.TITLE,
};

const ACTIONS: Partial<Record<runner.Action, ExploreActionKind>> = {
  [runner.Action.GOTO]: 'goto',
  [runner.Action.CLICK]: 'click',
  [runner.Action.FILL]: 'fill',
  [runner.Action.SELECT]: 'select',
  [runner.Action.CHECK]: 'check',
  [runner.Action.UNCHECK]: 'uncheck',
  [runner.Action.PRESS]: 'press',
  [runner.Action.UPLOAD]: 'upload',
  [runner.Action.WAIT_FOR_LOAD]: 'waitForLoad',
  [runner.Action.HOVER]: 'hover',
};

const NEEDS_LOCATOR = new Set<ExploreActionKind>([
  'click',
  'fill',
  'select',
  'check',
  'uncheck',
  'upload',
  'hover',
]);
const MAX_VALUE = 4096;

export function fromProtoLocator(l: runner.Locator, field: string): LocatorSpec {
  const kind = KIND_IN[l.kind];
  if (!kind) throw invalidArgument(`${field}.kind`, 'is required');
  const spec: LocatorSpec = {
    kind,
    ...(kind === 'role' ? { role: l.role, ...(l.name ? { name: l.name } : {}) } : { value: l.value }),
    ...(l.exact ? { exact: true } : {}),
    ...(l.within ? { within: fromProtoLocator(l.within, `${field}.within`) } : {}),
    ...(l.frame ? { frame: l.frame } : {}),
  };
  const problem = locatorProblem(spec, field);
  if (problem) {
    const [f, ...why] = problem.split(': ');
    throw invalidArgument(f ?? field, why.join(': '));
  }
  return spec;
}

export function toProtoLocator(l: LocatorSpec): runner.Locator {
  return {
    kind: KIND_OUT[l.kind],
    role: l.role ?? '',
    name: l.name ?? '',
    value: l.value ?? '',
    exact: l.exact === true,
    within: l.within ? toProtoLocator(l.within) : undefined,
    code: locatorCode(l),
    frame: l.frame ?? '',
  };
}

export function fromProtoAct(act: runner.ExploreAct): ExploreAction {
  const action = ACTIONS[act.action];
  if (!action) throw invalidArgument('act.action', 'is required');
  if (NEEDS_LOCATOR.has(action) && !act.locator)
    throw invalidArgument('act.locator', `is required for ${runner.actionToJSON(act.action)}`);
  if (act.value.length > MAX_VALUE)
    throw invalidArgument('act.value', `is limited to ${MAX_VALUE} characters`);
  if (act.values.length > 20) throw invalidArgument('act.values', 'is limited to 20 entries');
  if ((action === 'goto' || action === 'press') && act.value === '')
    throw invalidArgument('act.value', `is required for ${runner.actionToJSON(act.action)}`);
  if (action === 'upload' && act.values.length === 0)
    throw invalidArgument('act.values', 'names the fixture files to upload');
  if (action === 'upload' && act.values.some((v) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v)))
    throw invalidArgument('act.values', 'fixture names are plain file names');
  if (action === 'select' && act.values.length === 0 && act.value === '')
    throw invalidArgument('act.value', 'an option (value or values) is required for SELECT');
  if (act.timeoutMs < 0 || act.timeoutMs > 120_000)
    throw invalidArgument('act.timeout_ms', 'must be 0 .. 120000');
  return {
    action,
    ...(act.locator ? { locator: fromProtoLocator(act.locator, 'act.locator') } : {}),
    value: act.value,
    values: act.values,
    timeoutMs: act.timeoutMs,
  };
}

function toSnapshot(s: PageSnapshot): runner.Snapshot {
  return {
    url: s.url,
    title: s.title,
    truncated: s.truncated,
    totalNodes: s.totalNodes,
    nodes: s.nodes.map((n) => ({
      role: n.role,
      name: n.name,
      label: n.label,
      testId: n.testId,
      value: n.value,
      text: n.text,
      checked: n.checked,
      disabled: n.disabled,
      level: n.level,
      locator: n.locator ? toProtoLocator(n.locator) : undefined,
      placeholder: n.placeholder,
      inputType: n.inputType,
      options: n.options,
      depth: n.depth,
      href: n.href,
      expanded: n.expanded,
      required: n.required,
      blocked: n.blocked,
      focused: n.focused,
    })),
  };
}

function requests(list: FailedRequest[]): Pick<runner.Changes, 'failedRequests' | 'blockedRequests'> {
  return {
    failedRequests: list
      .filter((f) => f.kind !== 'blocked')
      .slice(0, 100)
      .map((f) => ({
        url: f.url,
        method: f.method,
        status: f.status,
        failure: f.kind === 'failed' ? f.reason : '',
      })),
    blockedRequests: list
      .filter((f) => f.kind === 'blocked')
      .slice(0, 100)
      .map((f) => ({ url: f.url, method: f.method, reason: 'origin not allowed' })),
  };
}

function toChanges(c: StepChanges): runner.Changes {
  return {
    urlBefore: c.urlBefore,
    urlAfter: c.urlAfter,
    newText: c.newText,
    removedText: c.removedText,
    dialogs: c.dialogs,
    newFrames: c.newFrames,
    ...requests(c.failedRequests),
    consoleErrors: c.consoleErrors
      .slice(0, 100)
      .map((e) => ({ text: e.text, location: e.url, uncaught: e.kind === 'pageerror' })),
  };
}

export function toExploreResponse(stepIndex: number, r: StepReport): runner.ExploreResponse {
  return {
    stepIndex,
    ok: r.ok,
    error: r.error?.message ?? '',
    errorCategory: r.error ? toProtoCategory(r.error.category) : common.ErrorCategory.UNSPECIFIED,
    snapshot: r.snapshot ? toSnapshot(r.snapshot) : undefined,
    changes: r.changes ? toChanges(r.changes) : undefined,
    durationMs: r.durationMs,
    closed: false,
    fixtureFiles: [],
  };
}
