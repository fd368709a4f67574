import { afterEach, describe, expect, it } from "vitest";
import { runBuiltCliFor } from "./built-cli.js";
import { answerWith, type LoopbackServer, startLoopbackServer } from "./loopback-server.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Long enough for the SDK's three retries with back-off (about 1 + 2 + 4 s), far shorter than the 90 s request
 * timeout a run used to wait out after its last line: a run cut off here ends with code -1.
 */
const LIMIT_MS = 45_000;

/** `check` asks Azure Resource Graph first: its first request is a query. */
const GRAPH_QUERY = "POST /providers/Microsoft.ResourceGraph/resources";

describe("a failing connection fails fast and the process ends with its error", () => {
  it("a connection closed at once is retried with back-off, and the run ends as soon as the retries are spent", async () => {
    server = await startLoopbackServer((req) => req.socket.destroy());

    const { code, stderr } = await runBuiltCliFor(LIMIT_MS, ["check", "--sandbox", server.url]);

    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/could not be reached or did not answer \(ECONNRESET: /);
    expect(stderr).not.toMatch(/^\s+at /m);
    // The first try and the SDK's three retries; no fallback to ARM lists, which would fail the same way.
    expect(server.requests).toEqual(Array(4).fill(GRAPH_QUERY));
  }, 60_000);

  it("a sandbox that is not listening is reported and the process ends", async () => {
    server = await startLoopbackServer(answerWith(200, "application/json", "{}"));
    const url = server.url;
    await server.close();
    server = undefined;

    const { code, stderr } = await runBuiltCliFor(LIMIT_MS, ["check", "--sandbox", url]);

    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/ECONNREFUSED/);
  }, 60_000);

  it("a 429 asking to wait a day is not waited out: the run stops at once and says why", async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(429, { "Content-Type": "application/json", "Retry-After": "86400" });
      res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "Slow down." } }));
    });

    const { code, stderr } = await runBuiltCliFor(LIMIT_MS, ["check", "--sandbox", server.url]);

    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(
      /ARM asks to wait 24 h before trying again \(Retry-After\); vaultlink waits at most 60 s, so it gives up now \(POST \/providers\/Microsoft\.ResourceGraph\/resources: HTTP 429/,
    );
    expect(server.requests).toEqual([GRAPH_QUERY]);
  }, 60_000);

  it("a 429 asking for a short wait is still waited out and retried", async () => {
    let answered = 0;
    server = await startLoopbackServer((req, res) => {
      answered += 1;
      if (answered === 1) {
        res.writeHead(429, { "Content-Type": "application/json", "Retry-After": "1" });
        res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "Slow down." } }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      // An empty tenant, as Resource Graph and ARM lists each answer it.
      const graph =
        req.method === "POST" && req.url?.startsWith("/providers/Microsoft.ResourceGraph/resources");
      res.end(
        JSON.stringify(
          graph ? { totalRecords: 0, count: 0, resultTruncated: "false", data: [] } : { value: [] },
        ),
      );
    });

    const { code, stdout, stderr } = await runBuiltCliFor(LIMIT_MS, ["check", "--sandbox", server.url]);

    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/no Recovery Services vault|No Recovery Services vault|no vault/i);
    // The throttled query, then the same query again once the wait was over.
    expect(server.requests.slice(0, 2)).toEqual([GRAPH_QUERY, GRAPH_QUERY]);
  }, 60_000);
});
