/**
 * Freezes a value and everything in it, so a caller mutating a value it got from an in-process
 * store cannot change what the next caller gets (with Redis every read is a fresh copy; this keeps
 * the adapters behaving alike).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
