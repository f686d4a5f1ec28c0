export const ROLES = ['member', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Caller {
  id: string;
  role: Role;
  /** The token's id, for revoking exactly this token (logout). */
  tokenId: string;
  /** When the token expires, seconds since the epoch. */
  expiresAt: number;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
