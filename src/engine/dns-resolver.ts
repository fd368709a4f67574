import { createSocket } from "node:dgram";
import { getServers } from "node:dns";
import { connect } from "node:net";
import dnsPacket, { type Answer, type DecodedPacket, type StringAnswer } from "dns-packet";
import ipaddr from "ipaddr.js";
import { UserError } from "../core/user-error.js";

/**
 * What a client got for one name: its A records, or why there are none.
 * - `addresses`: the A records at the end of the CNAME chain.
 * - `noRecord`: the server answered, with no address: NXDOMAIN, NODATA (the name exists without an A record),
 *   REFUSED or SERVFAIL. To a client each of these means the same: no address, so the connection fails.
 * - `unreachable`: nobody answered (timeout, port closed, unreadable file): the check cannot say.
 * `cnames` lists the aliases followed, in order (`<acct>.privatelink.blob.core.windows.net` for a storage name);
 * `from` says where the answer came from when it was not the server (a hosts file line).
 */
export type DnsAnswer =
  | {
      readonly kind: "addresses";
      readonly addresses: readonly string[];
      readonly cnames?: readonly string[];
      readonly from?: string;
    }
  | { readonly kind: "noRecord"; readonly code: string; readonly cnames?: readonly string[] }
  | { readonly kind: "unreachable"; readonly reason: string };

/** Asks for a name's IPv4 addresses as a client does, through one DNS server (or the system's), or a hosts file. */
export interface NameResolver {
  /** `127.0.0.1:5353`, `the system's DNS servers (…)`, or `the hosts file …`. */
  readonly server: string;
  resolve(fqdn: string): Promise<DnsAnswer>;
}

interface ServerAddress {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
}

const RCODE_NAMES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];
/** RFC 1034 3.6.2 asks a resolver to bound the aliases it follows; the sandbox and BIND use small bounds too. */
const MAX_CNAME_CHAIN = 8;
/** Short timeouts: a server that does not answer makes every check "unknown", it must not hang the run. */
const TIMEOUT_MS = 2000;
const TRIES = 2;

/** Parses `IP` or `IP:PORT` (IPv4) for --dns-server. */
function parseServer(value: string): ServerAddress {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  const port = match?.[2] === undefined ? 53 : Number(match[2]);
  if (match === null || port < 1 || port > 65535 || match[1]?.split(".").some((o) => Number(o) > 255)) {
    throw new UserError(`--dns-server: "${value}" is not an IPv4 address with an optional port.`, {
      hint: "Give the DNS server the workloads use, e.g. --dns-server 10.0.1.4 or --dns-server 127.0.0.1:5353.",
    });
  }
  return { host: match[1] ?? "", port, family: 4 };
}

/** `getServers()` gives `1.2.3.4`, `1.2.3.4:53`, `::1` or `[::1]:53`. */
function parseSystemServer(value: string): ServerAddress | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const [host, port] = bracketed
    ? [bracketed[1] ?? "", bracketed[2]]
    : ipaddr.isValid(value)
      ? [value, undefined]
      : [value.slice(0, value.lastIndexOf(":")), value.slice(value.lastIndexOf(":") + 1)];
  if (!ipaddr.isValid(host)) return undefined;
  return { host, port: port === undefined ? 53 : Number(port), family: ipaddr.IPv4.isValid(host) ? 4 : 6 };
}

const canonical = (name: string): string => name.trim().toLowerCase().replace(/\.$/, "");

function queryPacket(name: string): Buffer {
  return dnsPacket.encode({
    type: "query",
    id: Math.floor(Math.random() * 0x10000),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: "A", name, class: "IN" }],
  });
}

class Unreachable extends Error {}

/** One query over UDP; undefined on timeout. */
function overUdp(server: ServerAddress, message: Buffer): Promise<DecodedPacket | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(server.family === 4 ? "udp4" : "udp6");
    const id = message.readUInt16BE(0);
    let settled = false;
    const done = (result: DecodedPacket | undefined, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (error === undefined) resolve(result);
      else reject(error);
    };
    const timer = setTimeout(() => done(undefined), TIMEOUT_MS);
    socket.on("message", (reply) => {
      try {
        const packet = dnsPacket.decode(reply);
        if (packet.id === id) done(packet);
      } catch {
        // A datagram that is not DNS: keep waiting for the answer.
      }
    });
    socket.on("error", (error) => done(undefined, new Unreachable(error.message)));
    socket.send(message, server.port, server.host);
  });
}

