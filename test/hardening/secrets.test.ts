import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import { type CliResult, runBuiltCli } from "../cli/run-cli.js";

/*
 * A full flow through the built CLI with credentials in the environment, and every byte it writes searched for
 * them: standard output and error of every command, and every file written (plan, sandbox log and saved state, DNS
 * artefacts, hosts file, exported template). The credential values are unique markers, so a hit cannot be a
 * coincidence. Signing in without --sandbox fails fast and locally: HTTPS goes through a proxy on loopback that
 * refuses every CONNECT (core-rest-pipeline's proxy policy honours HTTPS_PROXY), and managed identity asks an
 * identity endpoint on loopback (as in test/cli/signin.test.ts).
 */

const CLIENT_SECRET = `client-secret-${randomUUID()}`;
const IDENTITY_HEADER = `identity-header-${randomUUID()}`;
const SECRETS = { SANDBOX_BEARER_TOKEN, AZURE_CLIENT_SECRET: CLIENT_SECRET, IDENTITY_HEADER };
const VAULT =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu";

let directory: string;
let loopback: Server;
let loopbackUrl: string;
const proxied: string[] = [];

beforeAll(async () => {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  directory = await mkdtemp(join(tmpdir(), "vaultlink-secrets-"));
  loopback = createServer((request, response) => {
    proxied.push(`${request.method} ${request.url}`);
    response.writeHead(400, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "invalid_request", error_description: "No identity is assigned." }));
  });
  loopback.on("connect", (request, socket) => {
    proxied.push(`CONNECT ${request.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise<void>((resolve) => loopback.listen(0, "127.0.0.1", resolve));
  loopbackUrl = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => loopback.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

/** An environment a service principal and an App Service identity would both sign in from; no az, azd or pwsh. */
function credentialEnvironment(): Record<string, string> {
  const home = join(directory, "home");
  return {
    PATH: dirname(process.execPath),
    HOME: home,
    AZURE_CONFIG_DIR: join(home, ".azure"),
    NO_COLOR: "1",
    AZURE_TENANT_ID: "8f3c2a1b-0000-4000-8000-000000000001",
    AZURE_CLIENT_ID: "5b0c6e2d-0000-4000-8000-0000000000aa",
    AZURE_CLIENT_SECRET: CLIENT_SECRET,
    IDENTITY_ENDPOINT: `${loopbackUrl}/msi/token`,
    IDENTITY_HEADER,
    HTTPS_PROXY: loopbackUrl,
    NO_PROXY: "127.0.0.1,localhost",
  };
}

interface SandboxProcess {
  readonly url: string;
  readonly dnsServer: string;
  stop(): Promise<{ stdout: string; stderr: string }>;
}

/** `vaultlink sandbox` as its own process; ready once it prints its banner, which names its URL and DNS port. */
function startSandboxProcess(args: readonly string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ["bin/vaultlink", "sandbox", ...args], {
    env: credentialEnvironment(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("close", () => reject(new Error(`vaultlink sandbox ended before it was ready: ${stderr}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (!stdout.includes("Press Ctrl-C to stop.")) return;
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const dns = /(127\.0\.0\.1) port (\d+)/.exec(stdout);
      if (url === undefined || dns === null) return reject(new Error(`no URL in the banner: ${stdout}`));
      resolve({
        url,
        dnsServer: `${dns[1]}:${dns[2]}`,
        stop: async () => {
          child.kill("SIGINT");
          await closed;
          return { stdout, stderr };
        },
      });
    });
  });
}

/** Every file under `path`, with its bytes as text. */
async function filesUnder(path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files.set(file, await readFile(file, "utf8"));
  }
  return files;
}

