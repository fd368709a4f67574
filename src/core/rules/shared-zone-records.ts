import { parseResourceId } from "../arm-id.js";
import type { Finding } from "../findings.js";
import type { Plan } from "../plan/plan-schema.js";

/**
 * A vault's endpoints share its FQDNs, each endpoint with its own addresses. A private DNS zone holds one record
 * per name, and each endpoint's zone group writes its own addresses there (the last one wins), so two endpoints of
 * one group in different VNets behind one zone give every linked VNet the same, single address: the other VNets
 * reach it only through peering. (Private Link DNS integration scenarios; seen in the sandbox as in Azure.)
 */
export function checkSharedZoneRecords(plan: Plan): Finding[] {
  if (plan.dns.strategy !== "privateZones") return [];
  return (["AzureBackup", "AzureBackup_secondary"] as const).flatMap((groupId): Finding[] => {
    const endpoints = plan.endpoints.filter((e) => e.groupId === groupId);
    const networks = new Map<string, string[]>();
    for (const endpoint of endpoints) {
      const subnet = parseResourceId(endpoint.subnetId);
      const vnet = subnet.kind === "resource" ? subnet.segments[0].name : endpoint.subnetId;
      const key = endpoint.subnetId.replace(/\/subnets\/[^/]+$/i, "").toLowerCase();
      networks.set(key, [...(networks.get(key) ?? []), `${endpoint.name} (${vnet})`]);
    }
    if (networks.size < 2) return [];
    const listed = [...networks.values()].flat().join(", ");
    return [
      {
        severity: "warn",
        code: "endpoints-share-zone-records",
        message: `${listed} are ${groupId} endpoints of one vault in different VNets behind the same private DNS zones: each name can hold only one endpoint's address (the last zone group to write wins), so every linked VNet resolves to that one endpoint.`,
        fix: "Make sure every workload VNet reaches each endpoint VNet (hub-and-spoke peering), or keep one endpoint per set of zones; `vaultlink verify` shows which address each name resolves to.",
        source:
          "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration (one record per name in a shared zone)",
        subject: plan.vault.id,
      },
    ];
  });
}
