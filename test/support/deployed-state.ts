import type { ArmResource } from "../../src/sandbox/state.js";

type Json = Record<string, unknown>;
const props = (r: ArmResource) => (r.properties ?? {}) as Json;
const rulesOf = (p: Json) =>
  ((p.securityRules as Json[] | undefined) ?? [])
    .map(({ etag: _etag, ...rule }) => rule)
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));

/**
 * What a deployment and apply must agree on, resource by resource: ids, types and the properties the plan sets.
 * Left out: what the sandbox generates (etags, GUIDs, NIC names, the order IPs were handed out in), tags (the
 * template's `tags` parameter defaults to {}), and the vault's public network access (not in a template).
 */
export function projection(resources: readonly ArmResource[]) {
  return resources
    .filter((r) => r.type !== "Microsoft.Network/networkInterfaces")
    .map((r) => {
      const p = props(r);
      const connections = (key: string) =>
        ((p[key] as Json[] | undefined) ?? []).map((c) => {
          const cp = (c.properties ?? {}) as Json;
          return {
            name: c.name,
            target: String(cp.privateLinkServiceId).toLowerCase(),
            groupIds: cp.groupIds,
            status: (cp.privateLinkServiceConnectionState as Json | undefined)?.status,
          };
        });
      const detail: Json =
        r.type === "Microsoft.Network/privateEndpoints"
          ? {
              subnet: String((p.subnet as Json).id).toLowerCase(),
              auto: connections("privateLinkServiceConnections"),
              manual: connections("manualPrivateLinkServiceConnections"),
              customDnsConfigs: ((p.customDnsConfigs as Json[] | undefined) ?? []).map((c) => c.fqdn).sort(),
            }
          : r.type === "Microsoft.Network/privateDnsZones/virtualNetworkLinks"
            ? {
                vnet: String((p.virtualNetwork as Json).id).toLowerCase(),
                registrationEnabled: p.registrationEnabled,
              }
            : r.type === "Microsoft.Network/networkSecurityGroups"
              ? { rules: rulesOf(p) }
              : r.type === "Microsoft.RecoveryServices/vaults"
                ? { connections: ((p.privateEndpointConnections as Json[] | undefined) ?? []).length }
                : {};
      return { id: r.id.toLowerCase(), type: r.type, ...detail };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
