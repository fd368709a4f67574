import { requireResourceGroup } from "../arm-resource.js";
import type { Route } from "../context.js";
import { resourceNotFound } from "../errors.js";
import { listRoutes } from "./list-routes.js";

/** NICs are read-only here: the sandbox creates them itself for private endpoints (and the demo's VMs). */
export const NIC_TYPE = "Microsoft.Network/networkInterfaces";
const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";

export const networkInterfaceRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${RG}/providers/Microsoft.Network/networkInterfaces/{networkInterfaceName}`,
    family: "network",
    kind: "read",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const id = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${NIC_TYPE}/${p.networkInterfaceName}`;
      const nic = ctx.store.get(id);
      if (!nic) throw resourceNotFound(NIC_TYPE, p.networkInterfaceName ?? "", p.resourceGroupName ?? "");
      return { status: 200, body: nic };
    },
  },
  ...listRoutes(NIC_TYPE, "network"),
];
