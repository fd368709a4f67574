import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { runTool } from "./run-tool.js";

/** A UDP port on 127.0.0.1 the OS just handed out (bound to port 0, then released for the server to take). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server on a free loopback port, taking another port when the one picked was taken in the meantime: a
 * port is free only when asked, and other tests (a sandbox's HTTP or DNS listener) may take it before the server
 * binds it, for UDP or TCP.
 */
export async function onFreeLoopbackPort(
  start: (port: number) => Promise<RunningServer>,
): Promise<RunningServer> {
  const attempts = 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freeLoopbackPort());
    } catch (error) {
      const taken = error instanceof Error && /address already in use/i.test(error.message);
      if (!taken || attempt === attempts) throw error;
    }
  }
}

export interface RunningServer {
  readonly port: number;
  readonly stop: () => Promise<void>;
}

/**
 * Starts a DNS server in the foreground and resolves once it logs `ready`, which both servers below do only after
 * their sockets are bound; rejects with the server's output if it exits first.
 */
function startServer(
  command: string,
  args: readonly string[],
  ready: RegExp,
  port: number,
): Promise<RunningServer> {
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (ready.test(output)) resolve({ port, stop });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      reject(new Error(`${command} exited (${code ?? signal}) before it started:\n${output}`));
    });
  });
}

/**
 * dnsmasq on 127.0.0.1:port with only the given config: no /etc/resolv.conf, no /etc/hosts, so every answer
 * comes from the generated records. It logs "started, version" once listening.
 */
export function startDnsmasq(dnsmasq: string, confFile: string, port: number): Promise<RunningServer> {
  const args = [
    "--keep-in-foreground",
    "--no-resolv",
    "--no-hosts",
    `--conf-file=${confFile}`,
    "--listen-address=127.0.0.1",
    "--bind-interfaces",
    `--port=${port}`,
    "--pid-file=",
    "--log-facility=-",
  ];
  return startServer(dnsmasq, args, /\bstarted, version\b/, port);
}

/**
 * unbound on 127.0.0.1:port, in the foreground, with a config that includes `include`. It logs "start of service"
 * once listening. No upstream is reachable from a test: names outside the local data fail, which is the point.
 */
export async function startUnbound(unbound: string, mainConf: string, port: number): Promise<RunningServer> {
  return startServer(unbound, ["-d", "-c", mainConf], /start of service/, port);
}

/**
 * A minimal unbound.conf that includes a generated file: no chroot, no user switch, loopback only. With
 * `upstreamPort`, every other name is forwarded to a server on 127.0.0.1 at that port (and never to the internet).
 */
export function unboundMainConf(
  directory: string,
  include: string,
  port: number,
  upstreamPort?: number,
): string {
  const upstream =
    upstreamPort === undefined
      ? []
      : [
          "  do-not-query-localhost: no",
          "forward-zone:",
          '  name: "."',
          `  forward-addr: 127.0.0.1@${upstreamPort}`,
        ];
  return [
    "server:",
    '  chroot: ""',
    '  username: ""',
    `  directory: "${directory}"`,
    '  pidfile: ""',
    "  interface: 127.0.0.1",
    `  port: ${port}`,
    "  do-daemonize: no",
    "  use-syslog: no",
    '  logfile: ""',
    "  verbosity: 1",
    "  do-ip6: no",
    `include: "${include}"`,
    ...upstream,
    "",
  ].join("\n");
}

/**
 * Asks the server for the A records of every name in one dig run and returns the addresses found per name
 * (names lower-case without the final dot, addresses sorted). Names with no answer are absent.
 */
export async function resolveAll(
  dig: string,
  port: number,
  names: readonly string[],
): Promise<Map<string, string[]>> {
  const run = await runTool(dig, [
    "@127.0.0.1",
    "-p",
    String(port),
    "+noall",
    "+answer",
    "+tries=1",
    "+time=2",
    ...names.flatMap((name) => [name, "A"]),
  ]);
  if (run.code !== 0) throw new Error(`dig failed (${run.code}):\n${run.output}`);
  const answers = new Map<string, string[]>();
  for (const line of run.output.split("\n")) {
    const [owner, , , type, address] = line.trim().split(/\s+/);
    if (owner === undefined || type !== "A" || address === undefined) continue;
    const name = owner.toLowerCase().replace(/\.$/, "");
    answers.set(name, [...(answers.get(name) ?? []), address].sort());
  }
  return answers;
}
