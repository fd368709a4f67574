declare const VAULTLINK_VERSION: string;

/** Set by the esbuild bundle from package.json; code run from the sources sees the development marker. */
export const version = typeof VAULTLINK_VERSION === "string" ? VAULTLINK_VERSION : "0.0.0-dev";
