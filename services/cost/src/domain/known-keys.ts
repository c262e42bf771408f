/**
 * A misspelt key in a data file (budgets, prices) would otherwise be ignored and its value silently
 * fall back to a default (or to no limit at all), so every key that means nothing here is a problem,
 * named by its path.
 */
export function unknownKeys(
  map: Record<string, unknown>,
  path: string,
  keys: readonly string[],
  problems: string[],
): void {
  for (const key of Object.keys(map))
    if (!keys.includes(key)) problems.push(`${path}${key}: unknown key (expected one of ${keys.join(', ')})`);
}
