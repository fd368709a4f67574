import { requireFreeAddresses } from "../address-allocation.js";
import {
  arrayAt,
  checkPreconditions,
  objectAt,
  readTrackedPut,
  requireResourceGroup,
} from "../arm-resource.js";
import { IPS_PER_ENDPOINT, requireBackupNaming } from "../backup-names.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { invalidResourceReference, resourceNotFound } from "../errors.js";
import { completeBackupEndpoint, endpointNicId, removeEndpoint } from "../private-endpoint-provisioning.js";
import { backupRequestOf, checkNewBackupEndpoint } from "../private-endpoint-rules.js";
import { checkEndpointUpdate } from "../private-endpoint-updates.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";
import { listRoutes } from "./list-routes.js";
import { networkDeleteReply, networkPutReply } from "./network-lro.js";
import { findSubnet } from "./virtual-network-model.js";

export const PE_TYPE = "Microsoft.Network/privateEndpoints";
const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}`;

export const peIdOf = (p: RouteParams) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${PE_TYPE}/${p.privateEndpointName}`;

/** A connection as the PE shows it, before the provider has answered. */
function connectionOf(
  store: ResourceStore,
  peId: string,
  key: string,
  c: Record<string, unknown>,
): Record<string, unknown> {
  const props = { ...objectAt(c.properties) };
  delete props.provisioningState;
  return {
    id: `${peId}/${key}/${String(c.name ?? "")}`,
    name: c.name,
    type: `${PE_TYPE}/${key}`,
    etag: store.weakEtag(),
    properties: {
      ...props,
      provisioningState: "Updating",
      privateLinkServiceConnectionState: { status: "Pending", description: "", actionsRequired: "None" },
    },
  };
}

function putPrivateEndpoint(ctx: RequestContext, p: RouteParams): Reply {
  const { name, id, existing, body, props, location } = readTrackedPut(
    ctx,
    p,
    "privateEndpointName",
    PE_TYPE,
    peIdOf,
  );
  // A PUT of an endpoint whose provisioning Failed provisions it again, as the Network RP does (Azure docs,
  // "Troubleshoot Azure Microsoft.Network failed provisioning state").
  if (existing && objectAt(existing.properties).provisioningState !== "Failed") {
    checkEndpointUpdate(existing, body, p.resourceGroupName ?? "");
    // Only tags may change; the same body again is a no-op that keeps the etag.
    const tagsChange =
      body.tags !== undefined && JSON.stringify(body.tags) !== JSON.stringify(existing.tags ?? {});
    const updated = tagsChange ? ctx.store.put({ ...existing, tags: body.tags }) : existing;
    const op = ctx.operations.start({ durationMs: 0, complete: () => undefined });
    return networkPutReply(ctx, false, presentEndpoint(updated), op, p.subscriptionId ?? "", location);
  }
  const subnetId = String(objectAt(props.subnet).id ?? "");
  const found = findSubnet(ctx.store, subnetId);
  if (!found) throw invalidResourceReference(subnetId, id);
  const backup = backupRequestOf(ctx.store, id, props);
  if (backup) {
    checkNewBackupEndpoint(ctx.store, id, name, props, backup);
    requireBackupNaming(backup.vault.location ?? "", backup.group);
    requireFreeAddresses(ctx.store, found.subnet, IPS_PER_ENDPOINT);
  }
  const pe: ArmResource = {
    id,
    name,
    type: PE_TYPE,
    location,
    ...(body.tags === undefined ? {} : { tags: body.tags }),
    properties: {
      provisioningState: "Updating",
      subnet: { id: found.subnet.id },
      // A backup endpoint's NIC is named at once (completeBackupEndpoint creates it under this id).
      networkInterfaces: backup
        ? [
            {
              id: endpointNicId(ctx.store, {
                id,
                name,
                properties: { customNetworkInterfaceName: props.customNetworkInterfaceName },
              }),
            },
          ]
        : [],
      privateLinkServiceConnections: arrayAt(props.privateLinkServiceConnections).map((c) =>
        connectionOf(ctx.store, id, "privateLinkServiceConnections", c),
      ),
      manualPrivateLinkServiceConnections: arrayAt(props.manualPrivateLinkServiceConnections).map((c) =>
        connectionOf(ctx.store, id, "manualPrivateLinkServiceConnections", c),
      ),
      customNetworkInterfaceName:
        typeof props.customNetworkInterfaceName === "string" ? props.customNetworkInterfaceName : "",
      ipConfigurations: [],
      customDnsConfigs: [],
      ipVersionType: "IPv4",
    },
  };
  const stored = ctx.store.put(pe);
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      if (!backup) {
        objectAt(ctx.store.get(id)?.properties).provisioningState = "Succeeded";
        return;
      }
      try {
        completeBackupEndpoint(ctx.store, {
          peId: id,
          vault: ctx.store.get(backup.vault.id) ?? backup.vault,
          group: backup.group,
          manual: backup.manual,
        });
      } catch (error) {
        objectAt(ctx.store.get(id)?.properties).provisioningState = "Failed";
        throw error;
      }
    },
  });
  return networkPutReply(ctx, true, presentEndpoint(stored), op, p.subscriptionId ?? "", location);
}

const CONNECTION_KEYS = ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"] as const;

/**
 * An endpoint as the Network RP answers it: its connections, child elements of the one resource, carry the
 * endpoint's own etag (az network private-endpoint create prints the same `W/"…"` on both), which changes with
 * every write of the endpoint.
 */
export function presentEndpoint(pe: ArmResource): ArmResource {
  if (pe.etag === undefined) return pe;
  const properties = objectAt(pe.properties);
  const connections = Object.fromEntries(
    CONNECTION_KEYS.filter((key) => Array.isArray(properties[key])).map((key) => [
      key,
      arrayAt(properties[key]).map((c) => ({ ...c, etag: pe.etag })),
    ]),
  );
  return { ...pe, properties: { ...properties, ...connections } };
}

function getPrivateEndpoint(ctx: RequestContext, p: RouteParams): ArmResource {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const pe = ctx.store.get(peIdOf(p));
  if (!pe) throw resourceNotFound(PE_TYPE, p.privateEndpointName ?? "", p.resourceGroupName ?? "");
  return pe;
}

export const privateEndpointRoutes: readonly Route[] = [
  {
    method: "PUT",
    pattern: PE,
    family: "network.privateEndpoints",
    kind: "lro",
    handler: putPrivateEndpoint,
  },
  {
    method: "GET",
    pattern: PE,
    family: "network.privateEndpoints",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: presentEndpoint(getPrivateEndpoint(ctx, p)) }),
  },
  {
    method: "DELETE",
    pattern: PE,
    family: "network.privateEndpoints",
    kind: "lro",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const pe = ctx.store.get(peIdOf(p));
      if (!pe) return { status: 204 };
      checkPreconditions(ctx, pe);
      const op = ctx.operations.start({
        durationMs: ctx.latency.lro,
        complete: () => removeEndpoint(ctx.store, ctx.store.get(pe.id) ?? pe),
      });
      return networkDeleteReply(ctx, op, p.subscriptionId ?? "", pe.location ?? "global");
    },
  },
  ...listRoutes(PE_TYPE, "network.privateEndpoints", (_ctx, pe) => presentEndpoint(pe)),
];
