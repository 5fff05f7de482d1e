import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.WHARF_URL).toBe('http://127.0.0.1:3000');
    expect(env.WHARF_DATA_DIR).toBe(path.resolve('./data'));
    expect(env.TOKEN_LIFETIME).toBe(900);
    expect(env.REGISTRY_SERVICE).toBe('wharf-registry');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.LDAP_TLS_VERIFY).toBe(true);
  });

  it('runs the embedded registry when REGISTRY_URL is unset, and an external one when it is set', () => {
    const embedded = parseEnv({});
    expect(embedded.EMBEDDED_REGISTRY).toBe(true);
    expect(embedded.REGISTRY_URL).toBe('http://127.0.0.1:5000');
    expect(parseEnv({ HOST: '::', WHARF_EMBEDDED_REGISTRY_PORT: '5001' }).REGISTRY_URL).toBe(
      'http://127.0.0.1:5001',
    );
    expect(parseEnv({ HOST: '::1' }).REGISTRY_URL).toBe('http://[::1]:5000');
    expect(parseEnv({ HOST: '10.0.0.5' }).REGISTRY_URL).toBe('http://10.0.0.5:5000');
    // Existing deployments that name their registry keep it, and an empty value means unset.
    const external = parseEnv({ REGISTRY_URL: 'http://registry:5000/' });
    expect(external.EMBEDDED_REGISTRY).toBe(false);
    expect(external.REGISTRY_URL).toBe('http://registry:5000');
    expect(parseEnv({ REGISTRY_URL: '' }).EMBEDDED_REGISTRY).toBe(true);
    expect(() => parseEnv({ WHARF_EMBEDDED_REGISTRY_PORT: 'x' })).toThrow(
      /^Invalid setting WHARF_EMBEDDED_REGISTRY_PORT: /,
    );
  });

  it('parses durations and booleans', () => {
    const env = parseEnv({
      TOKEN_LIFETIME: '2h',
      SESSION_MAX_AGE: '90',
      TRUST_PROXY: 'yes',
      LDAP_TLS_VERIFY: 'false',
    });
    expect(env.TOKEN_LIFETIME).toBe(7200);
    expect(env.SESSION_MAX_AGE).toBe(90);
    expect(env.TRUST_PROXY).toBe(1);
    expect(env.LDAP_TLS_VERIFY).toBe(false);
  });

  it('takes TOKEN_KEY_TYPE rsa or ec, leaves it unset by default (rsa for a new key), names a wrong value', () => {
    expect(parseEnv({}).TOKEN_KEY_TYPE).toBeUndefined();
    expect(parseEnv({ TOKEN_KEY_TYPE: 'ec' }).TOKEN_KEY_TYPE).toBe('ec');
    expect(parseEnv({ TOKEN_KEY_TYPE: 'rsa' }).TOKEN_KEY_TYPE).toBe('rsa');
    expect(() => parseEnv({ TOKEN_KEY_TYPE: 'ecdsa' })).toThrow(
      'Invalid setting TOKEN_KEY_TYPE: must be rsa (RSA 2048, RS256) or ec (ECDSA P-256, ES256) (got "ecdsa")',
    );
  });

  it("LOG_LEVEL is info by default, takes pino's levels, and names a wrong one", () => {
    expect(parseEnv({}).LOG_LEVEL).toBe('info');
    for (const level of ['trace', 'debug', 'warn', 'error', 'fatal', 'silent'])
      expect(parseEnv({ LOG_LEVEL: level }).LOG_LEVEL).toBe(level);
    expect(() => parseEnv({ LOG_LEVEL: 'verbose' })).toThrow(/^Invalid setting LOG_LEVEL: .*"verbose"/);
  });

  it('TRUST_PROXY is false, true (one hop) or a number of proxy hops', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => parseEnv({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY: must be false, true or a number/);
    expect(() => parseEnv({ TRUST_PROXY: '10.0.0.0/8' })).toThrow(/TRUST_PROXY/);
  });

  it('AUDIT_RETENTION_DAYS is 90 days by default, 0 keeps everything; WEBHOOK_ALLOW_PRIVATE is off', () => {
    expect(parseEnv({}).AUDIT_RETENTION_DAYS).toBe(90);
    expect(parseEnv({}).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(parseEnv({ AUDIT_RETENTION_DAYS: '0', WEBHOOK_ALLOW_PRIVATE: 'true' })).toMatchObject({
      AUDIT_RETENTION_DAYS: 0,
      WEBHOOK_ALLOW_PRIVATE: true,
    });
    for (const bad of ['-1', '7.5', 'forever'])
      expect(() => parseEnv({ AUDIT_RETENTION_DAYS: bad })).toThrow(/Invalid setting AUDIT_RETENTION_DAYS/);
  });

  it('names the wrong setting in one line', () => {
    expect(() => parseEnv({ PORT: 'abc' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'abc' })).toThrow(/^Invalid setting PORT: .*\(got "abc"\)$/);
    expect(() => parseEnv({ TOKEN_LIFETIME: 'soon' })).toThrow(/TOKEN_LIFETIME: must be a duration/);
    expect(() => parseEnv({ WHARF_URL: 'ftp://x' })).toThrow(/WHARF_URL/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgresql/);
  });

  it('never echoes a secret value in the error', () => {
    try {
      parseEnv({ WHARF_ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/WHARF_ADMIN_PASSWORD/);
      expect((err as Error).message).not.toContain('short"');
    }
  });

  it('reads secrets from <NAME>_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wharf-env-'));
    const file = path.join(dir, 'pw');
    writeFileSync(file, 'from-a-file-123\n');
    expect(parseEnv({ WHARF_ADMIN_PASSWORD_FILE: file }).WHARF_ADMIN_PASSWORD).toBe('from-a-file-123');
    expect(() => parseEnv({ WHARF_ADMIN_PASSWORD_FILE: path.join(dir, 'missing') })).toThrow(
      /WHARF_ADMIN_PASSWORD_FILE: cannot read .* \(ENOENT\)/,
    );
    expect(() => parseEnv({ WHARF_ADMIN_PASSWORD_FILE: file, WHARF_ADMIN_PASSWORD: 'x-12345678' })).toThrow(
      /not both/,
    );
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
