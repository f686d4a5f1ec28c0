import { Type } from 'typebox';

/** The web app's settings, read by whichever process serves it (the embedded app, the gateway). */
export const WebEnv = {
  SHOP_LOCALE: Type.Union([Type.Literal('id'), Type.Literal('en')], {
    default: 'id',
    description: "The shop's language for visitors who have not chosen one (prices and dates follow it)",
  }),
};
