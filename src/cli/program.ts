import { Command, CommanderError, Option } from "commander";
import { distance } from "fastest-levenshtein";
import { CLOUD_NAMES } from "../core/clouds.js";
import { ExitCode, UserError } from "../core/user-error.js";
import { DNS_FORMATS } from "../engine/dns-formats.js";
import type { FleetCommandOptions } from "./commands/apply-fleet.js";
import type { ApproveCommandOptions } from "./commands/approve.js";
import type { CheckCommandOptions } from "./commands/check.js";
import type { DnsCommandOptions } from "./commands/dns.js";
import type { ExportCommandOptions } from "./commands/export.js";
import type { GuidanceCommandOptions } from "./commands/guidance.js";
import type { ResolveCommandOptions } from "./commands/resolve.js";
import type { SandboxCommandOptions } from "./commands/sandbox.js";
import type { VerifyCommandOptions } from "./commands/verify.js";
import {
  type GlobalOptions,
  INVENTORY_CHOICES,
  OUTPUT_FORMATS,
  type RawGlobalOptions,
  resolveGlobalOptions,
} from "./global-options.js";
import { collectRepeated, EXPORT_FORMATS, GUIDANCE_FORMATS } from "./option-values.js";
import { colorWanted, createPrinter, type Printer } from "./output.js";
import { version } from "./version.js";

export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Context each command receives: checked global options and printers for both streams. */
export interface CommandContext {
  readonly options: GlobalOptions;
  readonly out: Printer;
  readonly err: Printer;
  readonly io: CliIo;
}

/** Where a command that ends without an error but with a code that means something (`dns --check`: 4) leaves it. */
export interface CommandOutcome {
  exitCode: ExitCode;
}

/** A loopback address with a port and no scheme, as people paste it: `127.0.0.1:8443`, `localhost:8080/`. */
const SCHEMELESS_LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]):\d{1,5}(\/.*)?$/i;

/**
 * `--sandbox` takes an optional URL. Commander would swallow the next word as that URL (`--sandbox show plan.json`
 * would read "show" as a URL), so a bare `--sandbox` that is not followed by a URL is made explicit here. A loopback
 * `host:port` without a scheme is read as an http URL, as curl does.
 */
export function normaliseSandboxFlag(argv: readonly string[]): string[] {
  const withScheme = (value: string) => (SCHEMELESS_LOOPBACK.test(value) ? `http://${value}` : value);
  return argv.map((arg, index) => {
    if (arg.startsWith("--sandbox=")) return `--sandbox=${withScheme(arg.slice("--sandbox=".length))}`;
    const next = argv[index + 1] ?? "";
    if (arg === "--sandbox")
      return /^https?:\/\//i.test(next) || SCHEMELESS_LOOPBACK.test(next) ? arg : "--sandbox=";
    return argv[index - 1] === "--sandbox" ? withScheme(arg) : arg;
  });
}

/** Shown under every command's --help: the exit codes scripts can rely on (README "Exit codes"). */
const EXIT_CODES_HELP = `
Exit codes:
  0  done            1  failed            2  bad usage or input
  3  blocked/stale   4  dns --check: DNS lacks records
  5  apply --dry-run --detailed-exitcode: changes pending
  6  apply: an operation on a planned resource is still running`;

