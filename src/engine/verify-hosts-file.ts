import { readFile } from "node:fs/promises";
import ipaddr from "ipaddr.js";
import type { DnsAnswer, NameResolver } from "./dns-resolver.js";

export type HostsPlatform = "linux" | "windows";

/** Where the hosts file of a platform lives when verify is not told (`--hosts-file`). */
export function defaultHostsFilePath(platform: HostsPlatform, env: NodeJS.ProcessEnv = process.env): string {
  // %SystemRoot%\System32\drivers\etc\hosts: the path Windows documents for its hosts file.
  return platform === "windows"
    ? `${env.SystemRoot ?? "C:\\Windows"}\\System32\\drivers\\etc\\hosts`
    : "/etc/hosts";
}

interface HostsLine {
  readonly line: number;
  readonly address: string;
}

/** Every IPv4 line of a hosts file by name (lower case), in file order; comments after `#` ignored. */
function hostsLines(text: string): Map<string, HostsLine[]> {
  const byName = new Map<string, HostsLine[]>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const [address, ...names] = (raw.split("#", 1)[0] ?? "").trim().split(/\s+/);
    if (address === undefined || !ipaddr.IPv4.isValidFourPartDecimal(address)) return;
    for (const name of names) {
      const key = name.toLowerCase().replace(/\.$/, "");
      byName.set(key, [...(byName.get(key) ?? []), { line: index + 1, address }]);
    }
  });
  return byName;
}

/**
 * What a machine resolves when its hosts file comes first (`hosts: files dns` in nsswitch.conf(5); Windows reads
 * its hosts file before asking DNS): a name the file lists is answered from the file, every line of it on Linux
 * (glibc's getaddrinfo gathers them all) and the first line on Windows; a name it does not list goes to `dns`.
 * The whole file is read, not only vaultlink's block, so an older line for the same name elsewhere is seen the way
 * the machine sees it. A hosts file follows no CNAME: clients' names must be in it as they ask them.
 */
export function hostsFileResolver(
  path: string,
  platform: HostsPlatform,
  dns: NameResolver,
  read: (path: string) => Promise<string> = (p) => readFile(p, "utf8"),
): NameResolver {
  let lines: Promise<Map<string, HostsLine[]> | Error> | undefined;
  return {
    server: `the hosts file ${path}, then ${dns.server}`,
    resolve: async (fqdn): Promise<DnsAnswer> => {
      lines ??= read(path).then(hostsLines, (error: unknown) => error as Error);
      const table = await lines;
      if (table instanceof Error)
        return { kind: "unreachable", reason: `cannot read ${path}: ${table.message}` };
      const found = table.get(fqdn.toLowerCase().replace(/\.$/, ""));
      if (found === undefined || found.length === 0) return dns.resolve(fqdn);
      const used = platform === "windows" ? found.slice(0, 1) : found;
      return {
        kind: "addresses",
        addresses: [...new Set(used.map((l) => ipaddr.IPv4.parse(l.address).toString()))],
        from: `${path} line${used.length === 1 ? "" : "s"} ${used.map((l) => l.line).join(", ")}`,
      };
    },
  };
}
