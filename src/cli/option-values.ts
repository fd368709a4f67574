/** Commander's collector for an option given several times (`--nsg A --nsg B`). */
export function collectRepeated(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** `vaultlink export --format`: the template formats vaultlink writes. */
export const EXPORT_FORMATS = ["arm"] as const;
