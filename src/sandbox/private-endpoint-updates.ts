import { arrayAt, objectAt } from "./arm-resource.js";
import { ArmError } from "./errors.js";
import { sameResourceId } from "./resource-ids.js";
import type { ArmResource } from "./state.js";

/**
 * What the Network RP allows in a PUT on a private endpoint that exists: its location, subnet and private
 * link connections are fixed once created; each change is refused with the code and message the service
 * answers (MicrosoftDocs azure-databases-docs, PostgreSQL flexible server "Add private endpoint connections",
 * its troubleshooting of re-creating an endpoint with a different --subnet, --connection-name/--vnet-name or
 * --location; pulumi/pulumi-azure-native#3883 for the subnet case seen through another client). Tags may
 * change. A PUT that changes nothing is a no-op.
 */

const CONNECTION_KEYS = ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"] as const;

const sameLocation = (a: string, b: string) =>
  a.replace(/\s+/g, "").toLowerCase() === b.replace(/\s+/g, "").toLowerCase();

/** A connection as far as the service compares it: name, target and group ids. */
function connectionKey(connection: Record<string, unknown>): string {
  const props = objectAt(connection.properties);
  const groups = Array.isArray(props.groupIds)
    ? props.groupIds.map((g) => String(g).toLowerCase()).sort()
    : [];
  return JSON.stringify([
    String(connection.name ?? "").toLowerCase(),
    String(props.privateLinkServiceId ?? "").toLowerCase(),
    groups,
  ]);
}

function changedConnection(existing: ArmResource, asked: Record<string, unknown>): string | undefined {
  const props = objectAt(existing.properties);
  for (const key of CONNECTION_KEYS) {
    const before = arrayAt(props[key]).map(connectionKey).sort();
    const after = arrayAt(asked[key]).map(connectionKey).sort();
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      const first = arrayAt(props[key])[0] ?? arrayAt(props[CONNECTION_KEYS[0]])[0];
      return String(first?.id ?? `${existing.id}/${key}`);
    }
  }
  return undefined;
}

/** Throws the refusal for a PUT that would change what is fixed once the endpoint exists. */
export function checkEndpointUpdate(
  existing: ArmResource,
  body: Record<string, unknown>,
  resourceGroup: string,
): void {
  const location = typeof body.location === "string" ? body.location : undefined;
  if (
    location !== undefined &&
    existing.location !== undefined &&
    !sameLocation(location, existing.location)
  ) {
    throw new ArmError(
      400,
      "InvalidResourceLocation",
      `The resource '${existing.name}' already exists in location '${existing.location}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  const asked = objectAt(body.properties);
  const current = String(objectAt(objectAt(existing.properties).subnet).id ?? "");
  const requested = objectAt(asked.subnet).id;
  if (typeof requested === "string" && !sameResourceId(requested, current)) {
    throw new ArmError(
      400,
      "CannotChangeSubnetOnExistingPrivateEndpoint",
      `Cannot change the subnet in which the network interface for private endpoint ${existing.id} is created. Current subnet: '${current}.' Requested subnet: '${requested}.'`,
    );
  }
  const connection = changedConnection(existing, asked);
  if (connection !== undefined) {
    throw new ArmError(
      400,
      "CannotChangePrivateLinkConnectionOnPrivateEndpoint",
      `Cannot change the private link connection on private endpoint ${existing.id}. Please ensure you are not updating the details of existing private link connection: '${connection}'. That is not allowed.`,
    );
  }
}
