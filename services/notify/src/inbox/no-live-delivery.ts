import type { LiveDelivery } from '../live/live-delivery.ts';

/**
 * Live delivery that reaches nobody: what notify uses until its live connections are wired in.
 * Notifications are still kept in the inbox, so a client reads them on its next visit.
 */
export const noLiveDelivery: LiveDelivery = {
  toMember: async () => {},
  toTopic: async () => {},
};
