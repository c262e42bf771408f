/**
 * Case-insensitive glob with `*` (any run of characters) and `?` (one character); everything else is
 * literal. Enough for the budget policy's feature patterns (`*auth*`), with no dependency and no way
 * for a pattern to smuggle in regular-expression syntax.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}
