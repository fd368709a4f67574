import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a test's server answers to every request. */
export type Answer = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoopbackServer {
  readonly url: string;
  /** Method and path of every request received, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on a free loopback port that answers every request the same broken way: what a proxy, a
 * captive portal or a hostile server could send where ARM should answer. Not the sandbox: the sandbox answers as
 * ARM does, and these answers are exactly what ARM never sends.
 */
export async function startLoopbackServer(answer: Answer): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${new URL(req.url ?? "/", "http://127.0.0.1").pathname}`);
    req.resume();
    req.on("end", () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with this status, content type and body. */
export function answerWith(status: number, contentType: string | undefined, body: string | Buffer): Answer {
  return (_req, res) => {
    res.writeHead(status, contentType === undefined ? {} : { "Content-Type": contentType });
    res.end(body);
  };
}
