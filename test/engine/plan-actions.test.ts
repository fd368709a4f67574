import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/findings.js";
import type { NetworkSecurityGroup, PrivateEndpoint, Subnet, Vault } from "../../src/core/inventory.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { known, unknown } from "../../src/core/rules/observed.js";
import type { Action } from "../../src/engine/action.js";
import { desiredStateOf } from "../../src/engine/desired-state.js";
import type { ObservedState } from "../../src/engine/observed-state.js";
import { planActions } from "../../src/engine/plan-actions.js";

const plan: Plan = parsePlanText(readFileSync("examples/private-zones.plan.json", "utf8"), "example");
const vaultId = plan.vault.id;

function subnet(id: string): Subnet {
  return {
    id,
    name: id.split("/").at(-1) ?? "",
    virtualNetworkId: id.replace(/\/subnets\/[^/]+$/, ""),
    addressPrefixes: ["10.0.2.0/25"],
    ipConfigurations: [],
    privateEndpointIds: [],
    privateEndpointNetworkPolicies: "Disabled",
    networkSecurityGroupId: undefined,
    routeTableId: undefined,
    delegations: [],
    provisioningState: "Succeeded",
  };
}

const vault: Vault = {
  id: vaultId,
  name: "rsv-prod-weu",
  subscriptionId: "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b",
  resourceGroup: "rg-backup-weu",
  location: "westeurope",
  redundancy: "GRS",
  crossRegionRestore: true,
  publicNetworkAccess: "Enabled",
  privateEndpointStateForBackup: "None",
  encryption: { kind: "platformManaged" },
  identity: { kind: "none" },
  privateEndpointConnections: [],
  provisioningState: "Succeeded",
};

const nsgId =
  plan.guidance.entraIdOutbound.mode === "add"
    ? (plan.guidance.entraIdOutbound.networkSecurityGroupIds[0] ?? "")
    : "";

/** The NSG the plan adds its Entra ID rule to, with only Azure's default rules. */
const bareNsg: NetworkSecurityGroup = {
  id: nsgId,
  name: "nsg-snet-sql-weu",
  location: "westeurope",
  securityRules: [],
  defaultSecurityRules: [],
  subnetIds: [],
};

/** A tenant where nothing the plan creates exists yet. */
function emptyTenant(): ObservedState {
  return {
    vault,
    protectedItems: 0,
    prerequisites: {
      registeredContainers: known([]),
      keyVault: unknown("Microsoft-managed keys"),
      providerRegistrations: [],
    },
    subnets: plan.endpoints.map((e) => subnet(e.subnetId)),
    virtualNetworks: [],
    privateLinkResources: [],
    privateEndpoints: [],
    vaultEndpoints: [],
    endpointsNearVaultEndpoints: [],
    zoneGroups: [],
    zones: [],
    links: [],
    networkSecurityGroups: [bareNsg],
    workloadVirtualNetworks: [],
    endpointSecurityGroups: [],
    routeTables: [],
    policyAssignments: [],
  };
}

/** The tenant as it is after a complete apply of the plan: every desired resource exists. */
function appliedTenant(): ObservedState {
  const desired = desiredStateOf(plan);
  return {
    ...emptyTenant(),
    vault: { ...vault, publicNetworkAccess: "Disabled" },
    privateEndpoints: desired.endpoints.map(
      (e): PrivateEndpoint => ({
        id: e.request.id,
        name: e.plan.name,
        location: e.plan.location,
        subnetId: e.plan.subnetId,
        connection: {
          approval: "auto",
          name: e.plan.name,
          targetId: vaultId,
          groupIds: [e.plan.groupId],
          status: "Approved",
          description: undefined,
        },
        customDnsConfigs: [],
        networkInterfaceIds: [],
        staticIpConfigurations: [],
        provisioningState: "Succeeded",
      }),
    ),
    zones: desired.zones.map((z) => ({
      id: z.id,
      name: z.name,
      numberOfRecordSets: 1,
      numberOfVirtualNetworkLinks: 0,
      provisioningState: "Succeeded",
    })),
    links: desired.links.map((l) => ({
      id: l.id,
      name: l.id.split("/").at(-1) ?? "",
      zoneId: l.id.replace(/\/virtualNetworkLinks\/.*$/, ""),
      virtualNetworkId: l.virtualNetworkId,
      registrationEnabled: false,
      linkState: "Completed",
      provisioningState: "Succeeded",
    })),
    networkSecurityGroups: [
      {
        ...bareNsg,
        securityRules: [
          {
            name: "vaultlink-allow-AzureActiveDirectory-443-out",
            priority: 4096,
            direction: "Outbound",
            access: "Allow",
            protocol: "Tcp",
            sourceAddressPrefixes: ["VirtualNetwork"],
            sourcePortRanges: ["*"],
            destinationAddressPrefixes: ["AzureActiveDirectory"],
            destinationPortRanges: ["443"],
            description: undefined,
          },
        ],
      },
    ],
    zoneGroups: desired.zoneGroups.map((g) => ({
      id: `${g.privateEndpointId}/privateDnsZoneGroups/${g.name}`,
      name: g.name,
      privateEndpointId: g.privateEndpointId,
      zones: g.zones,
      provisioningState: "Succeeded",
    })),
  };
}

