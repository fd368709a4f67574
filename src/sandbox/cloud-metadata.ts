import type { Reply } from "./context.js";
import { MANAGED_IDENTITY_PATH } from "./managed-identity.js";

/**
 * ARM's cloud metadata, `GET /metadata/endpoints` (no sign-in needed), which a client reads to learn a cloud from its
 * ARM endpoint alone: `az cloud register --endpoint-resource-manager URL` fills the sign-in endpoints and the token
 * audience from it, as it does for Azure Stack Hub
 * (https://learn.microsoft.com/azure-stack/user/azure-stack-version-profiles-azurecli2#connect-to-azure-stack-hub).
 * Two shapes, as ARM answers them: `api-version=2015-01-01` (what az CLI 2.45 asks through msrestazure) gives one
 * object; 2019-05-01 and later give a list of clouds
 * (https://management.azure.com/metadata/endpoints?api-version=2019-05-01).
 *
 * The sandbox has no sign-in service: the login endpoint it names is its own (an unknown path there answers 404), so
 * a client that tried an interactive sign-in would stay on this machine. Tokens come from the managed-identity route.
 */
export const CLOUD_METADATA_PATH = "/metadata/endpoints";

/** The audience clients ask tokens for; the public cloud's, so clients' defaults work unchanged. */
const AUDIENCES = ["https://management.core.windows.net/", "https://management.azure.com/"];

export function cloudMetadata(url: URL, base: string): Reply {
  const loginEndpoint = `${base}/_sandbox/login/`;
  const apiVersion = url.searchParams.get("api-version") ?? "2015-01-01";
  if (apiVersion < "2019-05-01") {
    return {
      status: 200,
      body: {
        galleryEndpoint: `${base}/`,
        graphEndpoint: `${base}/_sandbox/graph/`,
        portalEndpoint: `${base}/`,
        authentication: { loginEndpoint, audiences: AUDIENCES },
      },
    };
  }
  return {
    status: 200,
    body: [
      {
        name: "VaultlinkSandbox",
        resourceManager: `${base}/`,
        portal: `${base}/`,
        gallery: `${base}/`,
        graph: `${base}/_sandbox/graph/`,
        authentication: { loginEndpoint, audiences: AUDIENCES, tenant: "common", identityProvider: "AAD" },
        managedIdentityEndpoint: `${base}${MANAGED_IDENTITY_PATH}`,
        suffixes: {},
      },
    ],
  };
}
