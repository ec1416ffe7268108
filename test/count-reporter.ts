// Prints the plain closing line "N passed, N failed, N skipped" after vitest's own summary, so
// CI can tell how many tests ran from the output alone.
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed outside any test (an import error, an empty suite) counts as one failure.
      const failedTests = [...m.children.allTests()].filter((t) => t.result().state === 'failed').length;
      if (m.state() === 'failed' && failedTests === 0) failed++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