function kinds(actions: readonly Action[]) {
  return actions.map((a) => `${a.kind} ${a.resource} ${a.id.split("/").at(-1)}`);
}

describe("actions for the private-zones example", () => {
  it("creates three endpoints, four zones (two backup geo codes), their links and zone groups, keeping public access", () => {
    const { actions } = planActions(plan, emptyTenant(), []);
    expect(kinds(actions)).toEqual([
      "create privateEndpoint pe-rsv-prod-weu-hub-backup",
      "create privateEndpoint pe-rsv-prod-weu-app-backup",
      "create privateEndpoint pe-rsv-prod-weu-hub-backup-secondary",
      "create privateDnsZone privatelink.blob.core.windows.net",
      "create privateDnsZone privatelink.ne.backup.windowsazure.com",
      "create privateDnsZone privatelink.queue.core.windows.net",
      "create privateDnsZone privatelink.we.backup.windowsazure.com",
      ...actions
        .filter((a) => a.resource === "virtualNetworkLink")
        .map((a) => `create virtualNetworkLink ${a.id.split("/").at(-1)}`),
      "create privateDnsZoneGroup default",
      "create privateDnsZoneGroup default",
      "create privateDnsZoneGroup default",
      "create securityRule vaultlink-allow-AzureActiveDirectory-443-out",
    ]);
    // Four zones, each linked to the three endpoint VNets and the extra workload VNet.
    expect(actions.filter((a) => a.resource === "virtualNetworkLink")).toHaveLength(16);
  });

  it("puts the secondary endpoint's records in the paired region's zone, never the primary's", () => {
    const { actions } = planActions(plan, emptyTenant(), []);
    const secondaryGroup = actions.find(
      (a) => a.resource === "privateDnsZoneGroup" && a.id.includes("secondary") && a.kind === "create",
    );
    if (secondaryGroup?.kind !== "create" || secondaryGroup.write.resource !== "privateDnsZoneGroup") {
      throw new Error("no zone group for the secondary endpoint");
    }
    expect(secondaryGroup.write.request.zones.map((z) => z.privateDnsZoneId.split("/").at(-1))).toEqual([
      "privatelink.ne.backup.windowsazure.com",
      "privatelink.blob.core.windows.net",
      "privatelink.queue.core.windows.net",
    ]);
    expect(secondaryGroup.dependsOn).toContain(secondaryGroup.write.request.privateEndpointId);
  });

  it("changes nothing once everything exists: a replay makes no writes", () => {
    const { actions } = planActions(plan, appliedTenant(), []);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.kind !== "noChange")).toEqual([]);
  });

  it("recognises an existing link of a zone to a VNet whatever its name", () => {
    const tenant = appliedTenant();
    const renamed = tenant.links.map((l) => ({
      ...l,
      id: `${l.zoneId}/virtualNetworkLinks/made-by-hand-${l.name}`,
    }));
    const { actions } = planActions(plan, { ...tenant, links: renamed }, []);
    const links = actions.filter((a) => a.resource === "virtualNetworkLink");
    expect(links.every((a) => a.kind === "noChange" && a.id.includes("made-by-hand-"))).toBe(true);
  });

  it("carries, on each no-change action, the write that makes the resource as it is (what export --all writes)", () => {
    const tenant = appliedTenant();
    // A link made by hand, with auto-registration on, and a zone group holding one zone more than the plan's.
    const links = tenant.links.map((l, i) => ({
      ...l,
      id: i === 0 ? `${l.zoneId}/virtualNetworkLinks/made-by-hand` : l.id,
      registrationEnabled: i === 0,
    }));
    const extraZone = `${tenant.zones[0]?.id.replace(/privateDnsZones\/.*$/, "")}privateDnsZones/privatelink.extra.example`;
    const [firstGroup, ...otherGroups] = tenant.zoneGroups;
    if (firstGroup === undefined) throw new Error("the example has zone groups");
    const zoneGroups = [
      { ...firstGroup, zones: [...firstGroup.zones, { configName: "extra", privateDnsZoneId: extraZone }] },
      ...otherGroups,
    ];
    const { actions } = planActions(plan, { ...tenant, links, zoneGroups }, []);
    const writes = actions.map((a) => (a.kind === "noChange" ? a.write : undefined));
    expect(writes.every((w) => w !== undefined)).toBe(true);
    const handMade = actions.find((a) => a.id.endsWith("/made-by-hand"));
    expect(handMade?.kind === "noChange" && handMade.write).toEqual({
      resource: "virtualNetworkLink",
      request: {
        id: links[0]?.id,
        virtualNetworkId: links[0]?.virtualNetworkId,
        registrationEnabled: true,
      },
    });
    const group = actions.find((a) => a.id === firstGroup.id);
    expect(
      group?.kind === "noChange" &&
        group.write.resource === "privateDnsZoneGroup" &&
        group.write.request.zones,
    ).toEqual(zoneGroups[0]?.zones);
  });

  it("adds no second Entra ID rule when an allow of the NSG's own already decides it", () => {
    const rules = planActions(plan, appliedTenant(), []).actions.filter((a) => a.resource === "securityRule");
    expect(rules).toMatchObject([
      { kind: "noChange", id: `${nsgId}/securityRules/vaultlink-allow-AzureActiveDirectory-443-out` },
    ]);
  });

  it("puts the Entra ID allow ahead of a custom deny of outbound 443", () => {
    const deny = {
      name: "deny-internet-443",
      priority: 200,
      direction: "Outbound" as const,
      access: "Deny" as const,
      protocol: "Tcp",
      sourceAddressPrefixes: ["*"],
      sourcePortRanges: ["*"],
      destinationAddressPrefixes: ["Internet"],
      destinationPortRanges: ["443"],
      description: undefined,
    };
    const tenant = { ...emptyTenant(), networkSecurityGroups: [{ ...bareNsg, securityRules: [deny] }] };
    const [rule] = planActions(plan, tenant, []).actions.filter((a) => a.resource === "securityRule");
    if (rule?.kind !== "create" || rule.write.resource !== "securityRule") throw new Error("no rule created");
    expect(rule.write.request.rule.priority).toBeLessThan(200);
    expect(rule.write.request.rule).toMatchObject({
      access: "Allow",
      direction: "Outbound",
      destinationAddressPrefixes: ["AzureActiveDirectory"],
    });
  });

  it("turns public network access off last, after every other write (links included), under a condition every view shows", () => {
    const denying: Plan = { ...plan, guidance: { ...plan.guidance, publicNetworkAccess: "deny" } };
    const { actions } = planActions(denying, emptyTenant(), []);
    const last = actions.at(-1);
    expect(last).toMatchObject({
      kind: "update",
      resource: "vaultPublicNetworkAccess",
      changes: [{ field: "properties.publicNetworkAccess", before: "Enabled", after: "Disabled" }],
    });
    // Links matter too: a VNet not linked to the zones resolves the names publicly, and Deny then cuts it off.
    expect(last?.dependsOn).toEqual(actions.slice(0, -1).map((a) => a.id));
    expect(actions.slice(0, -1).some((a) => a.resource === "virtualNetworkLink")).toBe(true);
    expect(last?.condition).toMatch(
      /^only after every planned endpoint is Approved and provisioned, their records are in the private DNS zones/,
    );
  });
});

