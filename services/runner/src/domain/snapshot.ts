// Pure post-processing of a page snapshot: the locator offered for each node, and what a step changed.

import type { LocatorSpec } from './locator';

export interface CandidateInfo {
  kind: LocatorSpec['kind'];
  role?: string;
  name?: string;
  value?: string;
  exact?: boolean;
  /** Matches on the page as counted in the page (in the frame's document for a frame's node). */
  count: number;
  /** CSS selector of the iframe the node is in; unset in the page itself. */
  frame?: string;
}

export function toLocatorSpec(c: CandidateInfo, within?: LocatorSpec): LocatorSpec {
  return {
    kind: c.kind,
    ...(c.role !== undefined ? { role: c.role } : {}),
    ...(c.name ? { name: c.name } : {}),
    ...(c.value !== undefined ? { value: c.value } : {}),
    ...(c.exact ? { exact: true } : {}),
    // A scoped locator's frame is already on its outermost `within`.
    ...(within ? { within } : c.frame ? { frame: c.frame } : {}),
  };
}

/** Candidates that matched exactly one element in the page, in preference order. */
export function uniqueCandidates(candidates: readonly CandidateInfo[]): CandidateInfo[] {
  return candidates.filter((c) => c.count === 1);
}

export interface TextDiff {
  added: string[];
  removed: string[];
}

/** Lines present after but not before (and the reverse), counting duplicates, capped at `max` each. */
export function diffLines(before: readonly string[], after: readonly string[], max = 50): TextDiff {
  const count = (lines: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const b = count(before);
  const a = count(after);
  const added: string[] = [];
  const removed: string[] = [];
  for (const line of after) {
    const left = b.get(line) ?? 0;
    if (left > 0) b.set(line, left - 1);
    else if (added.length < max) added.push(line);
  }
  for (const line of before) {
    const left = a.get(line) ?? 0;
    if (left > 0) a.set(line, left - 1);
    else if (removed.length < max) removed.push(line);
  }
  return { added, removed };
}
