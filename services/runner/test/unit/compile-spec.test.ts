import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSpec, SpecCompiler } from '../../src/runs/compile-spec';

describe('compileSpec', () => {
  it('turns TypeScript with ES imports into CommonJS with an inline source map', () => {
    const r = compileSpec(
      "import { test } from '@playwright/test';\nconst n: number = 1;\ntest('t', async () => { void n; });\n",
      'a.spec.ts',
    );
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.match(r.code, /require\("@playwright\/test"\)/);
      assert.match(r.code, /sourceMappingURL=data:application\/json;base64,/);
      assert.doesNotMatch(r.code, /: number/);
    }
  });
  it('reports a syntax error with its position', () => {
    const r = compileSpec(
      "import { test } from '@playwright/test';\ntest('x', async ({ page }) => {\n  await page.goto('/';\n});\n",
      'b.spec.ts',
    );
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, /^SyntaxError: '\)' expected\. \(3:22\)$/);
      assert.deepEqual(r.location, { line: 3, column: 22 });
    }
  });
  it('answers a spec nested too deeply for the compiler as one that does not compile', () => {
    // 5,000 nested parentheses (10 KB) overflow the TypeScript parser's stack.
    const r = compileSpec(`const x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`, 'deep.spec.ts');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /^SyntaxError: .*nested too deeply/);
  });
  it('caches by file name and source', () => {
    const c = new SpecCompiler(1);
    const a = c.compile('const a = 1;', 'a.ts');
    assert.equal(c.compile('const a = 1;', 'a.ts'), a);
    c.compile('const b = 2;', 'a.ts');
    assert.notEqual(c.compile('const a = 1;', 'a.ts'), a, 'evicted at capacity 1');
  });
});
