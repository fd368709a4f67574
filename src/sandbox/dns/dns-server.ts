import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket } from "node:net";
import dnsPacket, { type DecodedPacket, type Packet } from "dns-packet";
import type { DnsQuestion, Resolution } from "./private-resolver.js";

/**
 * The sandbox's DNS listener: UDP and TCP on one loopback port (RFC 1035 4.2; RFC 7766 says a server must
 * answer over TCP too), each message encoded and decoded by dns-packet. It answers one question per query;
 * what to answer is the resolver's business.
 */
export interface DnsAddress {
  readonly host: "127.0.0.1";
  readonly port: number;
}

export interface RunningDnsServer {
  readonly address: DnsAddress;
  close(): Promise<void>;
}

export type Answerer = (question: DnsQuestion) => Resolution;

const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
type Rcode = keyof typeof RCODES;

/** RFC 1035 2.3.4: a UDP answer larger than this is truncated, and the client retries over TCP. */
const UDP_LIMIT = 512;

function reply(query: DecodedPacket, rcode: Rcode, resolution?: Resolution): Packet {
  const recursionDesired = query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
  // Azure's resolver is recursive (RA); it does not answer as the zone's authority (no AA).
  return {
    type: "response",
    id: query.id ?? 0,
    flags: recursionDesired | dnsPacket.RECURSION_AVAILABLE | RCODES[rcode],
    questions: query.questions ?? [],
    answers: resolution?.answers ?? [],
    authorities: resolution?.authorities ?? [],
  };
}

/** The answer to one wire message, or undefined when it is too broken to answer at all. */
export function answerMessage(message: Buffer, answer: Answerer): Packet | undefined {
  let query: DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    if (message.length < 2) return undefined;
    return { type: "response", id: message.readUInt16BE(0), flags: RCODES.FORMERR, questions: [] };
  }
  if (query.flag_qr) return undefined;
  const opcode = (query as DecodedPacket & { opcode?: string }).opcode;
  if (opcode !== undefined && opcode !== "QUERY") return reply(query, "NOTIMP");
  const [question, ...more] = query.questions ?? [];
  if (question === undefined || more.length > 0) return reply(query, "FORMERR");
  try {
    const resolution = answer({ name: question.name, type: question.type });
    return reply(query, resolution.rcode, resolution);
  } catch {
    return reply(query, "SERVFAIL");
  }
}

function encodeForUdp(packet: Packet): Buffer {
  const full = dnsPacket.encode(packet);
  if (full.length <= UDP_LIMIT) return full;
  return dnsPacket.encode({
    ...packet,
    flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE,
    answers: [],
    authorities: [],
  });
}

function serveTcp(socket: Socket, answer: Answerer): void {
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) return;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      const packet = answerMessage(message, answer);
      if (packet !== undefined) socket.write(dnsPacket.streamEncode(packet));
    }
  });
  socket.on("error", () => socket.destroy());
}

async function bindUdp(port: number, answer: Answerer): Promise<UdpSocket> {
  const udp = createSocket("udp4");
  udp.on("message", (message, peer) => {
    const packet = answerMessage(message, answer);
    if (packet !== undefined) udp.send(encodeForUdp(packet), peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, "127.0.0.1", () => {
      udp.off("error", reject);
      resolve();
    });
  });
  return udp;
}

async function listenTcp(port: number, answer: Answerer): Promise<Server> {
  const tcp = createServer((socket) => serveTcp(socket, answer));
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => {
      tcp.off("error", reject);
      resolve();
    });
  });
  return tcp;
}

/**
 * Listens on 127.0.0.1:`port` for UDP and TCP. With port 0 the system picks a free UDP port and TCP takes
 * the same number; if TCP finds it taken, both try again on a new one.
 */
export async function startDnsServer(answer: Answerer, port = 0): Promise<RunningDnsServer> {
  for (let attempt = 1; ; attempt++) {
    const udp = await bindUdp(port, answer);
    const bound = udp.address().port;
    try {
      const tcp = await listenTcp(bound, answer);
      const open = new Set<Socket>();
      tcp.on("connection", (socket) => {
        open.add(socket);
        socket.on("close", () => open.delete(socket));
      });
      return {
        address: { host: "127.0.0.1", port: bound },
        close: async () => {
          await new Promise<void>((resolve) => udp.close(() => resolve()));
          for (const socket of open) socket.destroy();
          await new Promise<void>((resolve) => tcp.close(() => resolve()));
        },
      };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      const taken = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      if (port !== 0 || !taken || attempt >= 5) throw error;
    }
  }
}
