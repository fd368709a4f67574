// @vitest-environment happy-dom
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../../src/core/plan/plan-codec.js";
import { planTopology } from "../../../src/engine/topology/plan-topology.js";
import { topologyMermaid } from "../../../src/engine/topology/topology-mermaid.js";
import { topologyText } from "../../../src/engine/topology/topology-text.js";

/*
 * Golden files: the topology of each example plan, as text and as Mermaid, reviewed like code. UPDATE_GOLDEN=1
 * rewrites them. The Mermaid output is also given to Mermaid's own parser (the `mermaid` package, in a DOM that
 * happy-dom provides, as Mermaid sanitises labels with DOMPurify), which rejects what GitHub would not render.
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const EXAMPLES = ["private-zones", "custom-dns"] as const;

async function topologyOf(example: string) {
  const path = `examples/${example}.plan.json`;
  return planTopology(parsePlanText(await readFile(path, "utf8"), path));
}

async function golden(name: string, text: string): Promise<void> {
  const path = join(GOLDEN, name);
  if (UPDATE) await writeFile(path, text, "utf8");
  expect(text).toBe(await readFile(path, "utf8"));
}

describe.each(EXAMPLES)("the topology of examples/%s.plan.json", (example) => {
  it("as text matches its golden file, within 80 columns and without colour", async () => {
    const lines = topologyText(await topologyOf(example), 80);
    expect(lines.filter((line) => [...line].length > 80)).toEqual([]);
    expect(lines.join("\n")).not.toContain("\u001B[");
    await golden(`${example}.txt`, `${lines.join("\n")}\n`);
  });

  it("as Mermaid matches its golden file and is accepted by Mermaid's parser", async () => {
    const diagram = topologyMermaid(await topologyOf(example));
    await golden(`${example}.mmd`, diagram);
    const { default: mermaid } = await import("mermaid");
    await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
  });
});

describe("the Mermaid parser in this test", () => {
  it("rejects a broken diagram (so the check above can fail)", async () => {
    const { default: mermaid } = await import("mermaid");
    await expect(mermaid.parse('flowchart LR\n  a["unclosed --> b\n')).rejects.toThrow();
  });
});

describe("the topology's facts", () => {
  it("names every endpoint, every zone and every VNet linked to the zones", async () => {
    const topology = await topologyOf("private-zones");
    const text = topologyText(topology).join("\n");
    for (const name of ["pe-rsv-prod-weu-hub-backup", "pe-rsv-prod-weu-hub-backup-secondary"])
      expect(text).toContain(name);
    expect(topology.zones).toContain("privatelink.ne.backup.windowsazure.com");
    expect(topology.networks.filter((n) => n.linked).map((n) => n.name)).toEqual([
      "vnet-hub-weu",
      "vnet-spoke-app-weu",
      "vnet-hub-neu",
      "vnet-spoke-app-neu",
    ]);
  });
});
