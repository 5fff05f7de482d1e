import { describe, expect, it } from 'vitest';
import { csvField } from '@/lib/audit/csv';
import { CSV_COLUMNS, exportStream, type AuditRow, type BatchReader } from '@/lib/audit/queries';
import { auditScope } from '@/lib/audit/scope';
import { auditQuerySchema } from '@/lib/audit/schemas';

function rows(n: number): AuditRow[] {
  const start = Date.parse('2026-11-30T12:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: BigInt(n - i),
    at: new Date(start - Math.floor(i / 3) * 1000), // three rows per second: ties broken by id
    actorName: i === 0 ? 'eve, "the admin"' : `user${i}`,
    actorKind: 'user',
    action: 'registry.push',
    targetType: 'repository',
    target: i === 1 ? 'team/app:multi\nline' : `team/app:${i}`,
    project: 'team',
    repository: 'team/app',
    sourceIp: '10.0.0.1',
    count: 1,
    detail: i === 2 ? { note: '=HYPERLINK("x")' } : null,
  }));
}

/** A keyset reader over an in-memory table that counts its reads. */
function fakeReader(table: AuditRow[]) {
  const calls: number[] = [];
  const read: BatchReader = async (cursor, limit) => {
    calls.push(limit);
    const after = cursor
      ? table.filter((r) => r.at < cursor.at || (r.at.getTime() === cursor.at.getTime() && r.id < cursor.id))
      : table;
    return after.slice(0, limit);
  };
  return { read, calls };
}

/** RFC 4180 parser (quoted fields with doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return out;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('audit export', () => {
  it('reads one batch per pull: nothing before the client asks, never the whole table at once', async () => {
    const { read, calls } = fakeReader(rows(2500));
    const reader = exportStream(read, 'csv', 1000).getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toBe(CSV_COLUMNS.join(',') + '\r\n');
    expect(calls.length).toBeLessThanOrEqual(1);
    await reader.read();
    expect(calls.length).toBeLessThanOrEqual(2);
    await reader.cancel();
  });

  it('writes RFC 4180 CSV with a header row, every row once, in order', async () => {
    const table = rows(2500);
    const { read } = fakeReader(table);
    const parsed = parseCsv(await readAll(exportStream(read, 'csv', 1000)));
    expect(parsed[0]).toEqual([...CSV_COLUMNS]);
    expect(parsed).toHaveLength(2501);
    expect(parsed.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(parsed[1]![1]).toBe('eve, "the admin"');
    expect(parsed[2]![5]).toBe('team/app:multi\nline');
    // A cell a spreadsheet would run as a formula is text.
    expect(JSON.parse(parsed[3]![10]!)).toEqual({ note: '=HYPERLINK("x")' });
    expect(new Set(parsed.slice(1).map((r) => r[5])).size).toBe(2500);
  });

  it('writes JSON Lines, one event per line', async () => {
    const { read } = fakeReader(rows(1001));
    const lines = (await readAll(exportStream(read, 'jsonl', 1000))).trimEnd().split('\n');
    expect(lines).toHaveLength(1001);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      actor: 'eve, "the admin"',
      action: 'registry.push',
      id: '1001',
    });
  });

  it('guards spreadsheet formulas and quotes only where needed', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });
});

describe('audit scope and query', () => {
  it('names the project and repository of a target', () => {
    expect(auditScope('repository', 'team/app:1.0')).toEqual({ project: 'team', repository: 'team/app' });
    expect(auditScope('repository', 'team/sub/app@sha256:abc')).toEqual({
      project: 'team',
      repository: 'team/sub/app',
    });
    expect(auditScope('project', 'team')).toEqual({ project: 'team', repository: null });
    expect(auditScope('robot', 'robot-team.ci')).toEqual({ project: 'team', repository: null });
    expect(auditScope('user', 'alice')).toEqual({ project: null, repository: null });
  });

  it('reads times as UTC and refuses a reversed range', () => {
    const q = auditQuerySchema.parse({ from: '2026-11-01T10:00', to: '2026-11-30' });
    expect(q.from?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(auditQuerySchema.safeParse({ from: '2026-12-01', to: '2026-11-01' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ format: 'xml' }).success).toBe(false);
    expect(auditQuerySchema.parse({ actor: '' }).actor).toBeUndefined();
  });
});
