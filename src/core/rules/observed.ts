/**
 * A fact the adapter may not be able to read (no permission, an API ARM does not offer, a resource in another
 * tenant). Rules say so in a finding instead of guessing.
 */
export type Observed<T> =
  | { readonly kind: "known"; readonly value: T }
  | { readonly kind: "unknown"; readonly reason: string };

export function known<T>(value: T): Observed<T> {
  return { kind: "known", value };
}

export function unknown<T>(reason: string): Observed<T> {
  return { kind: "unknown", reason };
}