describe("what blocks an action", () => {
  it("a blocking finding about the vault blocks every endpoint, and what waits for them", () => {
    const finding: Finding = {
      severity: "block",
      code: "vault-has-protected-items",
      message: "2 items are protected",
      fix: "use a new vault",
      source: "seed",
      subject: vaultId,
    };
    const { actions } = planActions(plan, emptyTenant(), [finding]);
    const endpoints = actions.filter((a) => a.resource === "privateEndpoint");
    expect(
      endpoints.every((a) => a.kind === "blocked" && a.findings[0]?.code === "vault-has-protected-items"),
    ).toBe(true);
    const groups = actions.filter((a) => a.resource === "privateDnsZoneGroup");
    expect(
      groups.every((a) => a.kind === "blocked" && a.findings[0]?.code === "depends-on-blocked-action"),
    ).toBe(true);
    // Zones and links do not depend on the endpoints: they can still be created.
    expect(actions.filter((a) => a.resource === "privateDnsZone").every((a) => a.kind === "create")).toBe(
      true,
    );
  });

  it("a warning does not block", () => {
    const warning: Finding = {
      severity: "warn",
      code: "x",
      message: "m",
      fix: "f",
      source: "s",
      subject: vaultId,
    };
    expect(planActions(plan, emptyTenant(), [warning]).actions.some((a) => a.kind === "blocked")).toBe(false);
  });

  it("a finding about one subnet blocks only the endpoint in it", () => {
    const subnetId = plan.endpoints[1]?.subnetId ?? "";
    const full: Finding = {
      severity: "block",
      code: "subnet-too-small",
      message: "m",
      fix: "f",
      source: "s",
      subject: subnetId.toUpperCase(),
    };
    const endpoints = planActions(plan, emptyTenant(), [full]).actions.filter(
      (a) => a.resource === "privateEndpoint",
    );
    expect(endpoints.map((a) => a.kind)).toEqual(["create", "blocked", "create"]);
  });

  it("a subnet that does not exist blocks its endpoint", () => {
    const tenant = { ...emptyTenant(), subnets: emptyTenant().subnets.slice(1) };
    const [first] = planActions(plan, tenant, []).actions;
    expect(first).toMatchObject({ kind: "blocked", findings: [{ code: "subnet-not-found" }] });
  });

  it("an endpoint of the same name in another subnet is never moved or replaced", () => {
    const tenant = appliedTenant();
    const moved = tenant.privateEndpoints.map((e, i) =>
      i === 0 ? { ...e, subnetId: e.subnetId.replace("snet-privateendpoints", "snet-other") } : e,
    );
    const [first] = planActions(plan, { ...tenant, privateEndpoints: moved }, []).actions;
    expect(first).toMatchObject({ kind: "blocked", findings: [{ code: "endpoint-exists-in-other-subnet" }] });
  });

  it("an endpoint of the same name to another resource is never replaced", () => {
    const tenant = appliedTenant();
    const other = tenant.privateEndpoints.map((e, i) =>
      i === 0 && e.connection ? { ...e, connection: { ...e.connection, targetId: `${vaultId}-other` } } : e,
    );
    const [first] = planActions(plan, { ...tenant, privateEndpoints: other }, []).actions;
    expect(first).toMatchObject({
      kind: "blocked",
      findings: [{ code: "endpoint-exists-for-other-target" }],
    });
  });

  it("an existing zone group without the backup zone is reported, not overwritten", () => {
    const tenant = appliedTenant();
    const partial = tenant.zoneGroups.map((g) => ({ ...g, zones: g.zones.slice(1) }));
    const groups = planActions(plan, { ...tenant, zoneGroups: partial }, []).actions.filter(
      (a) => a.resource === "privateDnsZoneGroup",
    );
    expect(
      groups.every((a) => a.kind === "blocked" && a.findings[0]?.code === "zone-group-lacks-zones"),
    ).toBe(true);
  });

  it("a link name already used for another VNet is reported, not overwritten", () => {
    const tenant = appliedTenant();
    const [firstLink, ...rest] = tenant.links;
    if (firstLink === undefined) throw new Error("no links");
    const elsewhere = { ...firstLink, virtualNetworkId: `${firstLink.virtualNetworkId}-elsewhere` };
    const link = planActions(plan, { ...tenant, links: [elsewhere, ...rest] }, []).actions.find(
      (a) => a.id.toLowerCase() === firstLink.id.toLowerCase(),
    );
    expect(link).toMatchObject({ kind: "blocked", findings: [{ code: "link-name-taken" }] });
  });
});

