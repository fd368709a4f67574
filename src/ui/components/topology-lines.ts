import type { Plan } from "../../core/plan/plan-schema.js";
import { planTopology } from "../../engine/topology/plan-topology.js";
import { topologyText } from "../../engine/topology/topology-text.js";
import type { ViewLine } from "./wrapped-lines.js";

/** The plan's topology (as `vaultlink show` draws it) as scrollable lines for the review, under a title. */
export function topologyViewLines(plan: Plan, width: number): ViewLine[] {
  return [
    { key: "topology gap", text: "" },
    { key: "topology title", text: "Topology", bold: true },
    ...topologyText(planTopology(plan), width).map((text, i) => ({ key: `topology ${i}`, text })),
  ];
}
