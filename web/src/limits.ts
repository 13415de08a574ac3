// Text limits of the API, for the console's inputs. Must equal src/http/schemas.ts (longTextMax);
// src/http/limits.test.ts checks that they do.

/** Free prose (a complaint, a letter, notes, reasons, opinions, descriptions): characters. */
export const longTextMax = 100_000;
