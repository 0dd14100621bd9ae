// The browser's verifiable-ballot code (docs/VERIFY.md), one import for pages and tests.
export * from './group.js';
export * from './hash.js';
export * from './random.js';
export * from './elgamal.js';
export * from './proofs.js';
export * from './canonical.js';
export * from './ballot.js';
export * from './trustee.js';
export * from './channel.js';
export * from './share-file.js';
