/**
 * The SDK types every field as optional, but ARM always returns some (a resource's id and name). A missing one
 * means the server broke its contract: that is a bug to report, not a user error.
 */
export function requiredField<T>(value: T | undefined | null, field: string, of: string): T {
  if (value === undefined || value === null) {
    throw new Error(`ARM returned ${of} without ${field}; the response does not follow the ARM contract.`);
  }
  return value;
}
