import { parseResourceId, type ResourceId } from "../arm-id.js";
import { describeWorkloads } from "../rules/workloads.js";
import { zoneNamesOf } from "./endpoint-zones.js";
import type { DnsPlan, Plan } from "./plan-schema.js";

/** The parts of a plan a person reviews, derived once so text and JSON output say the same thing. */
export interface PlanSummary {
  readonly vault: {
    readonly name: string;
    readonly resourceGroup: string;
    readonly subscriptionId: string;
    readonly location: string;
  };
  readonly cloud: string;
  readonly endpoints: readonly {
    readonly name: string;
    readonly groupId: string;
    readonly location: string;
    readonly virtualNetwork: string;
    readonly subnet: string;
    readonly resourceGroup: string;
    readonly subscriptionId: string;
    readonly approval: string;
  }[];
  readonly secondaryRegion: string | null;
  /** The private DNS zones the endpoints' names live in, whatever the strategy. */
  readonly zoneNames: readonly string[];
  readonly dns: string;
  readonly publicNetworkAccess: string;
  readonly entraIdOutbound: string;
  /** What the vault will protect, as the wizard was told: `not asked`, `none named`, or the workloads. */
  readonly workloads: string;
  readonly plannedAt: string;
}

function resourceGroupOf(id: ResourceId): string {
  return id.kind === "subscription" ? "" : (id.resourceGroup ?? "");
}

function describeDns(dns: DnsPlan): string {
  switch (dns.strategy) {
    case "privateZones": {
      const group = parseResourceId(dns.zoneResourceGroupId);
      const links = dns.extraLinkedVirtualNetworkIds.map((id) => parseResourceId(id).name);
      return (
        `Azure Private DNS zones in resource group ${group.name} (subscription ${group.subscriptionId}); ` +
        (dns.zoneGroups === "create"
          ? "zone groups on each endpoint keep the records current"
          : "zone groups are managed by Azure Policy (vaultlink only verifies)") +
        (links.length > 0 ? `; also linked to ${links.join(", ")}` : "")
      );
    }
    case "customDns":
      return `Custom DNS (${dns.serverKind}): records generated with \`vaultlink dns\`, resynced as storage accounts are added`;
    case "hostsFile":
      return `Hosts file entries (${dns.platform}), resynced as storage accounts are added`;
    case "conditionalForwarder":
      return `Conditional forwarders (${dns.serverKind}) to ${dns.forwardTo.join(", ")}`;
  }
}

export function summarisePlan(plan: Plan): PlanSummary {
  const vault = parseResourceId(plan.vault.id);
  const zoneNames = [
    ...new Set(plan.endpoints.flatMap((endpoint) => Object.values(zoneNamesOf(plan, endpoint.groupId)))),
  ].sort();
  return {
    vault: {
      name: vault.name,
      resourceGroup: resourceGroupOf(vault),
      subscriptionId: vault.subscriptionId,
      location: plan.vault.location,
    },
    cloud: plan.cloud,
    endpoints: plan.endpoints.map((endpoint) => {
      const subnet = parseResourceId(endpoint.subnetId);
      const network = subnet.kind === "resource" ? subnet.segments[0].name : "";
      return {
        name: endpoint.name,
        groupId: endpoint.groupId,
        location: endpoint.location,
        virtualNetwork: network,
        subnet: subnet.name,
        resourceGroup: resourceGroupOf(subnet),
        subscriptionId: subnet.subscriptionId,
        approval: endpoint.approval,
      };
    }),
    secondaryRegion: plan.secondaryRegion,
    zoneNames,
    dns: describeDns(plan.dns),
    publicNetworkAccess:
      plan.guidance.publicNetworkAccess !== "deny"
        ? "left as it is"
        : // Cross-region restore (a secondary endpoint) is where Microsoft says Deny is not supported yet: no
          // "recommended" there, as in the wizard's guidance step.
          plan.secondaryRegion === null
          ? "set to Deny (recommended with private endpoints)"
          : "set to Deny (not recommended with cross-region restore on: Microsoft documents Deny as unsupported for it)",
    entraIdOutbound:
      plan.guidance.entraIdOutbound.mode === "add"
        ? `vaultlink adds NSG rules allowing AzureActiveDirectory on 443 to ${plan.guidance.entraIdOutbound.networkSecurityGroupIds
            .map((id) => parseResourceId(id).name)
            .join(", ")}`
        : "rules are printed for you to add",
    workloads: describeWorkloads(plan.workloads),
    plannedAt: plan.observed.at,
  };
}
