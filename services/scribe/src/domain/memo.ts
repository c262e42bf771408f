/**
 * `compute`, remembered for the last `size` distinct keys (the least recently used is dropped
 * first): for pure functions asked the same thing again and again, such as the warm path parsing
 * the same remembered descriptions for every request. Results are shared: callers must not change
 * them.
 */
export function boundedMemo<A, V>(
  compute: (arg: A) => V,
  size: number,
  keyOf: (arg: A) => string,
): (arg: A) => V {
  const cache = new Map<string, V>();
  return (arg) => {
    const key = keyOf(arg);
    if (cache.has(key)) {
      const hit = cache.get(key) as V;
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = compute(arg);
    cache.set(key, value);
    if (cache.size > size) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return value;
  };
}
