// The one import of Temporal: when Node ships it natively, swap this line for `globalThis.Temporal`.
export { Temporal } from 'temporal-polyfill';
