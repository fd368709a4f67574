import { createHash } from "node:crypto";

/**
 * The sandbox's GUIDs, etags and other generated names come from hashes, never from a random source, so the
 * demo tenant is the same value on every call and a sandbox started with the same seed that is sent the same
 * requests answers the same ids (stable state files and golden tests).
 */

/** SHA-256 of the lower-cased text: ARM names compare case-insensitively, so their hashes must too. */
export function digest(text: string): Buffer {
  return createHash("sha256").update(text.toLowerCase()).digest();
}

/** A GUID derived from `text`, laid out as RFC 9562 version 4 / variant 10 so GUID validators accept it. */
export function guidFrom(text: string): string {
  const hex = digest(text).toString("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Fresh GUIDs for one sandbox: the n-th GUID of a seed is always the same. */
export class IdSequence {
  private count = 0;

  constructor(readonly seed: string) {}

  next(): string {
    this.count += 1;
    return guidFrom(`${this.seed}#${this.count}`);
  }
}
