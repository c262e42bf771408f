import type { SpecLocation } from './run-result';

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first stack frame that points into the spec file (stacks are already source-mapped to the TS). */
export function locateInSpec(stack: string | undefined, specPath: string): SpecLocation | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m && m[1] === specPath) return { line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** The stack reduced to frames inside the spec, with the scratch path replaced by the spec's name. */
export function specFrames(stack: string | undefined, specPath: string, specName: string): string {
  if (!stack) return '';
  const pathPattern = new RegExp(escapeRegExp(specPath), 'g');
  return stack
    .split('\n')
    .filter((line) => FRAME.test(line) && line.includes(specPath))
    .map((line) => line.replace(pathPattern, specName).trim())
    .join('\n');
}
