import { Resolver } from "node:dns/promises";
import { UserError } from "../core/user-error.js";
import type { DnsAnswer } from "./verify-checks.js";

/** Asks one DNS server (or the system's) for A records, turning DNS errors into answers a check can judge. */
export interface NameResolver {
  /** `127.0.0.1:5353`, or `the system resolver`. */
  readonly server: string;
  resolve(fqdn: string): Promise<DnsAnswer>;
}

const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME"]);

/** Parses `IP` or `IP:PORT` (IPv4) for --dns-server. */
function parseServer(value: string): string {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  const port = match?.[2] === undefined ? 53 : Number(match[2]);
  if (match === null || port < 1 || port > 65535 || match[1]?.split(".").some((o) => Number(o) > 255)) {
    throw new UserError(`--dns-server: "${value}" is not an IPv4 address with an optional port.`, {
      hint: "Give the DNS server the workloads use, e.g. --dns-server 10.0.1.4 or --dns-server 127.0.0.1:5353.",
    });
  }
  return `${match[1]}:${port}`;
}

export function createNameResolver(server: string | undefined): NameResolver {
  // Short timeouts: a server that does not answer makes every check "unknown", it must not hang the run.
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  const address = server === undefined ? undefined : parseServer(server);
  if (address !== undefined) resolver.setServers([address]);
  return {
    server: address ?? "the system resolver",
    resolve: async (fqdn) => {
      try {
        return { kind: "addresses", addresses: await resolver.resolve4(fqdn) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        return NO_RECORD.has(code)
          ? { kind: "noRecord", code: code === "ENOTFOUND" ? "NXDOMAIN" : code }
          : { kind: "unreachable", reason: `${code}: ${(error as Error).message}` };
      }
    },
  };
}
