import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    reporters: ["default", "./test/support/passed-failed-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
