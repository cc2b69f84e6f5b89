// Prints one closing line in the plain "N passed, N failed, N skipped" form so
// CI (and people) can read the outcome without parsing Vitest's banner, and
// names what was skipped: a skip must say why, and the reason lives in the
// suite's title, which Vitest's default reporter does not show.
import type { Reporter, TestCase, TestModule } from 'vitest/node';

function suiteTitle(test: TestCase): string {
  const names: string[] = [];
  let parent = test.parent;
  while (parent.type === 'suite') {
    names.unshift(parent.name);
    parent = parent.parent;
  }
  return [test.module.moduleId.replace(`${process.cwd()}/`, ''), ...names].join(' > ');
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedSuites = new Map<string, number>();
    for (const mod of testModules) {
      let moduleFailed = false;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') {
          failed++;
          moduleFailed = true;
        } else {
          skipped++;
          const title = suiteTitle(test);
          skippedSuites.set(title, (skippedSuites.get(title) ?? 0) + 1);
        }
      }
      // A file that failed to load has no failed test but is still a failure.
      if (mod.state() === 'failed' && !moduleFailed) failed++;
    }
    failed += unhandledErrors.length;
    for (const [title, count] of skippedSuites) process.stdout.write(`skipped ${count}: ${title}\n`);
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
