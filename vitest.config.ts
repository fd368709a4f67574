import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    reporters: ["default", "./test/support/passed-failed-reporter.ts"],
    // Every exchange of every sandbox in the run is checked against the vendored ARM specs at the end.
    globalSetup: ["./test/support/spec-traffic.ts"],
    setupFiles: ["./test/support/spec-traffic-per-file.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
