import { v7 } from 'uuid';

/** A new UUIDv7: time-ordered, so ids sort by creation and index inserts stay local. */
export function newId(): string {
  return v7();
}
