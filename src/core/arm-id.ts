import { quote } from "./quote.js";
import { UserError } from "./user-error.js";

/**
 * Azure Resource Manager resource ids: parsing, formatting, comparing and building the ids vaultlink uses.
 *
 * Shapes (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#resourceid):
 *   /subscriptions/{sub}
 *   /subscriptions/{sub}/resourceGroups/{rg}
 *   /subscriptions/{sub}[/resourceGroups/{rg}]/providers/{Namespace}/{type}/{name}[/{childType}/{childName}]...
 */

/** The resource types vaultlink reads or writes, as ARM spells them in `type` and in ids. */
export const ResourceType = {
  subscription: "Microsoft.Resources/subscriptions",
  resourceGroup: "Microsoft.Resources/resourceGroups",
  recoveryServicesVault: "Microsoft.RecoveryServices/vaults",
  /** A Backup vault (Azure Backup's newer vault). It cannot take backup private endpoints (seed, "Before you start"). */
  backupVault: "Microsoft.DataProtection/backupVaults",
  virtualNetwork: "Microsoft.Network/virtualNetworks",
  subnet: "Microsoft.Network/virtualNetworks/subnets",
  privateEndpoint: "Microsoft.Network/privateEndpoints",
  privateDnsZoneGroup: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
  privateDnsZone: "Microsoft.Network/privateDnsZones",
  virtualNetworkLink: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
  networkSecurityGroup: "Microsoft.Network/networkSecurityGroups",
  routeTable: "Microsoft.Network/routeTables",
  dnsResolver: "Microsoft.Network/dnsResolvers",
  dnsForwardingRuleset: "Microsoft.Network/dnsForwardingRulesets",
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];

/** One `{type}/{name}` step below the provider namespace, e.g. `{ type: "subnets", name: "pe" }`. */
export interface ResourceSegment {
  readonly type: string;
  readonly name: string;
}

/** A subscription and resource group: the scope most builders below start from. */
export interface ResourceGroupRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

interface ResourceIdBase {
  /** The id as given (surrounding whitespace removed). ARM keeps the casing it was created with. */
  readonly id: string;
  readonly subscriptionId: string;
  /** e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  readonly fullType: string;
  /** The last name in the id: the subnet's name for a subnet id, the group's for a resource group id. */
  readonly name: string;
}

export interface SubscriptionResourceId extends ResourceIdBase {
  readonly kind: "subscription";
}

export interface ResourceGroupResourceId extends ResourceIdBase {
  readonly kind: "resourceGroup";
  readonly resourceGroup: string;
}

export interface ProviderResourceId extends ResourceIdBase {
  readonly kind: "resource";
  /** Absent for subscription-level resources (`/subscriptions/{sub}/providers/...`). */
  readonly resourceGroup?: string;
  /** The resource provider namespace, e.g. `Microsoft.Network`. */
  readonly provider: string;
  /** The top-level resource first, then each child: `virtualNetworks/hub`, `subnets/pe`. */
  readonly segments: readonly [ResourceSegment, ...ResourceSegment[]];
}

/** A parsed ARM id. `kind` tells which of the three shapes it is, so a resource always has a provider. */
export type ResourceId = SubscriptionResourceId | ResourceGroupResourceId | ProviderResourceId;

/** What {@link formatResourceId} needs: a parsed id fits, and so does a literal without `id`/`fullType`. */
export type ResourceIdParts =
  | { readonly subscriptionId: string; readonly resourceGroup?: string }
  | {
      readonly subscriptionId: string;
      readonly resourceGroup?: string;
      readonly provider: string;
      readonly segments: readonly [ResourceSegment, ...ResourceSegment[]];
    };

const EXPECTED_SHAPE =
  "An ARM id looks like /subscriptions/<subscription id>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>, " +
  "e.g. /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod.";

// Subscription ids are GUIDs; accepting anything else would let a subscription *name* through.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Namespaces are dotted words: Microsoft.Network, Microsoft.RecoveryServices, Contoso.Widgets.
const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;

function malformed(id: string, problem: string): UserError {
  return new UserError(`${quote(id)} is not a valid Azure resource id: ${problem}.`, {
    hint: EXPECTED_SHAPE,
  });
}

/**
 * Parses an ARM resource id. Keywords (`subscriptions`, `resourceGroups`, `providers`) are matched without regard
 * to case, because ARM itself returns ids with `resourcegroups` in some APIs.
 * @throws UserError naming the id and what is wrong with it.
 */
