#!/usr/bin/env node
// @ts-check
// Empties lib/dist before `npm run build` (lib/package.json), so that nothing compiled from a source
// file that was moved or deleted is left behind: a stale dist/training/optimizers.js, for example,
// would be loaded instead of dist/training/optimizers/index.js. Keeps dist/.build-stamp, which
// scripts/setup.mjs writes after a build it ran itself.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
if (existsSync(DIST)) {
  for (const name of readdirSync(DIST)) if (name !== ".build-stamp") rmSync(join(DIST, name), { recursive: true, force: true });
}
