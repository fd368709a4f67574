import { UnusableAnswer } from "./unusable-answer.js";

/**
 * The SDK types every field as optional, but ARM always returns some (a resource's id and name). A missing one
 * means the server broke its contract (or something else answered): an unusable answer, reported with the read
 * that got it, not a crash.
 */
export function requiredField<T>(value: T | undefined | null, field: string, of: string): T {
  if (value === undefined || value === null) {
    throw new UnusableAnswer(
      `ARM returned ${of} without ${field}; the answer does not follow the ARM contract`,
      "If the server is ARM itself, report it to Azure support; otherwise check what answers in its place (a proxy or gateway).",
    );
  }
  return value;
}
