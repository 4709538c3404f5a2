import { defineConfig } from "vitest/config";

// Unit tests of the library (test/<folder of lib/src>/…) and of the scripts' pure parts (test/scripts). The notebook
// harness (test/stages: notebook, browser, export, figures and release stages, and their fixtures) is not vitest's:
// scripts/test.mjs runs it as its own stages.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "lib/dist/**", "test/stages/**"],
    passWithNoTests: true,
    // A safety net, not a speed goal: CI machines are shared, and loading the 10,000 MNIST digits
    // took over vitest's default 5 s under load ~10. Speed goals live in `npm run bench`.
    testTimeout: 30_000,
  },
});
