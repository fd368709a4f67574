import { z } from "zod";
import { parseResourceIdOfType, ResourceType } from "../arm-id.js";
import { CLOUD_NAMES } from "../clouds.js";
import {
  type NameCheck,
  validatePrivateEndpointName,
  validateResourceGroupName,
  validateVaultName,
} from "../naming.js";
import { findRegion } from "../regions.js";

/**
 * The plan file, version 1: what a person chose in the wizard, as intent (not SDK payloads). The engine turns it
 * into actions against what it observes. Every object is strict: an unknown field is an error, which also means
 * there is no place in a plan for a token or a secret.
 */
export const PLAN_VERSION = 1;
export const READABLE_PLAN_VERSIONS: readonly number[] = [PLAN_VERSION];

/** A full ARM id of the given type; the message says what was expected (and spots a Backup vault). */
function armId(type: ResourceType, example: string) {
  return z
    .string()
    .meta({ description: `Full ARM id of a ${type}, e.g. ${example}` })
    .superRefine((value, context) => {
      let parsed: ReturnType<typeof parseResourceIdOfType>;
      try {
        parsed = parseResourceIdOfType(value, type);
      } catch (error) {
        const hint =
          error instanceof Error && "hint" in error && typeof error.hint === "string" ? ` ${error.hint}` : "";
        context.addIssue({ code: "custom", message: `${(error as Error).message}${hint}` });
        return;
      }
      // A hand-edited id whose names Azure cannot hold fails here, with the naming rule, not as an ARM 400 mid-apply.
      const checks: NameCheck[] = [];
      if (parsed.kind !== "subscription" && parsed.resourceGroup !== undefined)
        checks.push(validateResourceGroupName(parsed.resourceGroup));
      if (type === ResourceType.recoveryServicesVault) checks.push(validateVaultName(parsed.name));
      for (const check of checks) {
        if (!check.ok) {
          for (const failure of check.failures)
            context.addIssue({ code: "custom", message: failure.message });
        }
      }
    });
}

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups";
const vaultId = armId(
  ResourceType.recoveryServicesVault,
  `${SUB}/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`,
);
const subnetId = armId(
  ResourceType.subnet,
  `${SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`,
);
const virtualNetworkId = armId(
  ResourceType.virtualNetwork,
  `${SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke`,
);
const resourceGroupId = armId(ResourceType.resourceGroup, `${SUB}/rg-dns`);
const networkSecurityGroupId = armId(
  ResourceType.networkSecurityGroup,
  `${SUB}/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app`,
);

/** An Azure region by its name (`westeurope`), checked against the region table vaultlink ships. */
const regionName = z
  .string()
  .meta({ description: "Azure region name as ARM spells it, e.g. westeurope" })
  .refine((value) => findRegion(value)?.name === value, {
    error: (issue) =>
      findRegion(String(issue.input))
        ? `write the region as ARM does: "${findRegion(String(issue.input))?.name}"`
        : "is not an Azure region vaultlink knows (run `vaultlink zones <region>` to check a name)",
  });

/** The two sub-resources of a Recovery Services vault that Azure Backup private endpoints connect to. */
export const BACKUP_GROUP_IDS = ["AzureBackup", "AzureBackup_secondary"] as const;
export type BackupGroupId = (typeof BACKUP_GROUP_IDS)[number];

const endpointSchema = z.strictObject({
  /** The private endpoint's name; unique per vault (seed: same-name endpoints are unsupported). */
  name: z
    .string()
    .min(1)
    .superRefine((value, context) => {
      const check = validatePrivateEndpointName(value);
      if (!check.ok) {
        for (const failure of check.failures) context.addIssue({ code: "custom", message: failure.message });
      }
    }),
  groupId: z.enum(BACKUP_GROUP_IDS),
  /** Where the endpoint's NIC goes; the endpoint resource is created in this subnet's resource group. */
  subnetId,
  /** The endpoint's region: the VNet's region (the vault's region or, for AzureBackup_secondary, its pair). */
  location: regionName,
  /**
   * `auto` when the person applying may approve the connection themselves (privateLinkServiceConnections);
   * `manual` sends a request that a vault owner approves (manualPrivateLinkServiceConnections).
   */
  approval: z.enum(["auto", "manual"]),
});

const privateZonesSchema = z.strictObject({
  strategy: z.literal("privateZones"),
  /** The resource group that holds (or will hold) the privatelink zones, often in a hub subscription. */
  zoneResourceGroupId: resourceGroupId,
  /**
   * `create`: vaultlink adds a private DNS zone group to each endpoint so Azure keeps the records current.
   * `policyManaged`: the organisation's Azure Policy creates the primary endpoints' zone groups; vaultlink adds the
   * secondary endpoints' (the built-in policy matches group id AzureBackup only) and verifies the rest.
   */
  zoneGroups: z.enum(["create", "policyManaged"]),
  /** Workload VNets to link to the zones besides the VNets that hold endpoints. */
  extraLinkedVirtualNetworkIds: z.array(virtualNetworkId),
});

/** DNS servers that hold records; `other` gets them as a hosts-format list most servers can import. */
const DNS_SERVER_KINDS = ["bind", "windows", "unbound", "dnsmasq", "other"] as const;
/**
 * DNS servers that forward: the record holders, and Azure Firewall's DNS proxy, which forwards but holds no records
 * (https://learn.microsoft.com/azure/firewall/dns-settings).
 */
const FORWARDER_KINDS = [...DNS_SERVER_KINDS, "azureFirewall"] as const;

const customDnsSchema = z.strictObject({
  strategy: z.literal("customDns"),
  serverKind: z.enum(DNS_SERVER_KINDS),
});

