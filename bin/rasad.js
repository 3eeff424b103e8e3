#!/usr/bin/env node
// rasad command-line entry: runs the compiled CLI (npm ci builds it into dist/).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const entry = new URL("../dist/cli/index.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error("rasad: not built yet — run `npm run build` (npm ci and npm install build it too).");
  process.exit(2);
}
await import(entry.href);
