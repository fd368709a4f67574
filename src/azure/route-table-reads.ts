import type { RouteTable as ArmRouteTable } from "@azure/arm-network";
import { ResourceType } from "../core/arm-id.js";
import type { RouteTable } from "../core/inventory.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { requiredField } from "./required-field.js";
import { locate } from "./resource-location.js";

export function toRouteTable(table: ArmRouteTable): RouteTable {
  const id = requiredField(table.id, "id", "a route table");
  return {
    id,
    name: requiredField(table.name, "name", `route table ${id}`),
    location: requiredField(table.location, "location", `route table ${id}`),
    routes: (table.routes ?? []).map((route) => ({
      name: route.name ?? "",
      addressPrefix: route.addressPrefix ?? "",
      nextHopType: requiredField(route.nextHopType, "nextHopType", `a route of ${id}`),
      nextHopIpAddress: route.nextHopIpAddress,
    })),
    subnetIds: (table.subnets ?? []).flatMap((s) => (s.id === undefined ? [] : [s.id])),
  };
}

/** A route table with its routes (RouteTables_Get): where a subnet's traffic goes before the system routes. */
export function getRouteTable(clients: AzureClients, id: string): Promise<RouteTable> {
  const at = locate(id, ResourceType.routeTable);
  return armCall({ verb: "read", kind: "route table", id }, async () =>
    toRouteTable(
      await (await clients.network(at.subscriptionId)).routeTables.get(at.resourceGroup, at.names[0]),
    ),
  );
}