describe("resources an operation is still changing", () => {
  const states = ["Updating", "Creating", "Accepted", "Provisioning", "Deleting"];

  it.each(states)(
    "%s on every kind the plan writes is in progress, never done, carrying the planned write",
    (state) => {
      const tenant = appliedTenant();
      const running = <T extends { readonly provisioningState: string | undefined }>(all: readonly T[]) =>
        all.map((r) => ({ ...r, provisioningState: state }));
      const { actions } = planActions(
        plan,
        {
          ...tenant,
          privateEndpoints: running(tenant.privateEndpoints),
          zones: running(tenant.zones),
          links: running(tenant.links),
          zoneGroups: running(tenant.zoneGroups),
        },
        [],
      );

      const unfinished = actions.filter(
        (a) => a.resource !== "vaultPublicNetworkAccess" && a.resource !== "securityRule",
      );
      expect(unfinished.length).toBeGreaterThan(0);
      for (const action of unfinished) {
        expect(action).toMatchObject({ kind: "inProgress", state, write: { resource: action.resource } });
      }
    },
  );

  it("a vault another change is still updating: its public access Deny is in progress, decided once it has ended", () => {
    const tenant = appliedTenant();
    if (tenant.vault === undefined) throw new Error("no vault");
    const denying = { ...plan, guidance: { ...plan.guidance, publicNetworkAccess: "deny" as const } };
    const access = planActions(
      denying,
      { ...tenant, vault: { ...tenant.vault, provisioningState: "Updating" } },
      [],
    ).actions.find((a) => a.resource === "vaultPublicNetworkAccess");
    expect(access).toMatchObject({ kind: "inProgress", state: "Updating", write: { access: "Disabled" } });
  });

  it("a zone group in progress is waited for before its zones are compared (the operation may be adding them)", () => {
    const tenant = appliedTenant();
    const partial = tenant.zoneGroups.map((g) => ({
      ...g,
      zones: g.zones.slice(1),
      provisioningState: "Updating",
    }));
    const groups = planActions(plan, { ...tenant, zoneGroups: partial }, []).actions.filter(
      (a) => a.resource === "privateDnsZoneGroup",
    );
    expect(groups.every((a) => a.kind === "inProgress")).toBe(true);
  });

  it("Succeeded, Failed and Canceled are terminal: compared as usual, or written again", () => {
    const tenant = appliedTenant();
    const withGroups = (state: string) =>
      planActions(
        plan,
        { ...tenant, zoneGroups: tenant.zoneGroups.map((g) => ({ ...g, provisioningState: state })) },
        [],
      )
        .actions.filter((a) => a.resource === "privateDnsZoneGroup")
        .map((a) => a.kind);
    expect(new Set(withGroups("Succeeded"))).toEqual(new Set(["noChange"]));
    expect(new Set(withGroups("Failed"))).toEqual(new Set(["update"]));
    expect(new Set(withGroups("Canceled"))).toEqual(new Set(["update"]));
  });
});

describe("plans that keep DNS outside Azure", () => {
  it("custom DNS creates only the endpoint; Deny waits for the manual approval it asks for", () => {
    const custom = parsePlanText(readFileSync("examples/custom-dns.plan.json", "utf8"), "example");
    const tenant: ObservedState = {
      ...emptyTenant(),
      vault: { ...vault, id: custom.vault.id, publicNetworkAccess: "Enabled" },
      subnets: custom.endpoints.map((e) => subnet(e.subnetId)),
    };
    const { actions } = planActions(custom, tenant, []);
    expect(kinds(actions)).toEqual([
      "create privateEndpoint pe-rsv-dev-uks-dev-backup",
      "waiting vaultPublicNetworkAccess rsv-dev-uks",
    ]);
  });
});
