import { Type } from 'typebox';
import type { Static } from 'typebox';
import { StringEnum } from '@pustaka/kit/http';
import { NOTIFICATION_KINDS } from '../preferences/notification-kinds.ts';

/** A notification id: a positive decimal integer, short enough to be an int8. */
export const NotificationId = Type.String({
  pattern: '^[1-9][0-9]{0,17}$',
  description: 'A notification id (decimal); ids increase in the order notifications were written',
});

export const NotificationSchema = Type.Object({
  id: NotificationId,
  kind: StringEnum(NOTIFICATION_KINDS),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String({ description: 'A path inside the shop, e.g. /orders/…' }), Type.Null()]),
  data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const MAX_NOTIFICATION_PAGE = 100;

export const NotificationListQuery = Type.Object(
  {
    before: Type.Optional({ ...NotificationId, description: 'Only notifications older than this id: the `nextBefore` of the previous page' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_NOTIFICATION_PAGE, default: 20 })),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationSchema),
  /** The `before` of the next (older) page; null on the last page. */
  nextBefore: Type.Union([NotificationId, Type.Null()]),
  unreadCount: Type.Integer({ minimum: 0 }),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationParams = Type.Object({ id: NotificationId }, { additionalProperties: false });

export const ReadAllAnswer = Type.Object({ marked: Type.Integer({ minimum: 0 }), unreadCount: Type.Integer({ minimum: 0 }) });
