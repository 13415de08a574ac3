import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { redactUrl } from '../src/http/server.ts';

describe('request logs', () => {
  it('replace personal search values in logged URLs and keep the rest', () => {
    expect(redactUrl('/api/v1/customers?idNumber=330106199001011234&page=2')).toBe('/api/v1/customers?idNumber=***&page=2');
    expect(redactUrl('/api/v1/members?page=1&mobile=13812345678&name=%E5%BC%A0')).toBe('/api/v1/members?page=1&mobile=***&name=***');
    expect(redactUrl('/api/v1/audit?action=pii.view')).toBe('/api/v1/audit?action=pii.view');
    expect(redactUrl('/api/v1/calls/lookup?number=13812345678')).toBe('/api/v1/calls/lookup?number=***');
  });
});

describe('unhandled database errors in the logs', () => {
  it('keep the SQL text, the SQLSTATE and the names, but no parameter or quoted value', async () => {
    const { loggableError } = await import('../src/http/errors.ts');
    const { openTestDb } = await import('./helpers/db.ts');
    const db = await openTestDb();
    try {
      const mobile = '13812345678';
      let caught: unknown;
      try {
        await db.db.execute(sql`SELECT id FROM customers WHERE id = ${99999999999} AND mobile = ${mobile}`);
      } catch (e) { caught = e; }
      expect(caught).toBeInstanceOf(Error);
      // what the logger received before: the parameters in the message and in the error's own fields
      expect(JSON.stringify({ message: (caught as Error).message, ...(caught as object) })).toContain(mobile);
      const logged = JSON.stringify(loggableError(caught));
      expect(logged).not.toContain(mobile);
      expect(logged).not.toContain('99999999999');
      expect(logged).toContain('22003'); // numeric_value_out_of_range
      expect(logged).toContain('customers'); // the SQL text, with its placeholders
      const plain = loggableError(new TypeError('x is undefined'));
      expect(plain).toMatchObject({ type: 'TypeError', message: 'x is undefined' });
    } finally {
      await db.destroy();
    }
  });
});
