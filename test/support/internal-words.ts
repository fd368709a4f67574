/** Words of the team's own notes that mean nothing to a user, who has only the product and public pages. */
export const INTERNAL_WORDS: readonly RegExp[] = [
  /\(seed\)/i,
  /\bseed[:,]/i,
  /DOMAIN-FACTS/,
  /PR #\d+/,
  /\.txt\b.*seed/i,
  /DESIGN\.md|STYLE\.md/,
];
