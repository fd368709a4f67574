import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/server.js";
import { parseSandboxState } from "../../src/sandbox/state.js";
import { type ArmAnswer, arm } from "./arm-requests.js";

/** Replays the public recordings in test/fixtures/recordings (see its README) against the sandbox. */

interface Interaction {
  readonly request:
    | {
        readonly method: string;
        readonly path: string;
        readonly apiVersion: string;
        readonly headers?: Record<string, string>;
        readonly body?: unknown;
      }
    | { readonly follow: string };
  readonly response: { readonly status: number; readonly body?: unknown };
}

interface Recording {
  readonly source: string;
  readonly state: unknown;
  readonly interactions: readonly Interaction[];
}

const ROOT = fileURLToPath(new URL("../fixtures/recordings/", import.meta.url));
const files = readdirSync(ROOT, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));

/** Values that say what happened, compared exactly; every other recorded value only by its type. */
const EXACT = new Set([
  "status",
  "code",
  "provisioningState",
  "virtualNetworkLinkState",
  "name",
  "type",
  "location",
]);

/** An etag's form, which differs by provider and resource: `W/"…"`, `"…"` or bare. */
function etagForm(etag: unknown): string {
  const text = String(etag);
  return text.startsWith('W/"') ? "weak" : text.startsWith('"') ? "quoted" : "bare";
}

/** Where the sandbox's body lacks what the service returned, or differs in type or in an {@link EXACT} value. */
function differences(recorded: unknown, served: unknown, at = ""): string[] {
  if (recorded === null || typeof recorded !== "object") {
    const key = at.split("/").pop() ?? "";
    if (key === "etag" && etagForm(recorded) !== etagForm(served))
      return [`${at}: a ${etagForm(recorded)} etag recorded, ${JSON.stringify(served)} served`];
    if (typeof served !== typeof recorded)
      return [`${at}: ${typeof recorded} recorded, ${typeof served} served`];
    if (EXACT.has(key) && served !== recorded)
      return [`${at}: ${JSON.stringify(recorded)} recorded, ${JSON.stringify(served)} served`];
    return [];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(served)) return [`${at}: an array recorded, ${JSON.stringify(served)} served`];
    if (recorded.length > 0 && served.length === 0) return [`${at}: items recorded, none served`];
    return recorded.length === 0 ? [] : differences(recorded[0], served[0], `${at}/0`);
  }
  if (served === null || typeof served !== "object" || Array.isArray(served))
    return [`${at}: an object recorded, ${JSON.stringify(served)} served`];
  return Object.entries(recorded).flatMap(([key, value]) =>
    key in served
      ? differences(value, (served as Record<string, unknown>)[key], `${at}/${key}`)
      : [`${at}/${key}: recorded, not served`],
  );
}

describe.each(files)("the recording %s, replayed against the sandbox", (file) => {
  const recording = JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Recording;

  it("gets the recorded status and body shape at every step", async () => {
    expect(recording.source).toMatch(/^https:\/\/github\.com\//);
    const sandbox = await startSandbox({ state: parseSandboxState(recording.state, file) });
    try {
      let previous: ArmAnswer | undefined;
      const steps: string[] = [];
      for (const [index, { request, response }] of recording.interactions.entries()) {
        let answer: ArmAnswer;
        if ("follow" in request) {
          const url = previous?.headers.get(request.follow);
          if (url === null || url === undefined)
            throw new Error(`step ${index}: no ${request.follow} to follow`);
          do answer = await arm(sandbox, "GET", url);
          while (answer.status === 202 || answer.body?.status === "InProgress");
        } else {
          answer = await arm(sandbox, request.method, request.path, {
            apiVersion: request.apiVersion,
            ...(request.headers === undefined ? {} : { headers: request.headers }),
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          previous = answer;
        }
        const where = `step ${index}`;
        if (answer.status !== response.status)
          steps.push(`${where}: status ${response.status} recorded, ${answer.status} served`);
        if (response.body !== undefined)
          steps.push(...differences(response.body, answer.body).map((d) => `${where} body${d}`));
      }
      expect(steps).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