/** Examples under each command's --help, as az prints them. */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  apply: [
    "vaultlink apply my.plan.json --dry-run                 # preview: each action, nothing written",
    "vaultlink apply my.plan.json --dry-run -o markdown     # the preview as a pull-request comment",
    "vaultlink apply my.plan.json --yes                     # apply without asking (pipelines)",
    "vaultlink apply plans/*.json --parallel 4 --yes        # a fleet",
  ],
  check: [
    "vaultlink check --sandbox",
    "vaultlink check --subscription <id> -o table --query vaults",
    "vaultlink check --nsg /subscriptions/…/networkSecurityGroups/nsg-app",
    "vaultlink check --workload sql --workload mabs:4",
  ],
  show: ["vaultlink show my.plan.json", "vaultlink show my.plan.json -o markdown"],
  approve: [
    "vaultlink approve my.plan.json",
    "vaultlink approve my.plan.json --yes",
    "vaultlink approve my.plan.json --reject",
  ],
  verify: [
    "vaultlink verify my.plan.json --dns-server 10.0.0.4",
    "vaultlink verify my.plan.json --hosts-file /etc/hosts   # a hosts-file plan, on the machine itself",
  ],
  resolve: [
    "vaultlink resolve my.plan.json",
    "vaultlink resolve my.plan.json --vnet /subscriptions/…/virtualNetworks/vnet-spoke -o json",
  ],
  dns: [
    "vaultlink dns my.plan.json --format bind --out dns/",
    "vaultlink dns my.plan.json --format hosts --write /etc/hosts",
    "vaultlink dns my.plan.json --check --out dns/ --format bind",
  ],
  export: [
    "vaultlink export my.plan.json --format arm --out template.json",
    "vaultlink export my.plan.json --format stack --out stacks/   # az stack sub create, one per subscription",
    "vaultlink export my.plan.json --format arm --all --out setup.json   # the whole setup, not only what is missing",
  ],
  guidance: [
    "vaultlink guidance my.plan.json --format azure-firewall   # az commands for a firewall policy",
    "vaultlink guidance my.plan.json --format fqdn-list > allow.txt",
    "vaultlink guidance my.plan.json --format nsg -o json",
  ],
  sandbox: ["vaultlink sandbox --port 8080", "vaultlink --sandbox http://127.0.0.1:8080 check"],
  whoami: ["vaultlink whoami --tenant contoso.onmicrosoft.com"],
  zones: ["vaultlink zones uksouth", "vaultlink zones 'North Europe' -o yaml"],
};

/** `vaultlink aply`: an unknown command, with the nearest known one (as git and az suggest). */
function unknownCommand(program: Command, word: string): UserError {
  const names = program.commands.map((c) => c.name());
  const nearest = names
    .map((name) => ({ name, d: distance(word.toLowerCase(), name) }))
    .sort((a, b) => a.d - b.d)[0];
  const suggestion =
    nearest !== undefined && nearest.d <= Math.max(2, Math.floor(word.length / 3)) ? nearest.name : undefined;
  return new UserError(
    `"${word}" is not a vaultlink command.${suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`}`,
    {
      hint: `Commands: ${names.join(", ")}. Run \`vaultlink --help\` for what each does.`,
    },
  );
}

/** The commands with a markdown view (a pull-request comment). */
const MARKDOWN_COMMANDS = new Set(["apply", "show"]);

