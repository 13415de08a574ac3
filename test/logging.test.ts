import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/http/server.ts';

describe('request logs', () => {
  it('replace personal search values in logged URLs and keep the rest', () => {
    expect(redactUrl('/api/v1/customers?idNumber=330106199001011234&page=2')).toBe('/api/v1/customers?idNumber=***&page=2');
    expect(redactUrl('/api/v1/members?page=1&mobile=13812345678&name=%E5%BC%A0')).toBe('/api/v1/members?page=1&mobile=***&name=***');
    expect(redactUrl('/api/v1/audit?action=pii.view')).toBe('/api/v1/audit?action=pii.view');
  });
});
