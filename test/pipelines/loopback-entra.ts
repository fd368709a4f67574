import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { LoopbackCertificate } from "../../src/sandbox/tls-certificate.js";

/** What a pipeline's identity is in this test: the app registration its federated credential belongs to. */
export const PIPELINE_IDENTITY = {
  clientId: "5d1f3c9a-2b7e-4f60-8a19-c4e7b2d05f31",
  tenantId: "0b6e1f2c-9d3a-4c85-b7e4-1f2a3c4d5e6f",
} as const;

const base64url = (value: string) => Buffer.from(value).toString("base64url");

/** An unsigned JWT with the given claims (nothing here checks signatures; vaultlink only reads the claims). */
export function jwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ typ: "JWT", alg: "none" }))}.${base64url(JSON.stringify(claims))}.`;
}

/** The OIDC token a CI system issues for a job (GitHub's `ACTIONS_ID_TOKEN_REQUEST_URL`, Azure DevOps' `idToken`). */
export const FEDERATED_TOKEN = jwt({
  iss: "https://token.actions.githubusercontent.com",
  sub: "repo:contoso/backup-endpoints:pull_request",
  aud: "api://AzureADTokenExchange",
});

export interface TokenRequest {
  readonly path: string;
  readonly form: Readonly<Record<string, string>>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * Microsoft Entra ID as workload identity federation uses it, on 127.0.0.1 over https (MSAL refuses an http
 * authority): the tenant's OpenID configuration, and the token endpoint's client-credentials grant with a client
 * assertion (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential).
 * It issues an ARM token only for the pipeline's client id presenting the CI system's federated token; anything
 * else gets Entra's `invalid_client`. Every token request is kept for the test to read.
 */
export async function startLoopbackEntra(certificate: LoopbackCertificate) {
  const tokenRequests: TokenRequest[] = [];
  const server = createHttpsServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tenant = url.pathname.split("/")[1] ?? "";
      if (req.method === "GET" && url.pathname.endsWith("/v2.0/.well-known/openid-configuration")) {
        json(res, 200, {
          issuer: `${base}/${tenant}/v2.0`,
          authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
          response_types_supported: ["code", "id_token", "token"],
          token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt"],
        });
        return;
      }
      if (req.method === "POST" && url.pathname.endsWith("/oauth2/v2.0/token")) {
        const form = Object.fromEntries(new URLSearchParams(await bodyOf(req)));
        tokenRequests.push({ path: url.pathname, form });
        const federated =
          form.grant_type === "client_credentials" &&
          form.client_assertion_type === "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" &&
          form.client_assertion === FEDERATED_TOKEN &&
          form.client_id === PIPELINE_IDENTITY.clientId &&
          tenant === PIPELINE_IDENTITY.tenantId;
        if (!federated) {
          json(res, 401, {
            error: "invalid_client",
            error_description:
              "AADSTS700213: No matching federated identity record found for presented assertion subject.",
          });
          return;
        }
        const now = Math.floor(Date.now() / 1000);
        json(res, 200, {
          token_type: "Bearer",
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: jwt({
            aud: "https://management.azure.com/",
            iss: `https://sts.windows.net/${tenant}/`,
            iat: now,
            nbf: now,
            exp: now + 3599,
            appid: PIPELINE_IDENTITY.clientId,
            oid: "7c2e9a41-3f6b-4d08-9e15-a2b4c6d8e0f1",
            tid: tenant,
            idtyp: "app",
          }),
        });
        return;
      }
      json(res, 404, { error: "not_found", error_description: `${req.method} ${url.pathname}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokenRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request a CI system's own service received from a step (the OIDC token request, a pull-request comment). */
export interface CiRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/**
 * The CI system's own services on loopback: GitHub's OIDC token request URL (answers `{"value": <federated token>}`
 * to the runtime's request token) and Azure DevOps' pull-request threads API (records the comment).
 */
export async function startLoopbackCi() {
  const requests: CiRequest[] = [];
  const server = createHttpServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const request = {
        method: req.method ?? "GET",
        path: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        body: await bodyOf(req),
      };
      requests.push(request);
      if (url.pathname === "/oidc-token") {
        const audienceOk = url.searchParams.get("audience") === "api://AzureADTokenExchange";
        if (req.headers.authorization !== "bearer request-token" || !audienceOk) {
          json(res, 401, { message: "Bad credentials or audience" });
          return;
        }
        json(res, 200, { value: FEDERATED_TOKEN, count: 1 });
        return;
      }
      if (
        req.method === "POST" &&
        /\/_apis\/git\/repositories\/[^/]+\/pullRequests\/\d+\/threads$/.test(url.pathname)
      ) {
        json(res, 200, { id: 1, status: "active", comments: JSON.parse(request.body).comments });
        return;
      }
      json(res, 404, { message: `${req.method} ${url.pathname}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