const hostsFileSchema = z.strictObject({
  strategy: z.literal("hostsFile"),
  /** Which hosts file layout the records are written for. */
  platform: z.enum(["linux", "windows"]),
});

const conditionalForwarderSchema = z.strictObject({
  strategy: z.literal("conditionalForwarder"),
  serverKind: z.enum(FORWARDER_KINDS),
  /**
   * Where the forwarders send the privatelink names: 168.63.129.16 (Azure DNS, only from inside a VNet linked to
   * the zones) or the inbound endpoint of a DNS resolver.
   */
  forwardTo: z.array(z.ipv4()).min(1),
  /** The zones behind the forwarder, when they are Azure Private DNS zones that vaultlink also manages. */
  zoneResourceGroupId: resourceGroupId.optional(),
});

const dnsSchema = z.discriminatedUnion("strategy", [
  privateZonesSchema,
  customDnsSchema,
  hostsFileSchema,
  conditionalForwarderSchema,
]);

const guidanceSchema = z.strictObject({
  /** `deny` is the seed's recommendation once endpoints exist; `keep` leaves the vault's setting alone. */
  publicNetworkAccess: z.enum(["deny", "keep"]),
  /**
   * Outbound access to Microsoft Entra ID (the endpoints do not cover it): `add` lets vaultlink add NSG rules
   * allowing the AzureActiveDirectory service tag on 443 to these NSGs; `print` only shows the rules.
   */
  entraIdOutbound: z.discriminatedUnion("mode", [
    z.strictObject({
      mode: z.literal("add"),
      networkSecurityGroupIds: z.array(networkSecurityGroupId).min(1),
    }),
    z.strictObject({ mode: z.literal("print") }),
  ]),
});

/** The most data sources a plan (or `--workload dpm:YEAR:SOURCES`) may name for one backup server. */
export const MAX_DATA_SOURCES = 100_000;

/** Data sources a DPM/MABS server protects: the MABS how-to sizes an endpoint subnet at 10 + n free IPs. */
const dataSources = z
  .number()
  .int()
  .min(0)
  .max(MAX_DATA_SOURCES)
  .meta({ description: "Data sources the backup server protects (n in the MABS how-to's 10 + n free IPs)" })
  .optional();

/**
 * What the vault will protect, as the wizard asked: which workloads use the endpoints, what each needs (Entra ID
 * outbound, DPM 2022 / MABS v4 or later), and how many addresses a backup server's data sources take.
 */
const workloadSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("sqlServerInAzureVm") }),
  z.strictObject({ kind: z.literal("sapHanaInAzureVm") }),
  z.strictObject({ kind: z.literal("marsAgent") }),
  /** System Center DPM, by release year (2016, 2019, 2022, …). */
  z.strictObject({ kind: z.literal("dpm"), version: z.number().int().min(2000).max(2100), dataSources }),
  /** Microsoft Azure Backup Server, by major version (3, 4, …). */
  z.strictObject({ kind: z.literal("mabs"), majorVersion: z.number().int().min(1).max(99), dataSources }),
  z.strictObject({ kind: z.literal("azureVm") }),
  z.strictObject({ kind: z.literal("azureFiles") }),
]);
export type Workload = z.infer<typeof workloadSchema>;

const observedResourceSchema = z.strictObject({
  id: z.string().min(1),
  /** The ETag ARM returned when the plan was made; null for resources that have none. */
  etag: z.string().nullable(),
  /** The facts the plan relied on (e.g. free addresses in a subnet), to explain drift. */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const planSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(PLAN_VERSION),
    cloud: z.enum(CLOUD_NAMES),
    vault: z.strictObject({ id: vaultId, location: regionName }),
    endpoints: z.array(endpointSchema).min(1).max(12),
    /** The paired region for cross-region restore, when a secondary endpoint is planned. */
    secondaryRegion: regionName.nullable(),
    dns: dnsSchema,
    guidance: guidanceSchema,
    /** What the vault will protect; absent when not asked (a plan from before the question, or written by hand). */
    workloads: z.array(workloadSchema).optional(),
    observed: z.strictObject({
      at: z.iso.datetime(),
      resources: z.array(observedResourceSchema),
    }),
  })
  .superRefine((plan, context) => {
    const seen = new Map<string, number>();
    plan.endpoints.forEach((endpoint, index) => {
      const key = endpoint.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["endpoints", index, "name"],
          input: endpoint.name,
          message: `duplicates endpoints[${first}].name; endpoint names must be unique per vault`,
        });
      } else seen.set(key, index);
      if (endpoint.groupId !== "AzureBackup_secondary") return;
      if (plan.secondaryRegion === null) {
        context.addIssue({
          code: "custom",
          path: ["endpoints", index, "groupId"],
          input: endpoint.groupId,
          message:
            "is a secondary endpoint, but the plan has no secondaryRegion; set secondaryRegion to the vault's paired region",
        });
      } else if (endpoint.location !== plan.secondaryRegion) {
        context.addIssue({
          code: "custom",
          path: ["endpoints", index, "location"],
          input: endpoint.location,
          message: `must be the secondaryRegion (${plan.secondaryRegion}) for an AzureBackup_secondary endpoint`,
        });
      }
    });
    if (plan.secondaryRegion !== null && !plan.endpoints.some((e) => e.groupId === "AzureBackup_secondary")) {
      context.addIssue({
        code: "custom",
        path: ["secondaryRegion"],
        input: plan.secondaryRegion,
        message:
          "is set but no endpoint has groupId AzureBackup_secondary; add one or set secondaryRegion to null",
      });
    }
  });

export type Plan = z.infer<typeof planSchema>;
export type EndpointPlan = Plan["endpoints"][number];
export type DnsPlan = Plan["dns"];
export type DnsStrategy = DnsPlan["strategy"];
