import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { SandboxTls } from "./server.js";

/** A certificate for `vaultlink sandbox --tls`, with where its PEM file is (clients are told to trust that file). */
export interface LoopbackCertificate extends SandboxTls {
  readonly certFile: string;
}

/**
 * Makes a self-signed certificate for 127.0.0.1 and localhost with `openssl` (on Debian, macOS and Git for Windows),
 * so the sandbox carries no X.509 library for a development-only feature. An EC P-256 key, valid for 30 days, the
 * loopback names as subjectAltNames (clients match the host against those, not the CN: RFC 6125 section 6.4.4), and
 * `CA:TRUE` so that trusting the file (REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, curl --cacert) makes it an anchor.
 * Written to a new private folder in the temp dir; the key never leaves it.
 */
export async function generateLoopbackCertificate(): Promise<LoopbackCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "vaultlink-sandbox-tls-"));
  const certFile = join(dir, "sandbox-cert.pem");
  const keyFile = join(dir, "sandbox-key.pem");
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "30",
    "-subj",
    "/CN=vaultlink sandbox",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,digitalSignature,keyCertSign",
    "-addext",
    "extendedKeyUsage=serverAuth",
    "-keyout",
    keyFile,
    "-out",
    certFile,
  ]);
  const [cert, key] = await Promise.all([readFile(certFile, "utf8"), readFile(keyFile, "utf8")]);
  return { cert, key, certFile };
}
