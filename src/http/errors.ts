// The error type and its helpers are src/errors.ts, below every layer (src/db throws them too);
// routes and module services import them from here, as they always have.
export * from '../errors.ts';
