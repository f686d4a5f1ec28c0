import { Type } from 'typebox';
import type { Static } from 'typebox';
import { PageOf, PageQuery } from '@pustaka/kit/http';

export const ItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Item = Static<typeof ItemSchema>;

export const ItemListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ItemListQuery = Static<typeof ItemListQuery>;

export const ItemPage = PageOf(ItemSchema);
export type ItemPage = Static<typeof ItemPage>;
