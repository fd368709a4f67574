import { UserError } from "./user-error.js";

/**
 * The bearer token every sandbox request carries. It is not a secret: the sandbox is a local simulation
 * that only listens on loopback, and the token exists so that requests look like ARM requests (ARM answers
 * 401 without one). Real credentials are never sent to a sandbox URL.
 */
export const SANDBOX_BEARER_TOKEN = "vaultlink-sandbox-local-token";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts plain http may be used with. */
export function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_HOSTS.has(hostname.toLowerCase())) return true;
  const octets = hostname.split(".");
  return (
    octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/**
 * Parses a `--sandbox URL` value. Plain http is allowed only to loopback addresses, because the sandbox
 * token travels unencrypted and a non-loopback sandbox could be anybody's server.
 */
export function parseSandboxUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`--sandbox: "${value}" is not a URL.`, {
      hint: "Give the sandbox's base URL, for example --sandbox http://127.0.0.1:8443 (from `vaultlink sandbox`).",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`--sandbox: "${value}" uses ${url.protocol} ; only http and https are supported.`, {
      hint: "Use the URL that `vaultlink sandbox` prints, e.g. http://127.0.0.1:8443.",
    });
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new UserError(`--sandbox: "${value}" is not a loopback address.`, {
      hint: "The sandbox is served on 127.0.0.1 only; vaultlink refuses to send its token to any other host.",
    });
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new UserError(`--sandbox: "${value}" has a path or query; give only the base URL.`, {
      hint: `Use ${url.origin}`,
    });
  }
  return url;
}
