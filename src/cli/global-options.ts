import { type CloudName, parseCloudName } from "../core/clouds.js";
import { parseSandboxUrl } from "../core/sandbox-endpoint.js";
import { UserError } from "../core/user-error.js";
import { applyQuery, STRUCTURED_FORMATS, type StructuredFormat } from "./structured-output.js";

export type OutputFormat = "text" | "json" | "markdown";

/**
 * `--output` values: text for people, markdown where a command has a markdown view (apply's dry run, show), and the
 * az CLI's data formats (json, jsonc, yaml, table, tsv), which all print the data a command has as JSON.
 */
export const OUTPUT_FORMATS = ["text", "markdown", ...STRUCTURED_FORMATS] as const;

/** How much vaultlink tells on stderr about its ARM traffic: --verbose one line per operation, --debug per request. */
export type LogLevel = "normal" | "verbose" | "debug";

/** Where commands send their ARM requests: the built-in demo tenant, a sandbox already running, or Azure. */
export type Target = { kind: "azure" } | { kind: "builtInSandbox" } | { kind: "sandboxUrl"; url: URL };

/** The options every command shares, checked once at the edge. */
export interface GlobalOptions {
  readonly target: Target;
  /** text, markdown, or json for every data format: commands compute the data once, the printer formats it. */
  readonly output: OutputFormat;
  /** How data is printed when `output` is json (-o jsonc/yaml/table/tsv), as az does. */
  readonly format: StructuredFormat;
  /** --query: a JMESPath expression applied to the data before it is formatted. */
  readonly query: string | undefined;
  /** undefined when --cloud was not given: a command then uses the cloud its input implies, or AzureCloud. */
  readonly cloud: CloudName | undefined;
  readonly subscriptions: readonly string[];
  readonly tenant: string | undefined;
  /** --device-code: sign in with a code typed into a browser elsewhere (SSH sessions, headless machines). */
  readonly deviceCode: boolean;
  readonly log: LogLevel;
  readonly color: boolean;
  /** --no-prompt: never wait for an answer; a missing decision is an error naming its flag (prompt-policy.ts). */
  readonly noPrompt: boolean;
  /**
   * --inventory: where the lists across subscriptions come from: `graph`, Azure Resource Graph (ARM lists when it
   * refuses), or `arm`, ARM's lists per subscription only (when Resource Graph lags behind a change just made).
   */
  readonly inventory: InventoryChoice;
}

export const INVENTORY_CHOICES = ["graph", "arm"] as const;
export type InventoryChoice = (typeof INVENTORY_CHOICES)[number];

/** What commander hands over: raw values, unchecked. */
export interface RawGlobalOptions {
  sandbox?: string | boolean;
  output?: string;
  query?: string;
  cloud?: string;
  subscription?: string[];
  tenant?: string;
  deviceCode?: boolean;
  verbose?: boolean;
  debug?: boolean;
  color?: boolean;
  prompt?: boolean;
  inventory?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolveGlobalOptions(raw: RawGlobalOptions, colorDefault: boolean): GlobalOptions {
  const target: Target =
    raw.sandbox === undefined || raw.sandbox === false
      ? { kind: "azure" }
      : raw.sandbox === true
        ? { kind: "builtInSandbox" }
        : { kind: "sandboxUrl", url: parseSandboxUrl(raw.sandbox) };
  for (const subscription of raw.subscription ?? []) {
    if (!GUID.test(subscription)) {
      throw new UserError(`--subscription: "${subscription}" is not a subscription id.`, {
        hint: "Give the subscription's GUID (`az account list -o table` shows them); repeat the option for several.",
      });
    }
  }
  if (raw.tenant !== undefined && !GUID.test(raw.tenant) && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(raw.tenant)) {
    throw new UserError(`--tenant: "${raw.tenant}" is neither a tenant id nor a domain name.`, {
      hint: "Give the tenant's GUID or its domain, e.g. contoso.onmicrosoft.com.",
    });
  }
  const structured = STRUCTURED_FORMATS.find((f) => f === raw.output);
  // A query that does not parse is bad input before anything is read, not after.
  applyQuery(null, raw.query);
  if (raw.query !== undefined && raw.output === "markdown")
    throw new UserError("--query works on data (-o json, jsonc, yaml, table or tsv), not on markdown.", {
      hint: "Drop --query, or choose a data format.",
    });
  return {
    target,
    output:
      raw.output === "markdown"
        ? "markdown"
        : structured !== undefined || raw.query !== undefined
          ? "json"
          : "text",
    format: structured ?? "json",
    query: raw.query,
    cloud: raw.cloud === undefined ? undefined : parseCloudName(raw.cloud),
    subscriptions: raw.subscription ?? [],
    tenant: raw.tenant,
    deviceCode: raw.deviceCode === true,
    log: raw.debug === true ? "debug" : raw.verbose === true ? "verbose" : "normal",
    color: raw.color !== false && colorDefault,
    noPrompt: raw.prompt === false,
    inventory: raw.inventory === "arm" ? "arm" : "graph",
  };
}
