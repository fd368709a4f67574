import { objectAt, requireResourceGroup } from "../arm-resource.js";
import type { RequestContext, Route } from "../context.js";
import { resourceNotFound } from "../errors.js";
import { sameResourceId } from "../resource-ids.js";
import type { ArmResource } from "../state.js";
import { listRoutes } from "./list-routes.js";
import { subnetsOf, VNET_TYPE } from "./virtual-network-model.js";

/**
 * Route tables, read only (RouteTables_Get, RouteTables_List, RouteTables_ListAll of network 2026-01-01,
 * routeTable.json): a table in the state file is served with its routes as stored and its `subnets` worked out
 * from the subnets that name it, as ARM reports the association on the table.
 */
export const ROUTE_TABLE_TYPE = "Microsoft.Network/routeTables";
const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";

function present(ctx: RequestContext, table: ArmResource): ArmResource {
  const subnets = ctx.store
    .listAllOfType(VNET_TYPE)
    .flatMap((vnet) => subnetsOf(vnet))
    .filter((subnet) => {
      const routeTable = objectAt(objectAt(subnet.properties).routeTable).id;
      return typeof routeTable === "string" && sameResourceId(routeTable, table.id);
    })
    .map((subnet) => ({ id: String(subnet.id) }));
  const properties = table.properties ?? {};
  return {
    ...table,
    properties: {
      provisioningState: "Succeeded",
      disableBgpRoutePropagation: false,
      routes: [],
      ...properties,
      ...(subnets.length === 0 ? {} : { subnets }),
    },
  };
}

export const routeTableRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${RG}/providers/Microsoft.Network/routeTables/{routeTableName}`,
    family: "network",
    kind: "read",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const id = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${ROUTE_TABLE_TYPE}/${p.routeTableName}`;
      const table = ctx.store.get(id);
      if (!table) throw resourceNotFound(ROUTE_TABLE_TYPE, p.routeTableName ?? "", p.resourceGroupName ?? "");
      return { status: 200, body: present(ctx, table) };
    },
  },
  ...listRoutes(ROUTE_TABLE_TYPE, "network", present),
];
