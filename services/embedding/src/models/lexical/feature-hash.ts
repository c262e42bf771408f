/**
 * The hashing trick: a named feature maps to one signed dimension. The sign (a second hash bit)
 * makes collisions cancel on average instead of piling up.
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so nearby strings spread over all dimensions.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Sparse weighted features, accumulated by name before hashing. */
export type FeatureBag = Map<string, number>;

export function addFeature(bag: FeatureBag, name: string, weight: number): void {
  bag.set(name, (bag.get(name) ?? 0) + weight);
}

/** Adds `scale` × the bag, normalised to unit length, into `into`. */
export function mergeNormalised(into: FeatureBag, bag: FeatureBag, scale: number): void {
  let norm = 0;
  for (const w of bag.values()) norm += w * w;
  if (norm === 0) return;
  const k = scale / Math.sqrt(norm);
  for (const [name, w] of bag) addFeature(into, name, w * k);
}