describe("secrets in a full run of the built CLI", () => {
  it("neither the sandbox token nor a credential from the environment appears in any output or file", async () => {
    const work = join(directory, "work");
    await mkdir(join(directory, "home", ".azure"), { recursive: true });
    await mkdir(work);
    const plan = join(work, "vault.plan.json");
    await copyFile("examples/private-zones.plan.json", plan);
    const hosts = join(work, "hosts");
    await writeFile(hosts, "127.0.0.1 localhost\n");
    const sandbox = await startSandboxProcess([
      "--port",
      "0",
      "--log",
      join(work, "sandbox-requests.jsonl"),
      "--save-state",
      join(work, "sandbox-state.json"),
      "--latency",
      "read=1ms,write=1ms,lro=1ms",
    ]);
    const on = ["--sandbox", sandbox.url];
    const commands: string[][] = [
      ["show", plan],
      ["show", plan, "--output", "json"],
      ["apply", plan, "--dry-run", ...on, "--debug"],
      ["apply", plan, "--dry-run", ...on, "--output", "json"],
      ["apply", plan, "--yes", ...on, "--debug"],
      ["apply", plan, "--yes", ...on, "--output", "json", "--verbose"],
      ["verify", plan, ...on, "--dns-server", sandbox.dnsServer, "--debug"],
      ["verify", plan, ...on, "--dns-server", sandbox.dnsServer, "--output", "json"],
      ["dns", plan, ...on, "--format", "bind", "--out", join(work, "dns"), "--debug"],
      ["dns", plan, ...on, "--format", "hosts", "--output", "json"],
      ["dns", plan, ...on, "--write", hosts, "--verbose"],
      ["check", VAULT, ...on, "--debug", "--output", "json"],
      ["export", plan, "--format", "arm", ...on, "--out", join(work, "template.json"), "--debug"],
      ["whoami", ...on, "--output", "json", "--debug"],
      ["apply", plan, "--dry-run", "--sandbox", "--debug"],
      // No --sandbox: sign-in with the secret in the environment, refused at once on loopback.
      ["apply", plan, "--dry-run", "--debug"],
      ["whoami", "--output", "json", "--debug"],
    ];
    const results: Array<{ args: string[]; result: CliResult }> = [];
    for (const args of commands)
      results.push({ args, result: await runBuiltCli(args, credentialEnvironment()) });
    const stopped = await sandbox.stop();
    const files = await filesUnder(work);

    // The flow did what it says, so the outputs searched are the real ones.
    const exit = (args: string[]) => results.find((r) => r.args === args)?.result.code;
    expect(commands.slice(0, 14).map(exit)).toEqual(commands.slice(0, 14).map(() => 0));
    expect(results[4]?.result.stderr).toMatch(/PUT .*privateEndpoints/);
    expect(results[6]?.result.stdout).toMatch(/pass|✓/i);
    expect([...files.keys()].map((f) => f.slice(work.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        "hosts",
        "sandbox-requests.jsonl",
        "sandbox-state.json",
        "template.json",
        "vault.plan.json",
      ]),
    );
    expect([...files.keys()].some((f) => f.includes(`${join(work, "dns")}/`))).toBe(true);
    expect(exit(commands[15] ?? [])).toBe(2);
    expect(results[15]?.result.stderr).toMatch(/EnvironmentCredential/);
    expect(proxied).toContain("CONNECT login.microsoftonline.com:443");

    const outputs = new Map<string, string>([
      ...results.flatMap(({ args, result }) => [
        [`vaultlink ${args.join(" ")} (stdout)`, result.stdout] as const,
        [`vaultlink ${args.join(" ")} (stderr)`, result.stderr] as const,
      ]),
      ["vaultlink sandbox (stdout)", stopped.stdout],
      ["vaultlink sandbox (stderr)", stopped.stderr],
      ...files,
    ]);
    const leaks = [...outputs].flatMap(([where, text]) =>
      Object.entries(SECRETS)
        .filter(([, secret]) => text.includes(secret))
        .map(([name]) => `${name} in ${where}`),
    );
    expect(leaks).toEqual([]);
    console.log(
      `secrets: ${commands.length} commands and the sandbox process, ${outputs.size} outputs and files ` +
        `(${[...outputs.values()].reduce((sum, text) => sum + text.length, 0)} characters) searched, no secret found`,
    );
  }, 120_000);
});
