// The company's calendar: the company's time zone (config.timeZone) decides what day it is.

/** The company's date (YYYY-MM-DD) at `at`. */
export function companyDate(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