export function buildProgram(io: CliIo, outcome: CommandOutcome = { exitCode: ExitCode.ok }): Command {
  const program = new Command("vaultlink");
  const context = (command: Command): CommandContext => {
    const raw = command.optsWithGlobals<RawGlobalOptions>();
    if (raw.sandbox === "") raw.sandbox = true;
    const options = resolveGlobalOptions(raw, colorWanted(io.stdout, false, io.env));
    if (options.output === "markdown" && !MARKDOWN_COMMANDS.has(command.name()))
      throw new UserError(`--output markdown: \`vaultlink ${command.name()}\` has no markdown view.`, {
        hint: "Markdown is for a plan's review: `vaultlink apply PLAN --dry-run -o markdown` or `vaultlink show PLAN -o markdown`.",
      });
    return {
      options,
      out: createPrinter(io.stdout, options.color, { format: options.format, query: options.query }),
      err: createPrinter(io.stderr, colorWanted(io.stderr, !options.color, io.env)),
      io,
    };
  };

  program
    .description(
      "Set up Azure Backup private endpoints (v2) for a Recovery Services vault: a guided wizard that writes a " +
        "replayable plan, and commands that replay, preview and verify it.",
    )
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help for vaultlink or a command")
    .option(
      "--sandbox [url]",
      "use the built-in demo tenant, or a sandbox served by `vaultlink sandbox` at URL",
    )
    .addOption(
      new Option("-o, --output <format>", "output format (json, jsonc, yaml, table and tsv as in az)")
        .choices([...OUTPUT_FORMATS])
        .default("text"),
    )
    .option(
      "--query <jmespath>",
      "a JMESPath query on the data, as in az (implies -o json unless another data format is given)",
    )
    .addOption(new Option("--cloud <name>", "Azure cloud").choices([...CLOUD_NAMES]))
    .option("--subscription <id...>", "subscription(s) to work in (repeatable)")
    .option("--tenant <id>", "Microsoft Entra tenant to sign in to")
    .option("--device-code", "sign in with a code entered in a browser elsewhere (SSH, headless machines)")
    .option("--verbose", "say on stderr what is read and written in Azure, one line per operation")
    .option(
      "--debug",
      "log every ARM request on stderr: method, URL, status, duration, x-ms-request-id (never a credential)",
    )
    .addOption(
      new Option(
        "--inventory <source>",
        "where lists across subscriptions come from: graph (Azure Resource Graph; ARM lists when it refuses) or arm (ARM lists only, for when Resource Graph lags)",
      )
        .choices([...INVENTORY_CHOICES])
        .default("graph"),
    )
    .option("--no-color", "no colours (NO_COLOR is honoured too)")
    .option(
      "--no-prompt",
      "never wait for an answer (also when CI is set or stdin is not a terminal); a missing decision is an error naming its flag",
    )
    .showHelpAfterError("(run `vaultlink --help` for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    // Each command's module is loaded when it runs, not at start: `--version`, `--help` and `zones` stay quick, and
    // the wizard's first frame does not wait for the engine and the SDK.
    .allowExcessArguments(true)
    .action(async (_options, command: Command) => {
      const [word] = command.args;
      if (word !== undefined) throw unknownCommand(program, word);
      outcome.exitCode = await (await import("./commands/wizard.js")).runWizard(context(command));
    });

  program
    .command("apply")
    .description(
      "make Azure match a plan: create what is missing, change nothing else; several plans apply as a fleet",
    )
    .argument("<plan...>", "plan file(s) written by the wizard, e.g. plans/*.json")
    .option("--dry-run", "show each action and the resource it touches; write nothing")
    .option("--yes", "apply without asking (for pipelines)")
    .option("--refresh", "plan again against today's state instead of stopping when the plan is stale")
    .option(
      "--detailed-exitcode",
      "with --dry-run: exit 5 when there are changes to make, 0 when there are none",
    )
    .option(
      "--dns-server <ip[:port]>",
      "the DNS server workloads use: public access Deny waits until the names resolve privately through it",
    )
    .option(
      "--wait-timeout <seconds>",
      "how long to wait for operations already running on planned resources before exiting 6 (default 600)",
    )
    .option("--parallel <n>", "fleet: plans worked on at once (default 4)")
    .option("--subscription-budget <n>", "fleet: ARM calls in flight at once per subscription (default 4)")
    .action(async (planPaths: string[], options: FleetCommandOptions, command: Command) => {
      if (planPaths.length === 1 && planPaths[0] !== undefined)
        outcome.exitCode = await (await import("./commands/apply.js")).runApply(
          context(command),
          planPaths[0],
          options,
        );
      else if (options.detailedExitcode === true)
        throw new UserError("--detailed-exitcode is for one plan, not a fleet.", {
          hint: "A fleet's exit code is 0 only when every plan succeeded; preview each plan with --dry-run --detailed-exitcode.",
        });
      else
        await (await import("./commands/apply-fleet.js")).runFleetApply(context(command), planPaths, options);
    });

  program
    .command("check")
    .description(
      "check, read-only, whether Recovery Services vaults can take v2 backup private endpoints (exit 3 if any cannot)",
    )
    .argument("[vault...]", "vault ids (default: every Recovery Services vault in the chosen subscriptions)")
    .option(
      "--nsg <id>",
      "a workload subnet's NSG to check for outbound 443 to Microsoft Entra ID (repeatable)",
      collectRepeated,
      [],
    )
    .option(
      "--workload <kind>",
      "what the vaults will protect: sql, hana, mars, dpm:YEAR, mabs:MAJOR, azure-vm, azure-files (repeatable)",
      collectRepeated,
      [],
    )
    .action(async (vaultIds: string[], options: CheckCommandOptions, command: Command) =>
      (await import("./commands/check.js")).runCheck(context(command), vaultIds, options),
    );

  program
    .command("show")
    .description("print a readable summary of a plan (checks it without touching Azure)")
    .argument("<plan>", "plan file")
    .addOption(
      new Option("--format <format>", "summary with its topology, or the topology as a Mermaid diagram")
        .choices(["text", "mermaid"])
        .default("text"),
    )
    .action(async (planPath: string, options: { format: "text" | "mermaid" }, command: Command) =>
      (await import("./commands/show.js")).runShow(context(command), planPath, options.format),
    );

  program
    .command("approve")
    .description(
      "for the vault's owner: approve (or reject) the plan's manual endpoint connections, then finish what waited for them",
    )
    .argument("<plan>", "plan file")
    .option("--yes", "approve without asking (for scripts)")
    .option("--reject", "reject the pending connections instead")
    .action(async (planPath: string, options: ApproveCommandOptions, command: Command) => {
      outcome.exitCode = await (await import("./commands/approve.js")).runApprove(
        context(command),
        planPath,
        options,
      );
    });

  program
    .command("verify")
    .description("check endpoints, approvals, records, links and name resolution against a plan (reads only)")
    .argument("<plan>", "plan file")
    .option(
      "--dns-server <ip[:port]>",
      "resolve the names clients ask through this DNS server (default: the system's DNS servers)",
    )
    .option(
      "--hosts-file <path>",
      "read this hosts file first, as the machine does (a hosts-file plan reads /etc/hosts or Windows' unless given)",
    )
    .action(async (planPath: string, options: VerifyCommandOptions, command: Command) =>
      (await import("./commands/verify.js")).runVerify(context(command), planPath, options),
    );

  program
    .command("resolve")
    .description(
      "predict what each workload VNet resolves for the names clients ask, with the path and the fix (reads only)",
    )
    .argument("<plan>", "plan file")
    .option(
      "--vnet <id...>",
      "also predict for these VNets (ARM ids), besides the plan's endpoint and linked VNets",
    )
    .action(async (planPath: string, options: ResolveCommandOptions, command: Command) =>
      (await import("./commands/resolve.js")).runResolve(context(command), planPath, options),
    );

  program
    .command("dns")
    .description(
      "DNS artefacts from the plan's live endpoints (hosts, BIND, Windows DNS, Unbound, dnsmasq, csv, forwarders); --check finds records DNS lacks (exit 4)",
    )
    .argument("<plan>", "plan file")
    .addOption(
      new Option("--format <format>", "artefact format (default: from the plan's DNS strategy)").choices(
        DNS_FORMATS,
      ),
    )
    .option("--out <dir>", "write the artefact files into DIR (atomically) instead of printing them")
    .option(
      "--write [path]",
      "edit this vault's block in the hosts file PATH (backup: PATH.vaultlink-backup); bare, with --check: update what is out of date",
    )
    .option("--dry-run", "show the diff --write or --out would make; write nothing")
    .option(
      "--check",
      "compare the endpoints' records with the zones, --out DIR or the hosts file; exit 4 when some are missing",
    )
    .option(
      "--forward-to <ip...>",
      "DNS servers inside Azure for the forwarders-* formats (default: the plan's dns.forwardTo)",
    )
    .option(
      "--zone-directory <dir>",
      "bind: where named finds the zone files (default: --out DIR, else /etc/bind/vaultlink)",
    )
    .action(async (planPath: string, options: DnsCommandOptions, command: Command) => {
      outcome.exitCode = await (await import("./commands/dns.js")).runDns(
        context(command),
        planPath,
        options,
      );
    });

  program
    .command("export")
    .description(
      "write an ARM template or deployment stacks for what a plan would create today (reads only); lists what they cannot express",
    )
    .argument("<plan>", "plan file")
    .addOption(
      new Option("--format <format>", "arm: one template; stack: a deployment stack per subscription")
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option(
      "--out <path>",
      "arm: write the template to FILE (atomically) instead of standard output; stack: the folder for the stacks' files",
    )
    .option("--all", "the whole setup the plan describes, resources Azure already holds included")
    .option("--refresh", "export against today's state instead of stopping when the plan is stale")
    .action(async (planPath: string, options: ExportCommandOptions, command: Command) =>
      (await import("./commands/export.js")).runExport(context(command), planPath, options),
    );

  program
    .command("guidance")
    .description(
      "print what workloads need outbound that the endpoints do not carry (Microsoft Entra ID, MARS updates): NSG rules, Azure Firewall rules or an FQDN list",
    )
    .argument("<plan>", "plan file")
    .addOption(
      new Option("--format <format>", "one form only (default: all three)").choices(GUIDANCE_FORMATS),
    )
    .action(async (planPath: string, options: GuidanceCommandOptions, command: Command) =>
      (await import("./commands/guidance.js")).runGuidance(context(command), planPath, options),
    );

  program
    .command("sandbox")
    .description(
      "serve the simulated Azure tenant (ARM REST) on 127.0.0.1 until Ctrl-C, for curl and other tools",
    )
    .option("--port <port>", "TCP port on 127.0.0.1 (0 picks a free one)", "0")
    .option("--dns-port <port>", "UDP and TCP port of its DNS server on 127.0.0.1 (default: a free one)")
    .option(
      "--dns-vnet <id>",
      "also answer DNS as a VM in this VNet is answered: its DNS servers, resolver inbound endpoints, forwarding rulesets and linked zones, on a port of its own (repeatable)",
      collectRepeated,
      [],
    )
    .option("--state <file>", "serve the tenant in this state file instead of the demo tenant")
    .option("--save-state <file>", "write the tenant's state to this file when stopped")
    .option(
      "--big-tenant",
      "serve a generated tenant of 500 subscriptions, 5,000 vaults and 60,000 subnets instead of the demo tenant",
    )
    .option("--log <file>", "append one JSON line per request (time, method, path, api-version, status)")
    .option("--latency <profile>", "added latency, e.g. lro=2000ms,read=20ms,write=50ms,scale=0.1")
    .option(
      "--faults <schedule>",
      "seeded fault injection, e.g. 429:0.2,503:0.1,drop:0.05,seed=7,retry-after=1",
    )
    .option(
      "--buckets <limits>",
      "ARM's throttling buckets (size:refill a second), e.g. reads=250:25,writes=200:10 (the default)",
    )
    .option(
      "--deny <action[@scope]>",
      "answer 403 AuthorizationFailed for this ARM action (under this id prefix), as to a caller without the role (repeatable)",
      collectRepeated,
      [],
    )
    .option(
      "--event <event=vault>",
      "at start, make the vault live through first-registration or first-backup (new storage records; repeatable); later: POST /_sandbox/events",
      collectRepeated,
      [],
    )
    .option("--tls", "serve https with a certificate made at start (az CLI sends tokens only over https)")
    .option("--cert <file>", "with --tls: serve this PEM certificate instead of a generated one")
    .option("--key <file>", "with --cert: the certificate's PEM private key")
    .action(async (options: SandboxCommandOptions, command: Command) =>
      (await import("./commands/sandbox.js")).runSandbox(context(command), options),
    );

  program
    .command("whoami")
    .description("sign in and show the identity, tenant and cloud vaultlink would use (never a token)")
    .action(async (_options, command: Command) =>
      (await import("./commands/whoami.js")).runWhoami(context(command)),
    );

  program
    .command("zones")
    .description("print a region's Azure Backup geo code and the private DNS zones its endpoints need")
    .argument("<region>", "Azure region, e.g. westeurope or 'West Europe'")
    .action(async (region: string, _options, command: Command) =>
      (await import("./commands/zones.js")).runZones(context(command), region),
    );

  for (const command of program.commands) {
    command.configureHelp({ showGlobalOptions: true });
    const examples = EXAMPLES[command.name()] ?? [];
    command.addHelpText(
      "after",
      `${examples.length > 0 ? `\nExamples:\n${examples.map((e) => `  ${e}`).join("\n")}\n` : ""}${EXIT_CODES_HELP}`,
    );
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = normaliseSandboxFlag(argv.slice(2));
  const outcome: CommandOutcome = { exitCode: ExitCode.ok };
  try {
    await buildProgram(io, outcome).parseAsync(args, { from: "user" });
    return outcome.exitCode;
  } catch (error) {
    return reportError(error, io, args.includes("--no-color"));
  }
}

function reportError(error: unknown, io: CliIo, noColorFlag: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version end through exitOverride too; commander has already printed them.
    if (error.exitCode === 0) return ExitCode.ok;
    return ExitCode.badInput;
  }
  const err = createPrinter(io.stderr, colorWanted(io.stderr, noColorFlag, io.env));
  if (error instanceof UserError) {
    err.line(`${err.style("red", "Error:")} ${error.message}`);
    if (error.hint !== undefined) err.line(`${err.style("dim", "Hint:")} ${error.hint}`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? error.message : String(error);
  err.line(`${err.style("red", "Internal error:")} ${detail}`);
  err.line("This is a bug in vaultlink, not something you did. Please report it with the command you ran.");
  if (io.env.VAULTLINK_DEBUG === "1" && error instanceof Error && error.stack) err.line(error.stack);
  else err.line("(Set VAULTLINK_DEBUG=1 to print the stack trace.)");
  return ExitCode.failure;
}
