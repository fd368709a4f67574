/** One pause the Azure client made because ARM's (or Resource Graph's) request budget was nearly used. */
export interface PacingWait {
  /** Whose budget: "subscription …", "the tenant", "Resource Graph". */
  readonly budget: string;
  readonly waitMs: number;
  /** The header that said the budget was low, with its value. */
  readonly header: string;
}
