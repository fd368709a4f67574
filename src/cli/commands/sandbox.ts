import { readFile } from "node:fs/promises";
import { shellWord } from "../../core/shell-quote.js";
import { UserError } from "../../core/user-error.js";
import type { CommandContext } from "../program.js";

export interface SandboxCommandOptions {
  readonly port: string;
  readonly state?: string;
  readonly saveState?: string;
  /** Serve the generated 500-subscription tenant (big-tenant.ts). */
  readonly bigTenant?: boolean;
  readonly log?: string;
  readonly latency?: string;
  readonly faults?: string;
  /** ARM's token buckets, `reads=250:25,writes=200:10,deletes=200:10`. */
  readonly buckets?: string;
  readonly dnsPort?: string;
  /** VNet ids: one more DNS listener each, answering as a VM in that VNet is answered. */
  readonly dnsVnet?: readonly string[];
  /** `ACTION[@SCOPE]` values: serve as to a caller without these permissions. */
  readonly deny?: readonly string[];
  /** `EVENT=VAULT` values (first-registration, first-backup): lifecycle events to apply once serving. */
  readonly event?: readonly string[];
  /** Serve https: with `cert` and `key` (PEM files), or a certificate generated at start. */
  readonly tls?: boolean;
  readonly cert?: string;
  readonly key?: string;
}

/** The https certificate to serve, and the file clients are told to trust; undefined for plain http. */
async function certificateFor(
  options: SandboxCommandOptions,
): Promise<{ cert: string; key: string; certFile: string } | undefined> {
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new UserError("--cert and --key go together.", {
      hint: "Give both PEM files (--tls --cert cert.pem --key key.pem), or neither to have a certificate made.",
    });
  }
  if (options.cert !== undefined && options.key !== undefined) {
    if (options.tls !== true) {
      throw new UserError("--cert and --key need --tls.", { hint: "Add --tls to serve https." });
    }
    const [cert, key] = await Promise.all([readPem(options.cert, "--cert"), readPem(options.key, "--key")]);
    return { cert, key, certFile: options.cert };
  }
  if (options.tls !== true) return undefined;
  const { generateLoopbackCertificate } = await import("../../sandbox/tls-certificate.js");
  try {
    return await generateLoopbackCertificate();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UserError("--tls: openssl was not found to make the sandbox's certificate.", {
        hint: "Install openssl (apt-get install openssl), or give a certificate with --cert FILE --key FILE.",
      });
    }
    throw error;
  }
}

async function readPem(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UserError(
      `${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error}).`,
      {
        hint: "Give the path of a PEM file.",
      },
    );
  }
}

function parsePort(value: string, option = "--port"): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UserError(`${option}: "${value}" is not a port number.`, {
      hint: "Give a number from 1 to 65535, or 0 to let the system pick a free port.",
    });
  }
  return port;
}

/**
 * `vaultlink sandbox`: serves the simulated tenant on 127.0.0.1 until interrupted, for curl, az CLI recordings or
 * another vaultlink (`--sandbox http://127.0.0.1:PORT`). The sandbox module is loaded only here, not at start-up.
 */
