import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { layout, type Layout } from '../src';

/** A scratch copy of the chart and of k8s/rendered, for tests that break things on purpose. */
export interface Scratch extends Layout {
  edit(relativeToChart: string, change: (text: string) => string): void;
  dispose(): void;
}

export function scratchCopy(): Scratch {
  const real = layout();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superagent-deploy-checks-'));
  const chartDir = path.join(dir, 'superagent');
  const renderedDir = path.join(dir, 'rendered');
  cpSync(real.chartDir, chartDir, { recursive: true });
  cpSync(real.renderedDir, renderedDir, { recursive: true });
  return {
    root: real.root,
    chartDir,
    renderedDir,
    edit(relative, change) {
      const file = path.join(chartDir, relative);
      const before = readFileSync(file, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`edit of ${relative} changed nothing`);
      writeFileSync(file, after);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
