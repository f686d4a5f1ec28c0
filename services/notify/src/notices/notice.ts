import type { NotificationKind } from '../live/live-delivery.ts';

/** What one member is to be told about one event, before preferences decide where it goes. */
export interface Notice {
  memberId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path inside the shop. */
  link: string | null;
  data: Record<string, string | number>;
}
