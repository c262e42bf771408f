export * from './spec';
export * from './load';
export * from './common';
export * from './run-main';
export * from './hangups';
