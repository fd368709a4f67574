import { createServer, type IncomingMessage, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the proxy saw it arrive: its method, path and body. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

export interface WatchingProxy {
  /** Where to point `--sandbox`. */
  readonly url: string;
  /** Requests forwarded and not answered yet, or held. */
  inFlight(): readonly SeenRequest[];
  /** Every request received, in order of arrival. */
  seen(): readonly SeenRequest[];
  /** Requests the predicate names wait at the proxy until released; the rest pass. */
  hold(predicate: (request: SeenRequest) => boolean): void;
  /** Forwards every held request and holds no more. */
  release(): void;
  /** Told of each request as it arrives, with what is in flight then (itself included). */
  onArrival(listener: (request: SeenRequest, inFlight: readonly SeenRequest[]) => void): void;
  close(): Promise<void>;
}

function bodyOf(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * A loopback HTTP proxy in front of the sandbox that sees what a vaultlink process sends: which requests are in flight
 * at once (counted as they arrive and are answered, never by timing), and requests held back until the test lets them
 * through — the sandbox answers them all, the proxy only watches and waits.
 */
export async function startWatchingProxy(target: string): Promise<WatchingProxy> {
  const upstream = new URL(target);
  const flying = new Set<SeenRequest>();
  const all: SeenRequest[] = [];
  const held: (() => void)[] = [];
  let holding: ((request: SeenRequest) => boolean) | undefined;
  const listeners: ((request: SeenRequest, inFlight: readonly SeenRequest[]) => void)[] = [];
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const seen: SeenRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      body: body.toString("utf8"),
    };
    all.push(seen);
    flying.add(seen);
    for (const listener of listeners) listener(seen, [...flying]);
    const forward = () => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: seen.method,
          path: seen.path,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", () => flying.delete(seen));
        },
      );
      out.on("error", () => {
        flying.delete(seen);
        res.destroy();
      });
      out.end(body);
    };
    if (holding?.(seen) === true) held.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: () => [...flying],
    seen: () => all,
    hold(predicate) {
      holding = predicate;
    },
    release() {
      holding = undefined;
      for (const forward of held.splice(0)) forward();
    },
    onArrival(listener) {
      listeners.push(listener);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
