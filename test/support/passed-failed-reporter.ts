import type { Reporter, TestModule } from "vitest/node";
import { checkRecordedTraffic, describeTrafficCheck } from "./spec-traffic.js";

/**
 * Prints the closing line CI reads (`N passed, N failed`), which vitest's own reporters do not print.
 * A run that ends in errors outside any test (a file that fails to import) counts those as failed too, and so does
 * each test file whose sandbox traffic breaks the ARM specs (spec-traffic.ts), which also fails the run.
 */
export default class PassedFailedReporter implements Reporter {
  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): Promise<void> {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      if (testModule.state() === "failed" && [...testModule.children.allTests()].length === 0) failed++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    failed += unhandledErrors.length;
    const traffic = await checkRecordedTraffic();
    if (traffic !== undefined) {
      process.stdout.write(`\n${describeTrafficCheck(traffic)}\n`);
      failed += traffic.violations.size;
      if (traffic.violations.size > 0) process.exitCode = 1;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
