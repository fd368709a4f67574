/** Commander's collector for an option given several times (`--nsg A --nsg B`). */
export function collectRepeated(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** `vaultlink export --format`: the template formats vaultlink writes. */
export const EXPORT_FORMATS = ["arm", "stack"] as const;

/** `vaultlink guidance --format`: the forms of the outbound guidance (engine/outbound-guidance.ts computes them). */
export const GUIDANCE_FORMATS = ["nsg", "azure-firewall", "fqdn-list"] as const;