export function parseResourceId(input: string): ResourceId {
  const id = input.trim();
  if (!id.startsWith("/")) throw malformed(id, "it must start with /subscriptions/");
  const parts = id.slice(1).split("/");
  const emptyAt = parts.indexOf("");
  if (emptyAt !== -1) {
    const after = parts.slice(0, emptyAt).join("/");
    throw malformed(id, `it has an empty segment after "/${after}"`);
  }
  const [subscriptionsKeyword, subscriptionId, ...rest] = parts;
  if (subscriptionsKeyword?.toLowerCase() !== "subscriptions") {
    throw malformed(id, "it must start with /subscriptions/");
  }
  if (subscriptionId === undefined) throw malformed(id, "the subscription id is missing");
  if (!GUID.test(subscriptionId)) {
    throw malformed(id, `the subscription id ${quote(subscriptionId ?? "")} is not a GUID`);
  }
  if (rest.length === 0) {
    return {
      kind: "subscription",
      id,
      subscriptionId,
      fullType: ResourceType.subscription,
      name: subscriptionId,
    };
  }

  let resourceGroup: string | undefined;
  let afterGroup = rest;
  if (rest[0]?.toLowerCase() === "resourcegroups") {
    resourceGroup = rest[1];
    if (resourceGroup === undefined) throw malformed(id, "the resource group name is missing");
    afterGroup = rest.slice(2);
    if (afterGroup.length === 0) {
      return {
        kind: "resourceGroup",
        id,
        subscriptionId,
        resourceGroup,
        fullType: ResourceType.resourceGroup,
        name: resourceGroup,
      };
    }
  }

  const [providersKeyword, provider, ...typeNamePairs] = afterGroup;
  if (providersKeyword?.toLowerCase() !== "providers") {
    throw malformed(
      id,
      `expected "providers" after the ${resourceGroup === undefined ? "subscription" : "resource group"}, found ${quote(providersKeyword ?? "")}`,
    );
  }
  if (provider === undefined) throw malformed(id, "the provider namespace is missing after /providers");
  if (!NAMESPACE.test(provider)) {
    throw malformed(id, `${quote(provider ?? "")} is not a provider namespace like Microsoft.Network`);
  }
  if (typeNamePairs.length === 0)
    throw malformed(id, `the provider ${provider} has no resource type and name`);
  if (typeNamePairs.length % 2 !== 0) {
    throw malformed(id, `the resource type ${quote(String(typeNamePairs.at(-1)))} has no name after it`);
  }
  const segments: ResourceSegment[] = [];
  for (let i = 0; i < typeNamePairs.length; i += 2) {
    const type = typeNamePairs[i] as string;
    const name = typeNamePairs[i + 1] as string;
    // Extension resources (locks, role assignments) nest a second /providers/; vaultlink never addresses them,
    // and reading them as plain child types would give a wrong fullType.
    if (type.toLowerCase() === "providers") {
      throw malformed(id, "extension resource ids (a second /providers/ inside the id) are not supported");
    }
    segments.push({ type, name });
  }
  const [first, ...children] = segments as [ResourceSegment, ...ResourceSegment[]];
  const fullType = [provider, first.type, ...children.map((s) => s.type)].join("/");
  const last = segments.at(-1) as ResourceSegment;
  return {
    kind: "resource",
    id,
    subscriptionId,
    ...(resourceGroup === undefined ? {} : { resourceGroup }),
    provider,
    segments: [first, ...children],
    fullType,
    name: last.name,
  };
}

/**
 * Builds the id string for the given parts, checking the result parses (so a name with a `/` in it, or an empty
 * one, is refused here rather than by ARM).
 */
export function formatResourceId(parts: ResourceIdParts): string {
  const segments = "provider" in parts ? parts.segments : [];
  const pieces = [
    parts.subscriptionId,
    ...(parts.resourceGroup === undefined ? [] : [parts.resourceGroup]),
    ...("provider" in parts ? [parts.provider] : []),
    ...segments.flatMap((s) => [s.type, s.name]),
  ];
  let id = `/subscriptions/${parts.subscriptionId}`;
  if (parts.resourceGroup !== undefined) id += `/resourceGroups/${parts.resourceGroup}`;
  if ("provider" in parts) id += `/providers/${parts.provider}`;
  for (const segment of segments) id += `/${segment.type}/${segment.name}`;
  const bad = pieces.find((piece) => piece.includes("/") || piece.trim() !== piece);
  if (bad !== undefined) throw malformed(id, `${quote(bad)} contains a slash or surrounding spaces`);
  parseResourceId(id);
  return id;
}

function idText(id: string | ResourceId): string {
  return typeof id === "string" ? id.trim() : id.id;
}

/**
 * True when both ids name the same resource. ARM compares ids and names case-insensitively
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules: "Always perform a
 * case-insensitive comparison of names").
 */
export function sameResourceId(a: string | ResourceId, b: string | ResourceId): boolean {
  return idText(a).toLowerCase() === idText(b).toLowerCase();
}

/** True when the id is of the given full type, compared case-insensitively like ARM does. */
export function isResourceType(id: ResourceId, type: ResourceType): boolean {
  return id.fullType.toLowerCase() === type.toLowerCase();
}

/**
 * The id one level up: a subnet's virtual network, a top-level resource's group (or subscription), a group's
 * subscription. A subscription has no parent.
 */
