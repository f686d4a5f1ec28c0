import { Type } from 'typebox';
import type { Static } from 'typebox';

/** An Ed25519 public key as JWKS publishes it. */
export const PublicJwk = Type.Object(
  {
    kty: Type.String(),
    crv: Type.String(),
    x: Type.String(),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String(),
  },
  { additionalProperties: false },
);
export type PublicJwk = Static<typeof PublicJwk>;

export const Jwks = Type.Object({ keys: Type.Array(PublicJwk) }, { additionalProperties: false });
export type Jwks = Static<typeof Jwks>;
