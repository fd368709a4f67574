import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import { runBuiltCli } from "./run-cli.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-sandbox-cmd-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Starts `vaultlink sandbox` on a free port and resolves with its URL once it says it is serving. */
function serve(args: readonly string[], urlPattern = /at (http:\/\/127\.0\.0\.1:\d+)$/) {
  const child = spawn(process.execPath, ["bin/vaultlink", "sandbox", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  let stdout = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  let url = "";
  const served = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      stdout += `${line}\n`;
      const match = urlPattern.exec(line);
      if (match?.[1] !== undefined) url = match[1];
      // Resolved once the whole banner is out, so a test can read every line of it.
      if (line === "Press Ctrl-C to stop.") resolve(url);
    });
    child.on("exit", () => reject(new Error(`sandbox exited early: ${stderr}`)));
  });
  return { child, url: served, exited, stderr: () => stderr, stdout: () => stdout };
}

describe("vaultlink sandbox", () => {
  it("serves the demo tenant to curl-like clients, logs each request and saves its state on Ctrl-C", async () => {
    const logFile = join(directory, "requests.jsonl");
    const stateFile = join(directory, "state.json");
    const sandbox = serve(["--log", logFile, "--save-state", stateFile]);
    const base = await sandbox.url;
    const headers = { Authorization: `Bearer ${SANDBOX_BEARER_TOKEN}` };

    const listed = await fetch(`${base}/subscriptions?api-version=2022-12-01`, { headers });
    const subscriptions = (await listed.json()) as { value: { subscriptionId: string }[] };
    expect(subscriptions.value.length).toBeGreaterThanOrEqual(2);
    const vaultLists = await Promise.all(
      subscriptions.value.map(async (s) => {
        const response = await fetch(
          `${base}/subscriptions/${s.subscriptionId}/providers/Microsoft.RecoveryServices/vaults?api-version=2026-07-01`,
          { headers },
        );
        expect(response.status).toBe(200);
        return ((await response.json()) as { value: { type: string }[] }).value;
      }),
    );
    const vaults = vaultLists.flat();
    expect(vaults.length).toBeGreaterThan(0);
    expect(vaults.every((v) => v.type === "Microsoft.RecoveryServices/vaults")).toBe(true);

    sandbox.child.kill("SIGINT");
    expect(await sandbox.exited).toBe(0);
    expect(sandbox.stderr()).toContain(`Saved the sandbox state to ${stateFile}.`);

    const log = (await readFile(logFile, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(log).toHaveLength(1 + subscriptions.value.length);
    expect(log[0]).toMatchObject({
      method: "GET",
      path: "/subscriptions",
      apiVersion: "2022-12-01",
      status: 200,
    });

    const saved = JSON.parse(await readFile(stateFile, "utf8"));
    expect(saved.subscriptions).toHaveLength(subscriptions.value.length);
    expect(saved.resources.length).toBeGreaterThan(vaults.length);
  });

  it("serves a saved state file again", async () => {
    const stateFile = join(directory, "state.json");
    const first = serve(["--save-state", stateFile]);
    await first.url;
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);

    const second = serve(["--state", stateFile]);
    const base = await second.url;
    const response = await fetch(`${base}/subscriptions?api-version=2022-12-01`, {
      headers: { Authorization: `Bearer ${SANDBOX_BEARER_TOKEN}` },
    });
    expect(response.status).toBe(200);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });

  it("answers DNS per VNet on a port of its own with --dns-vnet, as a VM there is answered; a non-VNet id exits 2", async () => {
    const hub =
      "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu";
    const served = serve(["--dns-vnet", hub]);
    await served.url;
    const line = served
      .stdout()
      .split("\n")
      .find((l) => l.startsWith("DNS as a VM in vnet-hub-weu"));
    const port = Number(/port (\d+)$/.exec(line ?? "")?.[1]);
    expect(port).toBeGreaterThan(0);
    // The demo hub is linked to no zone holding this name and the sandbox has no internet: REFUSED, from that port.
    const { createNameResolver } = await import("../../src/engine/dns-resolver.js");
    const answer = await createNameResolver(`127.0.0.1:${port}`).resolve(
      "nothing.privatelink.blob.core.windows.net",
    );
    expect(answer.kind === "noRecord" ? answer.code : answer.kind).toMatch(/^(REFUSED|NXDOMAIN)$/);
    served.child.kill("SIGINT");
    expect(await served.exited).toBe(0);
    const bad = await runBuiltCli(["sandbox", "--dns-vnet", `${hub}/subnets/snet-dns-resolver`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is not a virtual network in the sandbox's tenant");
  });

  it("exits 2 for a bad port, latency or fault schedule, and for a missing state file", async () => {
    expect((await runBuiltCli(["sandbox", "--port", "http"])).stderr).toContain(
      '--port: "http" is not a port number.',
    );
    const latency = await runBuiltCli(["sandbox", "--latency", "lro=fast"]);
    expect(latency.code).toBe(2);
    expect(latency.stderr).toContain('--latency: "lro=fast"');
    const faults = await runBuiltCli(["sandbox", "--faults", "429:2"]);
    expect(faults.code).toBe(2);
    const state = await runBuiltCli(["sandbox", "--state", join(directory, "absent.json")]);
    expect(state.code).toBe(2);
    expect(state.stderr).toContain("absent.json");
  });

  it("serves https with a given certificate and key, and says which file clients must trust", async () => {
    const { generateLoopbackCertificate } = await import("../../src/sandbox/tls-certificate.js");
    const made = await generateLoopbackCertificate();
    const keyFile = join(directory, "key.pem");
    const certFile = join(directory, "cert.pem");
    await writeFile(keyFile, made.key);
    await writeFile(certFile, made.cert);
    const sandbox = serve(
      ["--tls", "--cert", certFile, "--key", keyFile],
      /at (https:\/\/127\.0\.0\.1:\d+)$/,
    );
    const base = await sandbox.url;
    expect(sandbox.stdout()).toContain(
      `Certificate (trust it in clients: README "Other clients"): ${certFile}`,
    );
    expect(sandbox.stdout()).toContain(
      `curl --cacert ${certFile} -H "Authorization: Bearer any-token" "${base}/subscriptions`,
    );
    sandbox.child.kill("SIGINT");
    expect(await sandbox.exited).toBe(0);
  });

  it("exits 2 for --cert without --key, and for --cert without --tls", async () => {
    const alone = await runBuiltCli(["sandbox", "--tls", "--cert", join(directory, "c.pem")]);
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining("--cert and --key go together.")]);
    const plain = await runBuiltCli(["sandbox", "--cert", "c.pem", "--key", "k.pem"]);
    expect([plain.code, plain.stderr]).toEqual([2, expect.stringContaining("--cert and --key need --tls.")]);
    const missing = await runBuiltCli([
      "sandbox",
      "--tls",
      "--cert",
      join(directory, "c.pem"),
      "--key",
      "k.pem",
    ]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("--cert: cannot read")]);
  });
});
