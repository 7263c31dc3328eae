import type { Reporter, TestModule } from 'vitest/node';

// CI reads a plain `N passed, N failed` closing line; vitest's own summary is not one of the
// formats it parses (stack-notes.md #10). Skipped tests are reported, never counted as passed.
export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // a file that failed to load, or whose hooks failed (its tests then show as skipped), is a failure
      const failedTests = [...mod.children.allTests()].filter((t) => t.result().state === 'failed').length;
      if (mod.state() === 'failed' && failedTests === 0) failed++;
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