export async function runSandbox(context: CommandContext, options: SandboxCommandOptions): Promise<void> {
  const { SandboxInputError } = await import("../../sandbox/sandbox-error.js");
  try {
    await serveSandbox(context, options);
  } catch (error) {
    // The sandbox has its own error type (it imports nothing of vaultlink's): its input errors are the user's.
    if (!(error instanceof SandboxInputError)) throw error;
    throw new UserError(error.message, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
}

async function serveSandbox({ out, err }: CommandContext, options: SandboxCommandOptions): Promise<void> {
  const port = parsePort(options.port);
  const dnsPort = options.dnsPort === undefined ? 0 : parsePort(options.dnsPort, "--dns-port");
  const [
    { startSandbox },
    { loadSandboxState, saveSandboxState },
    { parseFaultSchedule },
    { parseBucketLimits },
    { parseLatencyProfile },
    { parseDeniedAction },
    { parseLifecycleEvent },
    { EVENTS_PATH },
    { MANAGED_IDENTITY_PATH },
  ] = await Promise.all([
    import("../../sandbox/server.js"),
    import("../../sandbox/state.js"),
    import("../../sandbox/faults.js"),
    import("../../sandbox/throttling.js"),
    import("../../sandbox/latency.js"),
    import("../../sandbox/authorization.js"),
    import("../../sandbox/lifecycle-events.js"),
    import("../../sandbox/event-route.js"),
    import("../../sandbox/managed-identity.js"),
  ]);
  const deniedActions = (options.deny ?? []).map(parseDeniedAction);
  const events = (options.event ?? []).map(parseLifecycleEvent);
  const latency = options.latency === undefined ? undefined : parseLatencyProfile(options.latency);
  const faults = options.faults === undefined ? undefined : parseFaultSchedule(options.faults);
  const throttling = options.buckets === undefined ? undefined : parseBucketLimits(options.buckets);
  if (options.bigTenant === true && options.state !== undefined)
    throw new UserError("--big-tenant and --state each name the tenant to serve: give one.", {
      hint: "Drop --state to serve the generated tenant, or --big-tenant to serve the state file.",
    });
  const state =
    options.bigTenant === true
      ? (await import("../../sandbox/big-tenant.js")).bigTenant()
      : options.state === undefined
        ? undefined
        : await loadSandboxState(options.state);
  const tls = await certificateFor(options);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      port,
      dns: { port: dnsPort },
      ...(state === undefined ? {} : { state }),
      ...(latency === undefined ? {} : { latency }),
      ...(faults === undefined ? {} : { faults }),
      ...(throttling === undefined ? {} : { throttling }),
      ...(options.log === undefined ? {} : { logFile: options.log }),
      deniedActions,
      ...(tls === undefined ? {} : { tls: { cert: tls.cert, key: tls.key } }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UserError(`Port ${port} on 127.0.0.1 is already in use.`, {
        hint: "Pick another --port, or --port 0 for any free one.",
      });
    }
    throw error;
  }
  // Listen for Ctrl-C before saying we serve: a script that reads the URL and stops us at once must not kill us
  // before the state is saved.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const vnetViews: { id: string; host: string; port: number }[] = [];
  try {
    for (const id of options.dnsVnet ?? []) vnetViews.push({ id, ...(await sandbox.dnsView(id)) });
    for (const event of events) {
      const grown = sandbox.simulate(event).filter((growth) => growth.added.length > 0);
      const records = grown.reduce((n, growth) => n + growth.added.length, 0);
      out.line(
        `${event.kind} of ${event.vaultId}: ${records === 0 ? "no new names (no approved AzureBackup endpoint, or it happened before)" : `${records} new names on ${grown.length} endpoint${grown.length === 1 ? "" : "s"}`}.`,
      );
      for (const { fqdn, ipAddress } of grown.flatMap((growth) => growth.added))
        out.line(`  ${fqdn} ${ipAddress}`);
    }
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const served =
    options.bigTenant === true
      ? "the generated big tenant (500 subscriptions, 5,000 vaults, 60,000 subnets)"
      : (options.state ?? "the demo tenant");
  out.line(`Sandbox serving ${served} at ${sandbox.url}`);
  // Any bearer token is accepted (authorization.ts), so the example carries one that works as pasted.
  const cacert = tls === undefined ? "" : ` --cacert ${shellWord(tls.certFile)}`;
  out.line(
    `  try: curl${cacert} -H "Authorization: Bearer any-token" "${sandbox.url}/subscriptions?api-version=2022-12-01"`,
  );
  if (tls !== undefined) {
    out.line(`Certificate (trust it in clients: README "Other clients"): ${tls.certFile}`);
    out.line(
      `  az CLI / Python: REQUESTS_CA_BUNDLE=${shellWord(tls.certFile)} · Node: NODE_EXTRA_CA_CERTS=${shellWord(tls.certFile)}`,
    );
  }
  out.line(
    `Managed-identity token endpoint (az login --identity): MSI_ENDPOINT=${sandbox.url}${MANAGED_IDENTITY_PATH}`,
  );
  out.line(`  or:  vaultlink --sandbox ${sandbox.url} …`);
  out.line(
    `Lifecycle events: curl -X POST -d '{"event":"first-backup","vault":"<vault name or id>"}' "${sandbox.url}${EVENTS_PATH}"`,
  );
  out.line(
    `DNS (as Azure's resolver answers in a VNet linked to the zones): ${sandbox.dnsAddress.host} port ${sandbox.dnsAddress.port}`,
  );
  out.line(
    `  try: dig @${sandbox.dnsAddress.host} -p ${sandbox.dnsAddress.port} <name>, or vaultlink verify PLAN --sandbox ${sandbox.url} --dns-server ${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`,
  );
  for (const view of vnetViews) {
    out.line(
      `DNS as a VM in ${view.id.split("/").at(-1)} is answered (its DNS servers, resolver inbound endpoints, forwarding rulesets, linked zones): ${view.host} port ${view.port}`,
    );
  }
  for (const denied of deniedActions)
    out.line(`Refusing ${denied.action} over ${denied.scope} (403, as to a caller without that role).`);
  out.line("Press Ctrl-C to stop.");
  await stopped;
  const snapshot = sandbox.snapshot();
  await sandbox.close();
  if (options.saveState !== undefined) {
    await saveSandboxState(options.saveState, snapshot);
    err.line(`Saved the sandbox state to ${options.saveState}.`);
  }
  err.line("Sandbox stopped.");
}
