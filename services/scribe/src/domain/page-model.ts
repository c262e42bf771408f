// The accessibility snapshot as a tree the matcher can walk: parents from depths, descendants of a
// container, and a stable key per node to tell which nodes a step made appear or disappear.
import type { runner } from '@superagent/proto';

export interface PageNode {
  index: number;
  parent: number;
  node: runner.SnapshotNode;
  /** What a person would call it: name, label, text, placeholder. */
  words: string;
  key: string;
}

export interface PageModel {
  url: string;
  /** The document's title (the browser tab's). */
  title: string;
  nodes: PageNode[];
}

export function nodeWords(n: runner.SnapshotNode): string {
  return (n.name || n.label || n.text || n.placeholder || n.value || n.testId).trim();
}

export function buildPageModel(snapshot: runner.Snapshot | undefined): PageModel {
  if (!snapshot) return { url: '', title: '', nodes: [] };
  const nodes: PageNode[] = [];
  const stack: number[] = [];
  snapshot.nodes.forEach((node, index) => {
    while (stack.length > 0 && (snapshot.nodes[stack[stack.length - 1] ?? 0]?.depth ?? 0) >= node.depth)
      stack.pop();
    const parent = stack.length > 0 ? (stack[stack.length - 1] ?? -1) : -1;
    const words = nodeWords(node);
    nodes.push({ index, parent, node, words, key: `${node.role}|${words}` });
    stack.push(index);
  });
  return { url: snapshot.url, title: snapshot.title, nodes };
}

export function isDescendant(model: PageModel, index: number, ancestor: number): boolean {
  for (let p = model.nodes[index]?.parent ?? -1; p >= 0; p = model.nodes[p]?.parent ?? -1)
    if (p === ancestor) return true;
  return false;
}

export function children(model: PageModel, index: number): PageNode[] {
  return model.nodes.filter((n) => n.parent === index);
}

/** Whether some node of the page names or shows `text` (case-insensitive). */
/** A dialog of the page (a native one, or an element with a dialog role). */
export function isDialog(n: PageNode): boolean {
  return n.node.role === 'dialog' || n.node.role === 'alertdialog';
}

export function pageShows(model: PageModel, text: string): boolean {
  const wanted = text.toLowerCase();
  return model.nodes.some((n) => `${n.node.name}\n${n.node.text}`.toLowerCase().includes(wanted));
}

/** Nodes present in `after` whose key was not in `before`. */
export function appeared(before: PageModel, after: PageModel): PageNode[] {
  const seen = new Map<string, number>();
  for (const n of before.nodes) seen.set(n.key, (seen.get(n.key) ?? 0) + 1);
  const out: PageNode[] = [];
  for (const n of after.nodes) {
    const left = seen.get(n.key) ?? 0;
    if (left > 0) seen.set(n.key, left - 1);
    else out.push(n);
  }
  return out;
}

export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return '';
  }
}