export function parentId(id: string | ResourceId): ResourceId | undefined {
  const parsed = typeof id === "string" ? parseResourceId(id) : id;
  switch (parsed.kind) {
    case "subscription":
      return undefined;
    case "resourceGroup":
      return parseResourceId(formatResourceId({ subscriptionId: parsed.subscriptionId }));
    case "resource": {
      const scope =
        parsed.resourceGroup === undefined
          ? { subscriptionId: parsed.subscriptionId }
          : { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup };
      const [first, ...children] = parsed.segments;
      if (children.length === 0) return parseResourceId(formatResourceId(scope));
      const parentSegments: [ResourceSegment, ...ResourceSegment[]] = [first, ...children.slice(0, -1)];
      return parseResourceId(
        formatResourceId({ ...scope, provider: parsed.provider, segments: parentSegments }),
      );
    }
  }
}

const TYPE_LABELS: Record<ResourceType, string> = {
  [ResourceType.subscription]: "a subscription",
  [ResourceType.resourceGroup]: "a resource group",
  [ResourceType.recoveryServicesVault]: "a Recovery Services vault",
  [ResourceType.backupVault]: "a Backup vault",
  [ResourceType.virtualNetwork]: "a virtual network",
  [ResourceType.subnet]: "a subnet",
  [ResourceType.privateEndpoint]: "a private endpoint",
  [ResourceType.privateDnsZoneGroup]: "a private DNS zone group",
  [ResourceType.privateDnsZone]: "a private DNS zone",
  [ResourceType.virtualNetworkLink]: "a private DNS zone virtual network link",
  [ResourceType.networkSecurityGroup]: "a network security group",
  [ResourceType.routeTable]: "a route table",
  [ResourceType.dnsResolver]: "a DNS private resolver",
  [ResourceType.dnsForwardingRuleset]: "a DNS forwarding ruleset",
};

function describeType(fullType: string): string {
  const known = Object.values(ResourceType).find((t) => t.toLowerCase() === fullType.toLowerCase());
  return known === undefined ? `a ${fullType}` : `${TYPE_LABELS[known]} (${known})`;
}

/**
 * Parses an id and checks it names a resource of the expected type.
 * A Backup vault given where a Recovery Services vault is expected gets its own hint, because the two are easy to
 * confuse and only Recovery Services vaults take backup private endpoints (seed, "Before you start": "private
 * endpoints are currently not supported for Backup vaults").
 * @throws UserError naming the id, what it is and what was expected.
 */
export function parseResourceIdOfType(input: string, expected: ResourceType): ResourceId {
  const parsed = parseResourceId(input);
  if (isResourceType(parsed, expected)) return parsed;
  const isBackupVaultForRsVault =
    expected === ResourceType.recoveryServicesVault && isResourceType(parsed, ResourceType.backupVault);
  throw new UserError(
    `${quote(parsed.id)} is ${describeType(parsed.fullType)}, but ${describeType(expected)} is expected here.`,
    {
      hint: isBackupVaultForRsVault
        ? "This is a Backup vault (Microsoft.DataProtection). Azure Backup private endpoints work only with Recovery Services vaults: choose a Recovery Services vault instead."
        : `Give the id of ${TYPE_LABELS[expected]}. ${EXPECTED_SHAPE}`,
    },
  );
}

/** Which kind of Azure Backup vault an id names, if any; rules use it to say "this is a Backup vault". */
export type VaultKind = "recoveryServicesVault" | "backupVault";

export function vaultKindOf(id: ResourceId): VaultKind | undefined {
  if (isResourceType(id, ResourceType.recoveryServicesVault)) return "recoveryServicesVault";
  if (isResourceType(id, ResourceType.backupVault)) return "backupVault";
  return undefined;
}

function build(
  scope: ResourceGroupRef,
  provider: string,
  ...typeNamePairs: [string, string][]
): ProviderResourceId {
  const segments = typeNamePairs.map(([type, name]) => ({ type, name }));
  const parsed = parseResourceId(
    formatResourceId({ ...scope, provider, segments: segments as [ResourceSegment, ...ResourceSegment[]] }),
  );
  return parsed as ProviderResourceId;
}

export function resourceGroupId(scope: ResourceGroupRef): ResourceGroupResourceId {
  return parseResourceId(formatResourceId(scope)) as ResourceGroupResourceId;
}

export function virtualNetworkId(scope: ResourceGroupRef, vnetName: string): ProviderResourceId {
  return build(scope, "Microsoft.Network", ["virtualNetworks", vnetName]);
}

export function subnetId(scope: ResourceGroupRef, vnetName: string, subnetName: string): ProviderResourceId {
  return build(scope, "Microsoft.Network", ["virtualNetworks", vnetName], ["subnets", subnetName]);
}

export function privateEndpointId(scope: ResourceGroupRef, endpointName: string): ProviderResourceId {
  return build(scope, "Microsoft.Network", ["privateEndpoints", endpointName]);
}

export function privateDnsZoneId(scope: ResourceGroupRef, zoneName: string): ProviderResourceId {
  return build(scope, "Microsoft.Network", ["privateDnsZones", zoneName]);
}

export function networkSecurityGroupId(scope: ResourceGroupRef, nsgName: string): ProviderResourceId {
  return build(scope, "Microsoft.Network", ["networkSecurityGroups", nsgName]);
}
