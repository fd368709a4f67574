// Bundles the CLI with esbuild so it starts fast (an unbundled Ink + SDK entry takes ~3x longer to
// draw its first frame; see README "Start-up"). Ink needs --splitting because its devtools module is a
// dynamic import, and the CommonJS parts of the Azure SDK need `require` inside an ESM bundle.

import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

// Chunk names carry content hashes: without a clean start, every build would leave the previous chunks behind
// (and npm pack would ship them).
rmSync(new URL("../dist/", import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { vaultlink: "src/cli/main.tsx" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  sourcemap: "linked",
  // Smaller code parses faster at every start; keepNames keeps class and function names, which error handling
  // and the SDK's error checks read (RestError, AbortError).
  minify: true,
  keepNames: true,
  legalComments: "none",
  logLevel: "warning",
  external: ["react-devtools-core"],
  define: { VAULTLINK_VERSION: JSON.stringify(version), "process.env.NODE_ENV": '"production"' },
  banner: {
    js: "import { createRequire as __vaultlinkCreateRequire } from 'node:module'; const require = __vaultlinkCreateRequire(import.meta.url);",
  },
});
