import { SandboxInputError } from "./sandbox-error.js";

/** What kind of work a request is, for latency: reads, synchronous writes, long-running work. */
export type OperationKind = "read" | "write" | "lro";

/** Milliseconds per kind, already scaled. */
export type LatencyProfile = Readonly<Record<OperationKind, number>>;

export const NO_LATENCY: LatencyProfile = { read: 0, write: 0, lro: 0 };

const HINT = "Use e.g. lro=2000ms,read=20ms,write=50ms,scale=0.1 (units ms or s; scale multiplies them all).";

/** Parses a `--latency` value such as `lro=2000ms,read=20ms,scale=0.5`. */
export function parseLatencyProfile(text: string): LatencyProfile {
  const profile: Record<OperationKind, number> = { ...NO_LATENCY };
  let scale = 1;
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const scaleMatch = /^scale=(\d*\.?\d+)$/.exec(part);
    if (scaleMatch) {
      scale = Number(scaleMatch[1]);
      continue;
    }
    const match = /^(read|write|lro)=(\d*\.?\d+)(ms|s)?$/.exec(part);
    if (!match) throw new SandboxInputError(`--latency: "${part}" is not a latency setting.`, { hint: HINT });
    const value = Number(match[2]) * (match[3] === "s" ? 1000 : 1);
    profile[match[1] as OperationKind] = value;
  }
  return {
    read: Math.round(profile.read * scale),
    write: Math.round(profile.write * scale),
    lro: Math.round(profile.lro * scale),
  };
}
