import { parseResourceIdOfType, type ResourceType } from "../core/arm-id.js";

/** Where an SDK call must be pointed for a resource: its subscription, group and the names along its id. */
export interface ResourceLocation {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The top-level resource's name first, then each child's: [vnet, subnet]. */
  readonly names: readonly [string, ...string[]];
}

/**
 * Reads an id of the expected type into the arguments the SDK wants.
 * @throws UserError when the id is malformed, of another type, or not inside a resource group.
 */
export function locate(id: string, type: ResourceType): ResourceLocation {
  const parsed = parseResourceIdOfType(id, type);
  if (parsed.kind !== "resource" || parsed.resourceGroup === undefined) {
    // parseResourceIdOfType has checked the type; every type vaultlink addresses lives in a resource group.
    throw new Error(`${id} is a ${type} outside any resource group.`);
  }
  const [first, ...rest] = parsed.segments;
  return {
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    names: [first.name, ...rest.map((s) => s.name)],
  };
}
