import { afterEach, describe, expect, it } from "vitest";
import { runBuiltCliFor } from "./built-cli.js";
import { type Answer, answerWith, type LoopbackServer, startLoopbackServer } from "./loopback-server.js";

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const VAULT = `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu`;

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The three kinds of read a command starts with: a list, one resource, and a plan's dry run. */
const COMMANDS: Record<string, (url: string) => string[]> = {
  "check (a list)": (url) => ["check", "--sandbox", url],
  "check VAULT (one resource)": (url) => ["check", VAULT, "--sandbox", url],
  "apply --dry-run": (url) => ["apply", "examples/private-zones.plan.json", "--dry-run", "--sandbox", url],
};

/** A JSON body of about 60 MB: valid, and far larger than any ARM answer. */
function hugeBody(): Buffer {
  const filler = Buffer.alloc(60 * 2 ** 20, " ");
  return Buffer.concat([Buffer.from('{"value": [], "padding": "'), filler, Buffer.from('"}')]);
}

interface BrokenAnswer {
  readonly answer: Answer;
  /** What the message must say about the answer, beside the request and status. */
  readonly says: RegExp;
  readonly status: number;
}

const BROKEN: Record<string, BrokenAnswer> = {
  "a captive portal's HTML page with 200": {
    answer: answerWith(
      200,
      "text/html; charset=utf-8",
      "<html><body>Sign in to the hotel Wi-Fi</body></html>",
    ),
    says: /not JSON but text\/html; charset=utf-8: <html><body>Sign in to the hotel Wi-Fi/,
    status: 200,
  },
  "an empty 200": {
    answer: answerWith(200, "application/json", ""),
    says: /the answer was empty where ARM sends a JSON body/,
    status: 200,
  },
  "text/plain with 200": {
    answer: answerWith(200, "text/plain", "OK"),
    says: /not JSON but text\/plain: OK/,
    status: 200,
  },
  "JSON null": {
    answer: answerWith(200, "application/json", "null"),
    says: /the answer was null where ARM sends a JSON object/,
    status: 200,
  },
  "a JSON array": {
    answer: answerWith(200, "application/json", "[1, 2]"),
    says: /the answer was an array where ARM sends a JSON object/,
    status: 200,
  },
  "JSON that is not ARM's (an empty object)": {
    answer: answerWith(200, "application/json", "{}"),
    // A list page without `value`, a Resource Graph answer without its rows; a resource without ARM's fields.
    says: /(value|totalRecords|data) in the answer|without (id|name)/,
    status: 200,
  },
  "a 60 MB body": {
    answer: answerWith(200, "application/json", hugeBody()),
    says: /the answer was larger than 32 MiB, far more than ARM sends/,
    status: 200,
  },
  "an error whose message is an object": {
    answer: answerWith(
      400,
      "application/json",
      JSON.stringify({
        error: { code: "BadRequest", message: { text: "nested", detail: ["x".repeat(2000)] } },
      }),
    ),
    says: /BadRequest: \{"text":"nested","detail":\["x+… \(\d+ more characters\)/,
    status: 400,
  },
  "a proxy's HTML refusal with 403": {
    answer: answerWith(
      403,
      "text/html",
      `<html><h1>Access denied by proxy</h1>${"<p>policy</p>".repeat(400)}</html>`,
    ),
    says: /HTTP 403: the answer was not an ARM error \(text\/html\): <html><h1>Access denied by proxy<\/h1>.*… \(\d+ more characters\)/,
    status: 403,
  },
};

describe("an answer ARM never sends ends the command with a message naming the request, not as a bug", () => {
  for (const [name, broken] of Object.entries(BROKEN)) {
    for (const [command, args] of Object.entries(COMMANDS)) {
      it(`${name}: ${command}`, async () => {
        server = await startLoopbackServer(broken.answer);

        const { code, stdout, stderr } = await runBuiltCliFor(30_000, args(server.url));

        expect([1, 2], `exit ${code}\n${stderr}`).toContain(code);
        expect(stderr).toMatch(broken.says);
        expect(stderr).not.toMatch(/bug in vaultlink|Internal error|TypeError|SyntaxError/);
        expect(stderr).not.toMatch(/^\s+at /m);
        expect(`${stdout}${stderr}`.length).toBeLessThan(20_000);
        if (broken.status === 200) {
          // The request (method and path: `check` asks Resource Graph first), the status and the content type are
          // named; a resource that came back
          // without the fields ARM always sends is named by its id.
          expect(stderr).toMatch(
            /\((GET \/subscriptions[^ ]*|POST \/providers\/Microsoft\.ResourceGraph\/resources): HTTP 200, (content type [^)]+|no content type)\)|^Error: Could not read [^:]+ \/subscriptions\/[^:]+: ARM returned an? [a-z ]+ without/m,
          );
        }
      });
    }
  }
});
