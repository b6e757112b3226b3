// The vendor contract lives in core (src/core/vendor.ts); kept here so vendor files and their
// tests import it from next door.
export * from '../core/vendor';