/** One query over TCP (RFC 7766), for an answer too large for UDP. */
function overTcp(server: ServerAddress, message: Buffer): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Unreachable("no answer over TCP"));
    }, TIMEOUT_MS);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 2 || pending.length < 2 + pending.readUInt16BE(0)) return;
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve(dnsPacket.decode(pending.subarray(2, 2 + pending.readUInt16BE(0))));
      } catch (error) {
        reject(new Unreachable(`undecodable answer over TCP: ${(error as Error).message}`));
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(new Unreachable(error.message));
    });
    const length = Buffer.alloc(2);
    length.writeUInt16BE(message.length);
    socket.once("connect", () => socket.write(Buffer.concat([length, message])));
  });
}

async function ask(server: ServerAddress, name: string): Promise<DecodedPacket> {
  const message = queryPacket(name);
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const packet = await overUdp(server, message);
    if (packet === undefined) continue;
    return packet.flag_tc ? overTcp(server, message) : packet;
  }
  throw new Unreachable(`no answer from ${server.host}:${server.port} after ${TRIES} tries`);
}

const rcodeOf = (packet: DecodedPacket): string => RCODE_NAMES[(packet.flags ?? 0) & 15] ?? "error";

/**
 * Resolves a name as a stub resolver does (c-ares' getaddrinfo, the Windows DNS client): ask for A, follow the
 * CNAME chain inside the answer, and when the chain ends at a name the answer holds no address for, ask again for
 * that name. A public storage name thus reaches `<acct>.privatelink.blob…` only if the server serves that alias.
 * `servers` are tried in order; REFUSED and SERVFAIL move to the next one, as resolv.conf(5) clients do.
 */
async function resolveThrough(servers: readonly ServerAddress[], fqdn: string): Promise<DnsAnswer> {
  const cnames: string[] = [];
  let name = canonical(fqdn);
  while (cnames.length <= MAX_CNAME_CHAIN) {
    let packet: DecodedPacket | undefined;
    const failures: string[] = [];
    for (const server of servers) {
      try {
        packet = await ask(server, name);
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        failures.push(error.message);
        continue;
      }
      if (!["REFUSED", "SERVFAIL"].includes(rcodeOf(packet))) break;
    }
    if (packet === undefined) return { kind: "unreachable", reason: failures.join("; ") };
    const answers: readonly Answer[] = packet.answers ?? [];
    let current = name;
    for (;;) {
      const alias = answers.find(
        (a): a is StringAnswer => a.type === "CNAME" && canonical(a.name) === current,
      );
      if (alias === undefined || cnames.length > MAX_CNAME_CHAIN) break;
      current = canonical(alias.data);
      cnames.push(current);
    }
    const addresses = answers
      .filter((a): a is StringAnswer => a.type === "A" && canonical(a.name) === current)
      .map((a) => a.data);
    if (addresses.length > 0) return { kind: "addresses", addresses: [...new Set(addresses)], cnames };
    const rcode = rcodeOf(packet);
    if (rcode !== "NOERROR") return { kind: "noRecord", code: rcode, cnames };
    if (current === name) return { kind: "noRecord", code: "NODATA", cnames };
    name = current;
  }
  return { kind: "noRecord", code: `CNAME chain longer than ${MAX_CNAME_CHAIN}`, cnames };
}

/**
 * A resolver through `server` (`IP[:PORT]`), or through the system's DNS servers (resolv.conf; the hosts file is
 * {@link hostsFileResolver}'s business) when undefined.
 */
export function createNameResolver(server: string | undefined): NameResolver {
  if (server !== undefined) {
    const address = parseServer(server);
    return {
      server: `${address.host}:${address.port}`,
      resolve: (fqdn) => resolveThrough([address], fqdn),
    };
  }
  const system = getServers().flatMap((s) => parseSystemServer(s) ?? []);
  return {
    server: `the system's DNS servers (${system.map((s) => s.host).join(", ") || "none configured"})`,
    resolve: async (fqdn) =>
      system.length === 0
        ? { kind: "unreachable", reason: "the system has no DNS server configured" }
        : resolveThrough(system, fqdn),
  };
}
