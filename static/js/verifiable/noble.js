// The one place the browser code names the vendored noble files (static/vendor/, made by `make js`
// from package-lock.json). Every other module imports the group and the hashes from here.
export { ristretto255 } from '../../vendor/noble/curves/ed25519.js';
export { sha256, sha512 } from '../../vendor/noble/hashes/sha2.js';
